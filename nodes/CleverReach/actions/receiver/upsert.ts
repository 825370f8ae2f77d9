import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { formLocator, groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import type { Saved, UpsertOutcome, UpsertRow } from './bulk';
import { upsertRows } from './bulk';
import type { AttributeValues } from './common';
import {
	AttributeDefinitions,
	checkAttributes,
	globalAttributesProperty,
	groupAttributesProperty,
	isRelative,
	readAttributes,
	readTags,
	ref,
	tagsProperties,
} from './common';
import {
	calendarDate,
	getEmail,
	getId,
	isEmail,
	itemError,
	oncePerRun,
	readDate,
	truncate,
} from '../../../shared/parameters';
import { doiDataProperty, readDoiData, sendDoiMail } from './doi';
import { errorForItem, errorItemJson } from '../../../shared/items';
import { orderValues, readOrders } from './orderItems';

type Activation = 'active' | 'reactivate' | 'doi' | 'inactive' | 'keep';
const ACTIVATIONS: Activation[] = ['active', 'reactivate', 'doi', 'inactive', 'keep'];
type InputMode = 'define' | 'autoMap';

/** Top-level fields of an input item that "Map Automatically From Input" reads itself. */
const AUTO_FIELDS = new Set(['email', 'source', 'registered', 'tags', 'global_attributes', 'attributes', 'orders']);

const DEFINE = { show: { inputMode: ['define'] } };

interface Entry {
	index: number;
	groupId: string;
	email: string;
	key: string;
	body: IDataObject;
	attributes: AttributeValues;
	activation: Activation;
	nonIdempotent: boolean;
	/** 0 for the first item with this email (in this group) in the run, 1 for the second, ... */
	occurrence: number;
	formId?: string;
	doidata?: IDataObject;
	/** autoMap: top-level input fields that were not used. */
	ignored?: string[];
}

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
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description:
				'Email address of the receiver. If it is already in the group, that receiver is updated; otherwise it is added.',
			displayOptions: DEFINE,
		},
		{
			displayName: 'Activation',
			name: 'activation',
			type: 'options',
			default: 'active',
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
			options: [
				{
					displayName: 'Orders',
					name: 'orders',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					placeholder: 'Add Order Item',
					default: {},
					description: 'Order items (purchases) to record for the receiver, e.g. for e-commerce segments',
					options: [{ displayName: 'Order Item', name: 'order', values: orderValues }],
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
			],
		},
	],
	async execute(items) {
		return await runUpsert(this, items);
	},
};

/**
 * Reads of the parameters that do not depend on the input mode. Each is read once per execution unless it
 * holds an expression (then per item).
 */
interface Readers {
	groupId: (i: number) => string;
	activation: (i: number) => Activation;
	formId: (i: number) => string;
	doiData: (i: number) => IDataObject;
	extra: (i: number) => IDataObject;
	attributes: (i: number) => AttributeValues;
}

function makeReaders(context: IExecuteFunctions): Readers {
	return {
		groupId: oncePerRun(context, ['groupId'], (i) => getId(context, 'groupId', i, 'Group')),
		activation: oncePerRun(context, ['activation'], (i) => {
			const activation = context.getNodeParameter('activation', i, 'active') as Activation;
			if (!ACTIVATIONS.includes(activation)) {
				throw itemError(context, `Activation "${String(activation)}" is not one of ${ACTIVATIONS.join(', ')}`, i);
			}
			return activation;
		}),
		formId: oncePerRun(context, ['formId'], (i) => getId(context, 'formId', i, 'Form')),
		doiData: oncePerRun(context, ['doiData'], (i) => readDoiData(context, i)),
		extra: oncePerRun(context, ['additionalFields'], (i) => context.getNodeParameter('additionalFields', i, {}) as IDataObject),
		attributes: oncePerRun(context, ['globalAttributes', 'groupAttributes'], (i) => readAttributes(context, i)),
	};
}

