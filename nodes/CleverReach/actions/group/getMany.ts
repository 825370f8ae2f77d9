import type { IDataObject } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit } from '../../../shared/parameters';
import { takeLimit, whereContains } from '../../../shared/lists';
import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { outputProperties, readOutput } from '../../../shared/output';
import { GROUP_OUTPUT } from './groupOutput';

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'List the groups (recipient lists) of the account, optionally with each group’s receiver counts',
		action: 'Get many groups',
	},
	properties: [
		...returnAllOrLimit(),
		filtersCollection('Conditions the groups must meet (checked by the node on the list CleverReach returns)', [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only groups whose name contains this text (case-insensitive)',
			},
		]),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'Extra data to add to each group',
			options: [
				{
					displayName: 'Include Receiver Counts',
					name: 'includeStats',
					type: 'boolean',
					default: false,
					description:
						'Whether to add each group’s receiver counts (total, active, inactive, bounced, orders, quality) as "stats", e.g. to find the largest group in one call. One request per group; CleverReach caches these counts for a while, so they may lag behind recent changes.',
				},
			],
		},
		...outputProperties(GROUP_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, GROUP_OUTPUT);
			const limit = getLimit(this, i);
			const { nameContains } = this.getNodeParameter('filters', i, {}) as IDataObject;
			// CleverReach returns every group in one unpaged array.
			const groups = asArray(await cleverReachApiRequest.call(this, 'GET', '/groups.json', { itemIndex: i }));
			const selected = takeLimit(whereContains(groups, nameContains, ['name']), limit);
			const { includeStats } = this.getNodeParameter('options', i, {}) as IDataObject;
			if (includeStats !== true) return selected.map(output.shape);
			const out: IDataObject[] = [];
			for (const group of selected) {
				const stats = await cleverReachApiRequest.call(this, 'GET', `/groups.json/${String(group.id)}/stats`, {
					itemIndex: i,
					notFoundMessage: `Group ${String(group.id)} was not found`,
				});
				out.push({ ...group, stats });
			}
			return out.map(output.shape);
		});
	},
};
