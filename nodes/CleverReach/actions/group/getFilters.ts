/**
 * Group › Get Filters: the segments (filters) of a group, `GET /groups.json/{id}/filters` (docs/cleverreach-api.md
 * §2.6), one item per filter: its ID (what Mailing › Create Draft takes as Segment (Filter) ID), name and rules.
 */
import { groupLocator } from '../../../shared/descriptions';
import { forEachItem } from '../../../shared/items';
import type { Operation } from '../../../shared/operation';
import { getId } from '../../../shared/parameters';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';

export const getFilters: Operation = {
	option: {
		name: 'Get Filters',
		description: 'List the segments (filters) of a group: ID, name and rules, one item per filter',
		action: 'Get the filters of a group',
	},
	properties: [groupLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			// CleverReach answers every filter of the group in one unpaged array.
			const filters = asArray(
				await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}/filters`, {
					itemIndex: i,
					notFoundMessage: `Group ${groupId} was not found`,
				}),
			);
			return filters.map((filter) => ({ groupId, ...filter }));
		});
	},
};