/** The part of an entry shared by both input modes: group, activation, double opt-in form and data. */
function newEntry(context: IExecuteFunctions, readers: Readers, i: number, email: string, attributes: AttributeValues): Entry {
	const groupId = readers.groupId(i);
	const activation = readers.activation(i);
	// No activation fields: upsertplus then creates new receivers active and leaves existing ones as they are
	// (CleverReach's integration core sends `activated` only when it should change); runUpsert adds what is needed.
	const body: IDataObject = { email };
	const entry: Entry = {
		index: i,
		groupId,
		email,
		key: email.toLowerCase(),
		body,
		attributes,
		activation,
		nonIdempotent: isRelative(attributes.global) || isRelative(attributes.group),
		occurrence: 0,
	};
	if (activation === 'doi') {
		entry.formId = readers.formId(i);
		entry.doidata = readers.doiData(i);
	}
	return entry;
}

/** Adds source, registered, tags and orders to an entry's body. */
function addFields(
	context: IExecuteFunctions,
	entry: Entry,
	fields: { source?: unknown; registered?: unknown; tags: string[]; orders: IDataObject[] },
	labels: { registered: string },
): void {
	const { body, index: i } = entry;
	if (fields.source !== undefined && fields.source !== null && String(fields.source).trim() !== '') {
		body.source = String(fields.source);
	}
	const registered = readDate(context, fields.registered, labels.registered, i);
	if (registered !== undefined) body.registered = registered;
	if (fields.tags.length) {
		body.tags = fields.tags;
		if (fields.tags.some((t) => t.startsWith('-'))) entry.nonIdempotent = true;
	}
	if (fields.orders.length) {
		body.orders = fields.orders;
		entry.nonIdempotent = true;
	}
}

/** Define Below: reads and checks one item's parameters locally; throws before anything is sent. */
function readEntry(context: IExecuteFunctions, readers: Readers, i: number): Entry {
	const email = getEmail(context, 'email', i);
	const extra = readers.extra(i);
	const shared = readers.attributes(i);
	// Copies: the attribute checks normalise values in place, and the read may be shared by all items.
	const attributes = { global: { ...shared.global }, group: { ...shared.group } };
	const entry = newEntry(context, readers, i, email, attributes);
	addFields(
		context,
		entry,
		{
			source: extra.source,
			registered: extra.registered,
			tags: readTags(context, i, extra),
			orders: readOrders(context, i, (extra.orders as IDataObject)?.order as IDataObject[] | undefined),
		},
		{ registered: 'Registered' },
	);
	return entry;
}

const field = (name: string) => `Input field "${name}"`;
const TAGS_LABEL = field('tags');
const REGISTERED_LABEL = field('registered');

/** An attribute value from the input: text as is, numbers/booleans as text, dates as YYYY-MM-DD; null = skip. */
function inputAttributeValue(context: IExecuteFunctions, value: unknown, label: string, i: number): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (value instanceof Date) return calendarDate(context, value);
	if (typeof value === 'object') {
		throw itemError(context, `${label} must be text, a number or a date, not an object or a list`, i);
	}
	return String(value);
}

function inputAttributes(context: IExecuteFunctions, value: unknown, name: string, i: number): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw itemError(
			context,
			`${field(name)} must be an object of attribute names and values, e.g. {"firstname": "Jane"}`,
			i,
		);
	}
	const out: Record<string, string> = {};
	for (const [key, raw] of Object.entries(value as IDataObject)) {
		const text = inputAttributeValue(context, raw, `${field(name)}: the value of "${key}"`, i);
		if (text !== undefined) out[key] = text;
	}
	return out;
}

/**
 * Map Automatically From Input: reads one item's JSON as a receiver and checks it locally; throws before
 * anything is sent. `globalTypes` are the account's global attributes (for top-level attribute fields).
 */
