import { searchStrategy } from '../strategies/search';
import type { TriggerEvent } from './types';

/**
 * Receiver Unsubscribed: a receiver is deactivated in a watched group (`deactivated` > 0: unsubscribe link, form or
 * API). A deleted receiver is gone from CleverReach and is not an unsubscribe.
 */
export const receiverUnsubscribed: TriggerEvent = {
	option: { name: 'Receiver Unsubscribed', description: 'A receiver unsubscribed or was deactivated (deleting a receiver does not count)' },
	receiver: true,
	noun: 'unsubscribed receiver',
	hint: 'Unsubscribe (deactivate) a receiver in a watched group',
	strategies: () => [searchStrategy({ field: 'deactivated', accept: (row) => Number(row.deactivated) > 0 })],
};
