import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { receiverProperty } from './receiverProperties';
import { getReceiverRef, ref } from './receiverInput';

export const deleteReceiver: Operation = {
	option: {
		name: 'Delete',
		description: 'Delete a receiver from a group, or from all groups',
		action: 'Delete a receiver',
	},
	properties: [
		{
			displayName: 'From All Groups',
			name: 'fromAllGroups',
			type: 'boolean',
			default: false,
			description:
				'Whether to delete the receiver from every group of the account instead of from one group (cannot be undone)',
		},
		groupLocator({
			description:
				'The group to delete the receiver from. Pick it from the list, or give its numeric ID (not its name).',
			displayOptions: { show: { fromAllGroups: [false] } },
		}),
		receiverProperty({
			description:
				'The receiver to delete: their email address or numeric receiver ID. Deleting removes the record (to keep it but stop mailings, use Deactivate).',
		}),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const all = this.getNodeParameter('fromAllGroups', i, false) as boolean;
			const receiver = getReceiverRef(this, i);
			if (all) {
				await cleverReachApiRequest.call(this, 'DELETE', `/receivers.json/${ref(receiver)}`, {
					itemIndex: i,
					notFoundMessage: `Receiver ${receiver} was not found in the account`,
				});
				return { deleted: true };
			}
			const groupId = getId(this, 'groupId', i, 'Group');
			await cleverReachApiRequest.call(this, 'DELETE', `/groups.json/${groupId}/receivers/${ref(receiver)}`, {
				itemIndex: i,
				notFoundMessage: `Receiver ${receiver} was not found in group ${groupId}`,
			});
			return { deleted: true };
		});
	},
};