function readAutoEntry(
	context: IExecuteFunctions,
	readers: Readers,
	json: IDataObject,
	i: number,
	globalTypes: Map<string, string> | undefined,
	definitionsError: Error | undefined,
): Entry {
	const raw = json.email;
	if (raw !== null && typeof raw === 'object') {
		throw itemError(context, `${field('email')} must be text, not an object or a list`, i);
	}
	const email = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!email) {
		throw itemError(
			context,
			`${field('email')} is required`,
			i,
			'With Input Data Mode "Map Automatically From Input" every input item needs an "email" field.',
		);
	}
	if (!isEmail(email)) throw itemError(context, `${field('email')}: "${truncate(email)}" is not a valid email address`, i);

	const global = inputAttributes(context, json.global_attributes, 'global_attributes', i);
	const group = inputAttributes(context, json.attributes, 'attributes', i);
	const ignored: string[] = [];
	/** Fields that could not be classified: the account's attribute definitions could not be read. */
	const unmapped: string[] = [];
	const explicit = new Set<string>();
	for (const key in global) explicit.add(key.toLowerCase());
	for (const key in json) {
		if (AUTO_FIELDS.has(key)) continue;
		const value = json[key];
		const name = key.toLowerCase();
		if (!globalTypes && definitionsError) {
			unmapped.push(key);
			continue;
		}
		if (!globalTypes?.has(name)) {
			ignored.push(key);
			continue;
		}
		if (explicit.has(name)) continue; // "global_attributes" wins over a top-level field
		const text = inputAttributeValue(context, value, field(key), i);
		if (text !== undefined) global[name] = text;
	}

	if (unmapped.length) {
		throw itemError(
			context,
			`Could not read the account's attribute definitions, so ${unmapped.length > 1 ? 'the fields' : 'the field'} ${unmapped.map((k) => `"${truncate(k, 40)}"`).join(', ')} could not be mapped: ${definitionsError!.message}`,
			i,
			'Nothing was sent for this item (its fields are never dropped or saved as something else). Run it again later, or give attributes under "global_attributes" / "attributes".',
		);
	}
	if (json.source !== undefined && json.source !== null && typeof json.source === 'object') {
		throw itemError(context, `${field('source')} must be text, not an object or a list`, i);
	}
	const orders = json.orders;
	if (orders !== undefined && orders !== null && !Array.isArray(orders)) {
		throw itemError(context, `${field('orders')} must be a list of order items`, i);
	}
	const entry = newEntry(context, readers, i, email, { global, group });
	addFields(
		context,
		entry,
		{
			source: json.source,
			registered: json.registered,
			tags: json.tags === undefined || json.tags === null ? [] : readTags(context, i, { tags: json.tags }, TAGS_LABEL),
			orders: orders ? readOrders(context, i, orders as IDataObject[]) : [],
		},
		{ registered: REGISTERED_LABEL },
	);
	if (ignored.length) entry.ignored = ignored;
	return entry;
}

