import type { IDataObject } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { returnAllOrLimit } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { forEachItem, getLimit, showFor, takeLimit, whereContains } from '../../../shared/utils';

export const getMany: Operation = {
	description: [
		...returnAllOrLimit('group', ['getMany']),
		...showFor('group', 'getMany', [
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Name Contains',
						name: 'nameContains',
						type: 'string',
						default: '',
						description: 'Only groups whose name contains this text (case-insensitive)',
					},
				],
			},
		]),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const limit = getLimit(this, i);
			const { nameContains } = this.getNodeParameter('filters', i, {}) as IDataObject;
			// CleverReach returns every group in one unpaged array.
			const groups = asArray(await cleverReachApiRequest.call(this, 'GET', '/groups.json', { itemIndex: i }));
			return takeLimit(whereContains(groups, nameContains, ['name']), limit);
		});
	},
};
