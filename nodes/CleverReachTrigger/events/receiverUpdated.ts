import { updatedByChangesStrategy } from '../strategies/changes';
import { listsStrategy } from '../strategies/lists';
import type { TriggerEvent } from './types';

/**
 * Receiver Updated: a receiver in a watched group changed (attributes, tags, status, …): `last_changed`, which
 * CleverReach sets itself, keyed by what the receiver shows, so that a second change in the same second counts and a
 * write that changes nothing does not. New receivers count too.
 */
export const receiverUpdated: TriggerEvent = {
	option: { name: 'Receiver Updated', description: 'A receiver changed (attributes, tags, status); new receivers count too' },
	receiver: true,
	noun: 'updated receiver',
	hint: 'Change a receiver in a watched group (e.g. an attribute or a tag)',
	strategies: () => [updatedByChangesStrategy(), listsStrategy({ field: 'last_changed' }, 'content')],
	unsupported:
		'CleverReach refused both ways this event needs to find changed receivers (a search by "last_changed" and a receiver list sorted by it). Use the CleverReach Instant Trigger (receiver.updated) instead, or a scheduled workflow.',
};
