import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { returnAllOrLimit } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId, getLimit } from '../../../shared/parameters';
import { takeLimit } from '../../../shared/lists';
import { receiverProperty, receiverScopeProperties } from './receiverProperties';
import { getReceiverRef, ref } from './receiverInput';
import { oneReceiver } from './receiverOutput';

export const getEvents: Operation = {
	option: {
		name: 'Get Events',
		description:
			'List the activity of one receiver (sends, opens, clicks, bounces, unsubscribes), one item per event',
		action: 'Get the events of a receiver',
	},
	properties: [
		...receiverScopeProperties(),
		receiverProperty({
			description:
				'The receiver whose activity to list: their email address or numeric receiver ID. Returns one item per event (mail_send, mail_open, mail_click, mail_bounce, user_unsubscribe, api …), newest first. CleverReach keeps the last 250 events of a receiver.',
		}),
		{
			displayName: 'Event Type',
			name: 'eventType',
			type: 'string',
			default: '',
			placeholder: 'e.g. mail_open',
			description: 'Only events of this type (empty: all types)',
		},
		...returnAllOrLimit(),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = this.getNodeParameter('scope', i, 'group') as string;
			const receiver = getReceiverRef(this, i);
			const limit = getLimit(this, i);
			const type = String(this.getNodeParameter('eventType', i, '') ?? '').trim();
			let path = `/receivers.json/${ref(receiver)}`;
			let notFoundMessage = `Receiver ${receiver} was not found in the account`;
			if (scope !== 'account') {
				const groupId = getId(this, 'groupId', i, 'Group');
				path = `/groups.json/${groupId}/receivers/${ref(receiver)}`;
				notFoundMessage = `Receiver ${receiver} was not found in group ${groupId}`;
			}
			const found = oneReceiver(await cleverReachApiRequest.call(this, 'GET', path, { itemIndex: i, notFoundMessage }));
			let events = (Array.isArray(found.events) ? found.events : []) as IDataObject[];
			if (type) events = events.filter((e) => String(e.type) === type);
			events = [...events].sort((a, b) => Number(b.stamp ?? 0) - Number(a.stamp ?? 0));
			return takeLimit(events, limit);
		});
	},
};
