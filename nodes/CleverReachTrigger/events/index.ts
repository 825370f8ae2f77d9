import type { TriggerEvent } from './types';
import { mailingFinished } from './mailingFinished';
import { newReceiver } from './newReceiver';
import { receiverBounced } from './receiverBounced';
import { receiverUnsubscribed } from './receiverUnsubscribed';
import { receiverUpdated } from './receiverUpdated';

export const events: Record<string, TriggerEvent> = {
	mailingFinished,
	newReceiver,
	receiverBounced,
	receiverUnsubscribed,
	receiverUpdated,
};
