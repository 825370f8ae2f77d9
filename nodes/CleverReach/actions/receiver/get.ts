import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { receiverProperty, receiverScopeProperties } from './receiverProperties';
import { getReceiverRef, ref } from './receiverInput';
import { oneReceiver } from './receiverOutput';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get one receiver by numeric ID or email, in a group or account-wide',
		action: 'Get a receiver',
	},
	properties: [
		...receiverScopeProperties(),
		receiverProperty(),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = this.getNodeParameter('scope', i, 'group') as string;
			const receiver = getReceiverRef(this, i);
			if (scope === 'account') {
				return oneReceiver(
					await cleverReachApiRequest.call(this, 'GET', `/receivers.json/${ref(receiver)}`, {
						itemIndex: i,
						notFoundMessage: `Receiver ${receiver} was not found in the account`,
					}),
				);
			}
			const groupId = getId(this, 'groupId', i, 'Group');
			return await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}/receivers/${ref(receiver)}`, {
				itemIndex: i,
				notFoundMessage: `Receiver ${receiver} was not found in group ${groupId}`,
			});
		});
	},
};