async function runUpsert(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const results: Array<IDataObject | Error | undefined> = new Array(items.length);
	const fail = (index: number, error: unknown) => {
		const wrapped = errorForItem(context, error, index);
		if (!continueOnFail) throw wrapped;
		results[index] = wrapped;
	};

	// 1. Local checks of every item, before any request.
	const readers = makeReaders(context);
	const definitions = new AttributeDefinitions(context);
	const mode = context.getNodeParameter('inputMode', 0, 'define') as InputMode;
	const entries: Entry[] = [];
	if (mode === 'autoMap') {
		// The account's global attributes are read (once) only if some item has fields that could be one.
		const needsGlobal = items.some((item) => Object.keys(item.json).some((key) => !AUTO_FIELDS.has(key)));
		const loaded = needsGlobal ? await definitions.forGroup() : undefined;
		for (let i = 0; i < items.length; i++) {
			try {
				entries.push(readAutoEntry(context, readers, items[i].json, i, loaded?.global, loaded?.globalError));
			} catch (error) {
				fail(i, error);
			}
		}
	} else {
		for (let i = 0; i < items.length; i++) {
			try {
				entries.push(readEntry(context, readers, i));
			} catch (error) {
				fail(i, error);
			}
		}
	}

	// 2. Attribute names and types against the account's definitions (read once per execution).
	const valid: Entry[] = [];
	for (const entry of entries) {
		try {
			const { global, group } = entry.attributes;
			// (No await per item without attributes: 10,000 items would cost 10,000 promise turns.)
			if (Object.keys(global).length || Object.keys(group).length) {
				await checkAttributes(context, definitions, entry.groupId, entry.attributes, entry.index, true);
			}
			if (Object.keys(entry.attributes.global).length) entry.body.global_attributes = entry.attributes.global;
			if (Object.keys(entry.attributes.group).length) entry.body.attributes = entry.attributes.group;
			valid.push(entry);
		} catch (error) {
			fail(entry.index, error);
		}
	}

	// 3. Per group, in input order.
	const byGroup = new Map<string, Entry[]>();
	for (const entry of valid) {
		const list = byGroup.get(entry.groupId) ?? [];
		list.push(entry);
		byGroup.set(entry.groupId, list);
	}
	for (const [groupId, groupEntries] of byGroup) await upsertGroup(context, groupId, groupEntries, results, fail);

	const output: INodeExecutionData[] = [];
	results.forEach((result, index) => {
		if (result === undefined) return;
		let json: IDataObject;
		if (result instanceof Error) {
			json = errorItemJson(result);
			// One batch error is shared by all its items: each error item names its own.
			(json.details as IDataObject).itemIndex = index;
		} else json = result;
		output.push({ json, pairedItem: { item: index } });
	});
	return output;
}

/** What was done for one item (the output's `outcome`). */
type Outcome =
	| 'created'
	| 'createdInactive'
	| 'updated'
	| 'unchanged'
	| 'activated'
	| 'reactivated'
	| 'leftUnsubscribed'
	| 'leftBounced'
	| 'doubleOptInSent';

/** Whether the answer's row was written by this request (its `last_changed` is not older than the request). */
function changedNow(saved: Saved): boolean {
	return Number(saved.receiver.last_changed ?? 0) >= saved.serverTime - saved.elapsed - 1;
}

/**
 * Whether this request created the receiver, told from CleverReach's answer alone (Active Now and Unchanged send
 * no look-up): a new row is activated (or, when no Registered was given, registered) in the same second it was
 * last changed, and that second is this request's.
 */
function looksCreated(entry: Entry, saved: Saved): boolean {
	const r = saved.receiver;
	const changed = Number(r.last_changed ?? 0);
	if (!changed || !changedNow(saved)) return false;
	if (entry.body.registered === undefined && Number(r.registered ?? 0) !== changed) return false;
	const activated = Number(r.activated ?? 0);
	return activated === 0 ? entry.body.registered === undefined : activated === changed;
}

/**
 * Applies one group's items as if they were sent one after another: the n-th item of an email goes in the n-th
 * round, so every round has each email once and is sent in batches (10,000 distinct emails: 10 requests; each
 * depth of repeats one more round). Upsertplus merges, so tags, orders and increments of all items count and the
 * last value of a field wins; each item's output is the receiver as CleverReach answered it after its own round.
 * Activation: no activation fields are sent (new receivers become active, existing ones keep their status), then
 * receivers that should be active but are only pending are activated with CleverReach's time, unsubscribed ones
 * re-activated only for "reactivate", and double opt-in emails sent once per email after the last round.
 */
