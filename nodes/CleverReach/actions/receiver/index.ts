import type { Resource } from '../../../shared/operation';
import { activate, deactivate } from './activate';
import { addOrder } from './addOrder';
import { changeEmail } from './changeEmail';
import { deleteReceiver } from './delete';
import { get } from './get';
import { getBounced } from './getBounced';
import { getEvents } from './getEvents';
import { getMany } from './getMany';
import { sendDoubleOptIn, sendDoubleOptOut } from './sendDoi';
import { addTags, removeTags } from './tags';
import { update } from './update';
import { upsert } from './upsert';

export const receiver: Resource = {
	value: 'receiver',
	option: { name: 'Receiver', description: 'Subscribers (contacts) of a group' },
	defaultOperation: 'upsert',
	operations: {
		upsert,
		get,
		getMany,
		update,
		delete: deleteReceiver,
		activate,
		deactivate,
		addTags,
		removeTags,
		addOrder,
		getEvents,
		getBounced,
		changeEmail,
		sendDoubleOptIn,
		sendDoubleOptOut,
	},
};
