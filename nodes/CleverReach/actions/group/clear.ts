import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { showFor } from '../../../shared/utils';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const clear: Operation = {
	description: showFor('group', 'clear', [
		{
			displayName:
				'Clear permanently deletes EVERY receiver of this group (the group itself stays). It cannot be undone.',
			name: 'clearWarning',
			type: 'notice',
			default: '',
		},
		groupLocator(),
	]),
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			await cleverReachApiRequest.call(this, 'DELETE', `/groups.json/${groupId}/clear`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
			return { cleared: true, groupId };
		});
	},
};
