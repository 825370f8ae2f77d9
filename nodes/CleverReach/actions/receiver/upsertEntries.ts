/**
 * Create or Update, reading: every input item becomes an Entry (the receiver as upsertplus takes it, its activation
 * and its double opt-in form), from the parameters (Define Below) or from the item's JSON (Map Automatically From
 * Input), checked locally before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ItemResults } from '../../../shared/items';
import { calendarDate, getEmail, getId, isEmail, itemError, oncePerRun, ONE_OF_HINT, readDate, truncate } from '../../../shared/parameters';
import type { AttributeDefinitions } from './attributeChecks';
import { checkAttributes, isRelative } from './attributeChecks';
import { readDoiData } from './doubleOptInEmail';
import { readOrders } from './orderItems';
import type { AttributeValues } from './receiverInput';
import { readAttributes, readTags } from './receiverInput';

export type Activation = 'active' | 'reactivate' | 'doi' | 'inactive' | 'keep';
const ACTIVATIONS: Activation[] = ['active', 'reactivate', 'doi', 'inactive', 'keep'];
export type InputMode = 'define' | 'autoMap';

/** Top-level fields of an input item that "Map Automatically From Input" reads itself. */
export const AUTO_FIELDS = new Set(['email', 'source', 'registered', 'tags', 'global_attributes', 'attributes', 'orders']);

/** One input item as the upsert sends it, checked locally. */
export interface Entry {
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

/**
 * Reads of the parameters that do not depend on the input mode. Each is read once per execution unless it
 * holds an expression (then per item).
 */
export interface Readers {
	groupId: (i: number) => string;
	activation: (i: number) => Activation;
	formId: (i: number) => string;
	doiData: (i: number) => IDataObject;
	extra: (i: number) => IDataObject;
	attributes: (i: number) => AttributeValues;
}

export function makeReaders(context: IExecuteFunctions): Readers {
	return {
		groupId: oncePerRun(context, ['groupId'], (i) => getId(context, 'groupId', i, 'Group')),
		activation: oncePerRun(context, ['activation'], (i) => {
			const activation = context.getNodeParameter('activation', i, 'active') as Activation;
			if (!ACTIVATIONS.includes(activation)) {
				throw itemError(context, `Activation "${String(activation)}" is not one of ${ACTIVATIONS.join(', ')}`, i, ONE_OF_HINT);
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
	// (CleverReach's integration core sends `activated` only when it should change); upsertRounds.ts adds what is needed.
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
export function readEntry(context: IExecuteFunctions, readers: Readers, i: number): Entry {
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
		throw itemError(
			context,
			`${label} must be text, a number or a date, not an object or a list`,
			i,
			'Map one value of the input item here.',
		);
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
export function readAutoEntry(
	context: IExecuteFunctions,
	readers: Readers,
	json: IDataObject,
	i: number,
	globalTypes: Map<string, string> | undefined,
	definitionsError: Error | undefined,
): Entry {
	const raw = json.email;
	if (raw !== null && typeof raw === 'object') {
		throw itemError(context, `${field('email')} must be text, not an object or a list`, i, 'Map the email address as text.');
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
	if (!isEmail(email)) throw itemError(
			context,
			`${field('email')}: "${truncate(email)}" is not a valid email address`,
			i,
			'Fix the address in this input item (e.g. jane@example.com), or filter such items out before this node.',
		);

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
		throw itemError(context, `${field('source')} must be text, not an object or a list`, i, 'Map the source as text.');
	}
	const orders = json.orders;
	if (orders !== undefined && orders !== null && !Array.isArray(orders)) {
		throw itemError(
			context,
			`${field('orders')} must be a list of order items`,
			i,
			'Give a list of objects with order_id, product, price and quantity, or leave orders out.',
		);
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

/**
 * Phase 1: every item read and checked locally, before any request. With Map Automatically the account's global
 * attributes are read (once) only if some item has fields that could be one.
 */
export async function readEntries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	definitions: AttributeDefinitions,
	results: ItemResults,
): Promise<Entry[]> {
	const readers = makeReaders(context);
	const mode = context.getNodeParameter('inputMode', 0, 'define') as InputMode;
	const loaded =
		mode === 'autoMap' && items.some((item) => Object.keys(item.json).some((key) => !AUTO_FIELDS.has(key)))
			? await definitions.forGroup()
			: undefined;
	const entries: Entry[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			entries.push(
				mode === 'autoMap'
					? readAutoEntry(context, readers, items[i].json, i, loaded?.global, loaded?.globalError)
					: readEntry(context, readers, i),
			);
		} catch (error) {
			results.fail(i, error);
		}
	}
	return entries;
}

/** Phase 2: attribute names and types against the account's definitions (read once per execution). */
export async function checkEntryAttributes(
	context: IExecuteFunctions,
	entries: Entry[],
	definitions: AttributeDefinitions,
	results: ItemResults,
): Promise<Entry[]> {
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
			results.fail(entry.index, error);
		}
	}
	return valid;
}
