/**
 * Receiver › Create or Update: bulk upsert through upsertplus in three phases, each on the shared per-item
 * results (ItemResults applies "On Error"): read and check every item locally (upsertEntries.ts), check the
 * attribute values against the account's definitions, then write group by group (upsertRounds.ts).
 */
import { byDisplayName, emailProperty, formLocator, groupLocator } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import type { Operation } from '../../../shared/operation';
import { AttributeDefinitions } from './attributeChecks';
import { doiDataProperty } from './doubleOptInEmail';
import { orderValues } from './orderItems';
import { globalAttributesProperty, groupAttributesProperty, tagsProperties } from './receiverProperties';
import type { Entry } from './upsertEntries';
import { checkEntryAttributes, readEntries } from './upsertEntries';
import { upsertGroup } from './upsertRounds';

const DEFINE = { show: { inputMode: ['define'] } };

export const upsert: Operation = {
	option: {
		name: 'Create or Update',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		action: 'Create or update a receiver',
	},
	properties: [
		groupLocator({ description: 'The group (recipient list) to add the receiver to, or to update them in. Pick it from the list, or give its numeric ID (not its name).' }),
		{
			displayName: 'Input Data Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			default: 'define',
			builderHint: {
				propertyHint:
					"Use 'autoMap' when the previous node already gives items with an email field (and attribute fields): one Create or Update then handles all items in batches, with no loop",
			},
			options: [
				{
					name: 'Define Below',
					value: 'define',
					description: 'Set the email, attributes, tags and other fields with the parameters below (usually expressions)',
				},
				{
					name: 'Map Automatically From Input',
					value: 'autoMap',
					description:
						'Each input item is one receiver: "email" (required), optional "source", "registered" (unix seconds or ISO date), "tags" (list or comma-separated text), "global_attributes" and "attributes" (objects), "orders" (list); any other top-level field whose name is a global attribute of the account becomes that attribute (e.g. "firstname"); other fields are ignored and listed in the output\'s "ignoredFields"',
				},
			],
			description:
				'How each receiver’s data is given. "Map Automatically From Input" reads the receiver straight from each input item’s JSON (fast for large imports: no expressions per item), e.g. {"email": "jane@example.com", "firstname": "Jane", "tags": ["vip"], "attributes": {"plan": "gold"}}; "global_attributes" holds account-wide attributes, "attributes" those of the chosen group, "orders" items like {"order_id": "A-1", "product": "Shoe", "price": 9.99, "quantity": 1}. Group, Activation and the double opt-in form still come from the parameters. Values are checked exactly as in "Define Below": a bad email, an unknown attribute in "global_attributes"/"attributes" or a value of the wrong type fails that item before anything is sent. A null value is skipped; an empty text clears the attribute; a number attribute value starting with + or - changes the stored number.',
		},
		{
			...emailProperty(
				'Email address of the receiver. If it is already in the group, that receiver is updated; otherwise it is added.',
			),
			displayOptions: DEFINE,
		},
		{
			displayName: 'Activation',
			name: 'activation',
			type: 'options',
			default: 'active',
			builderHint: {
				propertyHint:
					"Use 'doi' (double opt-in email, needs a form) for sign-ups from forms or unknown sources; 'active' only when consent is recorded; 'reactivate' only on new consent",
			},
			options: [
				{
					name: 'Active Now',
					value: 'active',
					description:
						'Only with consent. New receivers are created active, existing ones whose double opt-in is still pending are activated, active ones keep their activation date; people who unsubscribed stay unsubscribed.',
				},
				{
					name: 'Active Now, Also Re-Activate Unsubscribed (New Consent Only)',
					value: 'reactivate',
					description:
						'Like Active Now, and people who unsubscribed (by mail, form, in CleverReach or through the API) are subscribed again. Only with their new, recorded consent: an unsubscribe is a legal record (GDPR).',
				},
				{
					name: 'Inactive (No Email)',
					value: 'inactive',
					description: 'New receivers are saved inactive (not activated), existing ones keep their status; no email is sent',
				},
				{
					name: 'Inactive + Send Double Opt-In Email',
					value: 'doi',
					description:
						'GDPR-safe: new receivers are saved inactive and get the activation email of the chosen form; already active receivers are only updated, without an email',
				},
				{
					name: 'Unchanged (New Receivers Active)',
					value: 'keep',
					description:
						'Existing receivers keep their status; new receivers become active (CleverReach’s default)',
				},
			],
			description:
				'Whether the receiver is active (gets mailings) after this call, and whether a double opt-in email is sent. Each output item says what was done in "outcome": created, createdInactive, updated, unchanged, activated, reactivated, leftUnsubscribed, leftBounced or doubleOptInSent (and "created" true/false).',
		},
		formLocator({
			description:
				'The CleverReach form whose double opt-in (activation) email is sent. It must belong to the chosen group. Pick it from the list, or give its numeric ID.',
			displayOptions: { show: { activation: ['doi'] } },
		}),
		doiDataProperty({ displayOptions: { show: { activation: ['doi'] } } }),
		{
			...globalAttributesProperty(
				' A number value starting with + or - changes the stored number by that amount (e.g. +1).',
			),
			displayOptions: DEFINE,
		},
		{
			...groupAttributesProperty(' A number value starting with + or - changes the stored number by that amount.'),
			displayOptions: DEFINE,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Optional receiver data: order items, registration date, source and tags',
			displayOptions: DEFINE,
			options: byDisplayName([
				{
					displayName: 'Orders',
					name: 'orders',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					placeholder: 'Add Order Item',
					default: {},
					description: 'Order items (purchases) to record for the receiver, e.g. for e-commerce segments',
					options: [
						{
							displayName: 'Order Item',
							name: 'order',
							values: byDisplayName(orderValues),
						},
					],
				},
				{
					displayName: 'Registered',
					name: 'registered',
					type: 'dateTime',
					default: '',
					description: 'When the receiver signed up (default for new receivers: now)',
				},
				{
					displayName: 'Source',
					name: 'source',
					type: 'string',
					default: '',
					placeholder: 'e.g. Website signup',
					description: 'Free text telling where the receiver came from',
				},
				...tagsProperties(
					'Tags',
					'Tags to add to the receiver (existing tags are kept). A tag starting with "-" removes that tag.',
				),
			]),
		},
	],
	async execute(items) {
		const results = new ItemResults(this, items.length);
		const definitions = new AttributeDefinitions(this);
		const entries = await readEntries(this, items, definitions, results);
		const valid = await checkEntryAttributes(this, entries, definitions, results);
		// Phase 3: per group, in input order.
		const byGroup = new Map<string, Entry[]>();
		for (const entry of valid) {
			const list = byGroup.get(entry.groupId) ?? [];
			list.push(entry);
			byGroup.set(entry.groupId, list);
		}
		for (const [groupId, groupEntries] of byGroup) await upsertGroup(this, groupId, groupEntries, results);
		return results.output();
	},
};
