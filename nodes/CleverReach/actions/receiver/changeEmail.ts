import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getEmail, getId } from '../../../shared/parameters';
import { receiverProperty } from './receiverProperties';
import { getReceiverRef } from './receiverInput';
import { getInGroup } from './existingReceiver';

export const changeEmail: Operation = {
	option: {
		name: 'Change Email',
		description: 'Change the email address of a receiver in a group; returns the receiver',
		action: 'Change the email of a receiver',
	},
	properties: [
		groupLocator({
			description:
				'The group the receiver is in (only their record in this group changes). Pick it from the list, or give its numeric ID (not its name).',
		}),
		receiverProperty({ description: 'The receiver to change: their current email address or numeric receiver ID' }),
		{
			displayName: 'New Email',
			name: 'newEmail',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: 'The new email address; it must not be in the group yet',
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const receiver = getReceiverRef(this, i);
			const newEmail = getEmail(this, 'newEmail', i, 'New Email');
			// The endpoint takes the receiver ID of one group's record; find it first.
			const current = await getInGroup(this, groupId, receiver, i);
			return await cleverReachApiRequest.call(this, 'PUT', `/receivers.json/${String(current.id)}/email`, {
				body: { email: newEmail },
				itemIndex: i,
				notFoundMessage: `Receiver ${receiver} was not found`,
			});
		});
	},
};
