import { receiverEvent } from './common';

/** Receiver Bounced: a receiver's address bounced (`bounced` > 0) in a watched group. */
export const receiverBounced = receiverEvent({
	value: 'receiverBounced',
	noun: 'bounced receiver',
	field: () => 'bounced',
	accept: (row) => Number(row.bounced) > 0,
	hint: 'Wait until a mailing to a watched group produces a bounce',
});
