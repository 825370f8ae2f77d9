import { receiverEvent } from './common';

/**
 * Receiver Unsubscribed: a receiver is deactivated in a watched group (`deactivated` > 0: unsubscribe link,
 * form or API). A deleted receiver is gone from CleverReach and is not an unsubscribe.
 */
export const receiverUnsubscribed = receiverEvent({
	value: 'receiverUnsubscribed',
	noun: 'unsubscribed receiver',
	field: () => 'deactivated',
	accept: (row) => Number(row.deactivated) > 0,
	hint: 'Unsubscribe (deactivate) a receiver in a watched group',
});
