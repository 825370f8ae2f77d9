import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { showFor } from '../../../shared/utils';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const deleteGroup: Operation = {
	description: showFor('group', 'delete', [groupLocator()]),
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			await cleverReachApiRequest.call(this, 'DELETE', `/groups.json/${groupId}`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
			return { deleted: true, groupId };
		});
	},
};