async function upsertGroup(
	context: IExecuteFunctions,
	groupId: string,
	entries: Entry[],
	results: Array<IDataObject | Error | undefined>,
	fail: (index: number, error: unknown) => void,
): Promise<void> {
	/** The receiver as it is after the latest round. */
	const current = new Map<string, IDataObject>();
	const run: GroupRun = { context, groupId, results, current, fail };
	const rounds: Entry[][] = [];
	const occurrences = new Map<string, number>();
	for (const entry of entries) {
		entry.occurrence = occurrences.get(entry.key) ?? 0;
		occurrences.set(entry.key, entry.occurrence + 1);
		(rounds[entry.occurrence] ??= []).push(entry);
	}
	// Inactive and double opt-in must know who is new (created inactive) before anything is written.
	const before = await lookUp(
		context,
		groupId,
		rounds[0].filter((e) => e.activation === 'doi' || e.activation === 'inactive'),
	);
	const failed = new Set<string>();
	for (const entry of entries) {
		const state = before.get(entry.key);
		if (state instanceof Error) {
			fail(entry.index, state);
			failed.add(entry.key);
		}
	}
	const isNew = (entry: Entry) => entry.occurrence === 0 && before.get(entry.key) === null;
	/** The last double opt-in item per email: it gets the email after the last round. */
	const doi = new Map<string, Entry>();

	for (const round of rounds) {
		const live = round.filter((e) => !failed.has(e.key));
		const rows: UpsertRow[] = live.map((entry) => ({
			key: entry.key,
			body: isNew(entry) ? { ...entry.body, activated: 0 } : entry.body,
			nonIdempotent: entry.nonIdempotent,
			itemIndex: entry.index,
		}));
		const saved = await upsertRows(context, groupId, rows);
		const pending: Array<[Entry, Saved]> = [];
		const unsubscribed: Entry[] = [];
		for (const entry of live) {
			const answer: UpsertOutcome | undefined = saved.get(entry.key);
			if (!answer) continue;
			if (answer instanceof Error) {
				fail(entry.index, answer);
				continue;
			}
			const receiver = answer.receiver;
			current.set(entry.key, receiver);
			const created = entry.occurrence === 0 && (before.has(entry.key) ? isNew(entry) : looksCreated(entry, answer));
			let outcome: Outcome = created ? 'created' : changedNow(answer) ? 'updated' : 'unchanged';
			if (entry.activation === 'active' || entry.activation === 'reactivate') {
				if (receiver.active !== true) {
					if (Number(receiver.bounced ?? 0) > 0) outcome = 'leftBounced';
					else if (Number(receiver.deactivated ?? 0) > 0) {
						if (entry.activation === 'reactivate') unsubscribed.push(entry);
						else outcome = 'leftUnsubscribed';
					} else pending.push([entry, answer]);
				}
			} else if (created && (entry.activation === 'doi' || entry.activation === 'inactive')) {
				outcome = 'createdInactive';
			}
			if (entry.activation === 'doi') doi.set(entry.key, entry);
			results[entry.index] = withOutcome(receiver, outcome, created, entry);
		}
		await activatePending(run, pending);
		await reactivate(run, unsubscribed);
	}
	await sendDoiMails(run, [...doi.values()]);
}

/** One group's part of the run: where results go and how an item fails. */
interface GroupRun {
	context: IExecuteFunctions;
	groupId: string;
	results: Array<IDataObject | Error | undefined>;
	/** The receiver as it is after the latest round, per email. */
	current: Map<string, IDataObject>;
	fail: (index: number, error: unknown) => void;
}

function withOutcome(receiver: IDataObject, outcome: Outcome, created: boolean, entry: Entry): IDataObject {
	return { ...receiver, outcome, created, ...(entry.ignored ? { ignoredFields: entry.ignored } : {}) };
}

