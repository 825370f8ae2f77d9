import { newByChangesStrategy } from '../strategies/changes';
import { listsStrategy } from '../strategies/lists';
import { searchStrategy } from '../strategies/search';
import type { TriggerEvent } from './types';

/**
 * New Receiver: a receiver is added to a watched group, whatever `registered` date a client wrote for it (found by
 * its new receiver id among the changed receivers); where CleverReach does not search by `last_changed`, by its
 * `registered` date (search, or each group's list newest first). With "Only Active Receivers": a receiver becomes
 * active (double opt-in confirmed, or added active) by its `activated` time, and is not unsubscribed.
 */
export const newReceiver: TriggerEvent = {
	option: { name: 'New Receiver', description: 'A receiver was added to a watched group (or, optionally, became active)' },
	receiver: true,
	noun: 'new receiver',
	hint: 'Add a receiver to a watched group (with "Only Active Receivers": one that is active or has confirmed the double opt-in)',
	strategies: (config) =>
		config.onlyActive
			? [
					searchStrategy({
						field: 'activated',
						rules: () => [{ field: 'deactivated', logic: 'eq', condition: '0' }],
						accept: (row) => !Number(row.deactivated) && row.active !== false,
					}),
				]
			: [newByChangesStrategy(), searchStrategy({ field: 'registered' }), listsStrategy({ field: 'registered' }, 'row')],
};
