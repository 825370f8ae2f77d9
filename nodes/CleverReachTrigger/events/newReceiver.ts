import { receiverEvent } from './common';

/**
 * New Receiver: a receiver row appears in a watched group (`registered`), or, with "Only Active Receivers",
 * becomes active (`activated`: double opt-in confirmed or added active) and is not unsubscribed.
 */
export const newReceiver = receiverEvent({
	value: 'newReceiver',
	noun: 'new receiver',
	field: (config) => (config.onlyActive ? 'activated' : 'registered'),
	rules: (config) => (config.onlyActive ? [{ field: 'deactivated', logic: 'eq', condition: '0' }] : []),
	accept: (row, config) => !config.onlyActive || !Number(row.deactivated),
	hint: 'Add a receiver to a watched group (with "Only Active Receivers": one that is active or has confirmed the double opt-in)',
});