/** Receivers that should be active but are still pending (never activated): activated with CleverReach's time. */
async function activatePending(run: GroupRun, pending: Array<[Entry, Saved]>): Promise<void> {
	const { context, groupId, results, current, fail } = run;
	if (!pending.length) return;
	const rows: UpsertRow[] = pending.map(([entry, saved]) => ({
		key: entry.key,
		body: { email: String(saved.receiver.email ?? entry.email), activated: saved.serverTime },
		// Sent twice, it would move the activation date again.
		nonIdempotent: true,
		itemIndex: entry.index,
	}));
	const activated = await upsertRows(context, groupId, rows);
	for (const [entry] of pending) {
		const answer = activated.get(entry.key);
		const previous = results[entry.index] as IDataObject;
		if (!answer || answer instanceof Error || answer.receiver.active !== true) {
			const reason = answer instanceof Error ? answer.message : 'CleverReach still reports the receiver inactive';
			fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved, but could not be activated: ${reason}`,
					entry.index,
					'The receiver is saved inactive. Run the item again, or use Receiver › Activate.',
				),
			);
			continue;
		}
		current.set(entry.key, answer.receiver);
		results[entry.index] = withOutcome(answer.receiver, 'activated', previous.created === true, entry);
	}
}

/** "reactivate": receivers who unsubscribed are subscribed again (`PUT …/activate`, the only call that can). */
async function reactivate(run: GroupRun, unsubscribed: Entry[]): Promise<void> {
	const { context, groupId, results, current, fail } = run;
	for (const entry of unsubscribed) {
		const path = `/groups.json/${groupId}/receivers/${ref(entry.email)}`;
		const notFoundMessage = `Receiver ${entry.email} was not found in group ${groupId}`;
		try {
			await cleverReachApiRequest.call(context, 'PUT', `${path}/activate`, { itemIndex: entry.index, notFoundMessage });
			const receiver = await cleverReachApiRequest.call(context, 'GET', path, { itemIndex: entry.index, notFoundMessage });
			current.set(entry.key, receiver);
			results[entry.index] = withOutcome(receiver, 'reactivated', false, entry);
		} catch (error) {
			fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved, but could not be re-activated: ${(error as Error).message}`,
					entry.index,
					'The receiver stays unsubscribed. Run the item again, or use Receiver › Activate.',
				),
			);
		}
	}
}

/** Double opt-in: one activation email per email that is not active after its last item. */
async function sendDoiMails(run: GroupRun, entries: Entry[]): Promise<void> {
	const { context, results, current, fail } = run;
	for (const entry of entries) {
		const result = results[entry.index];
		const receiver = current.get(entry.key);
		if (!result || result instanceof Error || !receiver) continue;
		if (receiver.active === true) {
			results[entry.index] = { ...result, doubleOptIn: { sent: false, reason: 'The receiver is already active' } };
			continue;
		}
		try {
			await sendDoiMail(context, 'activate', entry.formId as string, entry.email, entry.doidata ?? {}, entry.index);
			results[entry.index] = { ...result, outcome: 'doubleOptInSent', doubleOptIn: { sent: true, formId: entry.formId } };
		} catch (error) {
			fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved inactive, but the double opt-in email was not sent: ${(error as Error).message}`,
					entry.index,
					`${(error as NodeApiError).description ?? ''} The receiver (ID ${String(receiver.id)}) stays inactive until activated; run again to resend.`.trim(),
				),
			);
		}
	}
}

/**
 * For Inactive and Double Opt-In, finds which receivers already exist in the group (so existing ones are not set
 * inactive and active ones get no email). Returns the receiver per email, null when new, or the error.
 */
async function lookUp(
	context: IExecuteFunctions,
	groupId: string,
	entries: Entry[],
): Promise<Map<string, IDataObject | Error | null>> {
	const states = new Map<string, IDataObject | Error | null>();
	for (const entry of entries) {
		try {
			const receiver = await cleverReachApiRequest.call(
				context,
				'GET',
				`/groups.json/${groupId}/receivers/${ref(entry.email)}`,
				{ itemIndex: entry.index, notFoundMessage: `Group ${groupId} or receiver ${entry.email} was not found` },
			);
			states.set(entry.key, receiver);
		} catch (error) {
			// 404 for the receiver means "new"; a missing group is reported by the upsert itself.
			if (error instanceof NodeApiError && String(error.httpCode) === '404') {
				states.set(entry.key, null);
				continue;
			}
			states.set(entry.key, error as Error);
		}
	}
	return states;
}
