import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const get: Operation = {
	option: { name: 'Get', description: 'Get a group by ID', action: 'Get a group' },
	properties: [groupLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			return await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
		});
	},
};
