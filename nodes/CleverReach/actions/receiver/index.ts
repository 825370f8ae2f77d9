import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
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

export const operations: Record<string, Operation> = {
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
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['receiver'] } },
		options: [
			{
				name: 'Activate',
				value: 'activate',
				description: 'Set a receiver of a group active again, so they get mailings; returns the receiver',
				action: 'Activate a receiver',
			},
			{
				name: 'Add Order',
				value: 'addOrder',
				description: 'Record an order item (purchase) for a receiver already in a group; returns the receiver with orders',
				action: 'Add an order to a receiver',
			},
			{
				name: 'Add Tags',
				value: 'addTags',
				description: 'Add tags to a receiver already in a group, keeping their other tags; returns the receiver',
				action: 'Add tags to a receiver',
			},
			{
				name: 'Change Email',
				value: 'changeEmail',
				description: 'Change the email address of a receiver in a group; returns the receiver',
				action: 'Change the email of a receiver',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a receiver',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				description: 'Unsubscribe a receiver from a group (the record is kept); returns the receiver',
				action: 'Deactivate a receiver',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a receiver from a group, or from all groups',
				action: 'Delete a receiver',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one receiver by numeric ID or email, in a group or account-wide',
				action: 'Get a receiver',
			},
			{
				name: 'Get Bounced',
				value: 'getBounced',
				description:
					'List CleverReach’s bounce records (email, category, count, dates, bounce message) of the account or of one group’s receivers',
				action: 'Get bounce records',
			},
			{
				name: 'Get Events',
				value: 'getEvents',
				description: 'List the activity of one receiver (sends, opens, clicks, bounces, unsubscribes), one item per event',
				action: 'Get the events of a receiver',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the receivers of a group, filtered by status, tag, attributes, dates',
				action: 'Get many receivers',
			},
			{
				name: 'Remove Tags',
				value: 'removeTags',
				description: 'Remove tags from a receiver, keeping their other tags; returns the receiver',
				action: 'Remove tags from a receiver',
			},
			{
				name: 'Send Double Opt-In Email',
				value: 'sendDoubleOptIn',
				description:
					'Send the activation email of a form to an (inactive) receiver of its group; they become active when they confirm',
				action: 'Send a double opt in email',
			},
			{
				name: 'Send Double Opt-Out Email',
				value: 'sendDoubleOptOut',
				description: 'Send the unsubscribe confirmation email of a form to a receiver of its group',
				action: 'Send a double opt out email',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change attributes, source or tags of a receiver already in a group; returns the receiver',
				action: 'Update a receiver',
			},
		],
		default: 'upsert',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
