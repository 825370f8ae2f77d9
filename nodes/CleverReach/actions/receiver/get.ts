import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { receiverProperty, receiverScopeProperties } from './receiverProperties';
import { getReceiverRef, ref } from './receiverInput';
import { oneReceiver, RECEIVER_OUTPUT } from './receiverOutput';
import { outputProperties, readOutput } from '../../../shared/output';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get one receiver by numeric ID or email, in a group or account-wide',
		action: 'Get a receiver',
	},
	properties: [
		...receiverScopeProperties(),
		receiverProperty(),
		...outputProperties(RECEIVER_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = this.getNodeParameter('scope', i, 'group') as string;
			const receiver = getReceiverRef(this, i);
			const output = readOutput(this, i, RECEIVER_OUTPUT);
			if (scope === 'account') {
				return output.shape(oneReceiver(
					await cleverReachApiRequest.call(this, 'GET', `/receivers.json/${ref(receiver)}`, {
						itemIndex: i,
						notFoundMessage: `Receiver ${receiver} was not found in the account`,
					}),
				));
			}
			const groupId = getId(this, 'groupId', i, 'Group');
			return output.shape(await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}/receivers/${ref(receiver)}`, {
				itemIndex: i,
				notFoundMessage: `Receiver ${receiver} was not found in group ${groupId}`,
			}));
		});
	},
};
