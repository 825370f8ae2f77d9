import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { showFor } from '../../../shared/utils';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const getStats: Operation = {
	description: showFor('group', 'getStats', [groupLocator()]),
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
