import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const deleteGroup: Operation = {
	option: { name: 'Delete', description: 'Delete a group and its receivers', action: 'Delete a group' },
	properties: [groupLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			await cleverReachApiRequest.call(this, 'DELETE', `/groups.json/${groupId}`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
			return { deleted: true };
		});
	},
};
