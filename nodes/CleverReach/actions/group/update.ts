import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId, itemError } from '../../../shared/parameters';
import { groupOptionalFields } from './optionalGroupFields';

export const update: Operation = {
	option: { name: 'Update', description: 'Rename or change a group', action: 'Update a group' },
	properties: [
		groupLocator(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The group fields to change; fields not added here stay as they are',
			options: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name of the group' },
				...groupOptionalFields,
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			if (!Object.keys(fields).length) {
				throw itemError(this, 'Update Fields: add at least one field to change', i);
			}
			if ('name' in fields && !String(fields.name).trim()) {
				throw itemError(this, 'Name cannot be empty', i, 'Give the group a name, or remove Name from Update Fields.');
			}
			return await cleverReachApiRequest.call(this, 'PUT', `/groups.json/${groupId}`, {
				body: fields,
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
		});
	},
};
