import { receiverEvent } from './common';

/**
 * Receiver Updated: a receiver row in a watched group changed (`last_changed`): attributes, tags, status.
 * CleverReach also sets `last_changed` when a receiver is added, so new receivers trigger this event too.
 */
export const receiverUpdated = receiverEvent({
	value: 'receiverUpdated',
	noun: 'updated receiver',
	field: () => 'last_changed',
	hint: 'Change a receiver in a watched group (e.g. an attribute or a tag)',
});
