import { bouncesStrategy } from '../strategies/bounces';
import { searchStrategy } from '../strategies/search';
import type { TriggerEvent } from './types';

/**
 * Receiver Bounced: a receiver's address bounced (`bounced` > 0, set by CleverReach at the first bounce) in a
 * watched group; read by searching on `bounced`, or through the account's bounce records where that search is refused.
 */
export const receiverBounced: TriggerEvent = {
	option: { name: 'Receiver Bounced', description: "A receiver's address bounced" },
	receiver: true,
	noun: 'bounced receiver',
	hint: 'Wait until a mailing to a watched group produces a bounce',
	strategies: () => [searchStrategy({ field: 'bounced', accept: (row) => Number(row.bounced) > 0 }), bouncesStrategy()],
};
