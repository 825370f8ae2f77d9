import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getRequiredString } from '../../../shared/parameters';
import { groupOptionalFields } from './optionalGroupFields';

export const create: Operation = {
	option: { name: 'Create', description: 'Create a group (recipient list)', action: 'Create a group' },
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Newsletter DE',
			description: 'Name of the new group (recipient list)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Optional settings of the new group: receiver info text and whether it is locked',
			options: [
				...groupOptionalFields,
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const name = getRequiredString(this, 'name', i, 'Name');
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			return await cleverReachApiRequest.call(this, 'POST', '/groups.json', {
				body: { name, ...extra },
				itemIndex: i,
			});
		});
	},
};
