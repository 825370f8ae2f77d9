import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { showFor } from '../../../shared/utils';
import { getReceiverRef, oneReceiver, receiverProperty, ref, RESOURCE, scopeProperty } from './common';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const get: Operation = {
	description: showFor(RESOURCE, 'get', [
		scopeProperty(),
		groupLocator({ displayOptions: { show: { scope: ['group'] } } }),
		receiverProperty(),
	]),
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
