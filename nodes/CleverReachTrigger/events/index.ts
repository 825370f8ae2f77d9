import type { TriggerEvent } from './types';
import { mailingFinished } from './mailingFinished';
import { newReceiver } from './newReceiver';
import { receiverBounced } from './receiverBounced';
import { receiverUnsubscribed } from './receiverUnsubscribed';
import { receiverUpdated } from './receiverUpdated';

/** Keyed by the value of the Event parameter (saved in workflows: never change a key). */
export const events: Record<string, TriggerEvent> = {
	mailingFinished,
	newReceiver,
	receiverBounced,
	receiverUnsubscribed,
	receiverUpdated,
};
