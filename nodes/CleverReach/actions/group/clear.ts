import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const clear: Operation = {
	option: {
		name: 'Clear',
		description: 'Delete every receiver of a group, keeping the group (cannot be undone)',
		action: 'Clear a group',
	},
	properties: [
		{
			displayName:
				'Clear permanently deletes EVERY receiver of this group (the group itself stays). It cannot be undone.',
			name: 'clearWarning',
			type: 'notice',
			default: '',
		},
		groupLocator(),
	],
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
