import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const getStats: Operation = {
	option: {
		name: 'Get Stats',
		description:
			'Get receiver counts of a group: total, active, inactive, bounced, orders, quality (cached by CleverReach, so they may lag behind recent changes)',
		action: 'Get group statistics',
	},
	properties: [groupLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const stats = await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}/stats`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
			return { groupId, ...(stats as object) };
		});
	},
};
