import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { formLocator, groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { errorForItem, errorItemJson, getEmail, getId, showFor } from '../../../shared/utils';
import type { UpsertOutcome, UpsertRow } from './bulk';
import { upsertRows } from './bulk';
import type { AttributeValues } from './common';
import {
	AttributeDefinitions,
	checkAttributes,
	globalAttributesProperty,
	groupAttributesProperty,
	isRelative,
	itemError,
	nowSeconds,
	orderValues,
	readAttributes,
	readTags,
	ref,
	RESOURCE,
	tagsProperties,
	toUnixSeconds,
} from './common';
import { doiDataProperty, readDoiData, sendDoiMail } from './doi';

type Activation = 'active' | 'doi' | 'inactive' | 'keep';

interface Entry {
	index: number;
	groupId: string;
	email: string;
	key: string;
	body: IDataObject;
	attributes: AttributeValues;
	activation: Activation;
	nonIdempotent: boolean;
	formId?: string;
	doidata?: IDataObject;
}

export const upsert: Operation = {
	description: showFor(RESOURCE, 'upsert', [
		groupLocator({ description: 'The group (recipient list) to add the receiver to, or to update them in. Pick it from the list, or give its numeric ID (not its name).' }),
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description:
				'Email address of the receiver. If it is already in the group, that receiver is updated; otherwise it is added.',
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
						'The receiver is active at once (only with consent). Re-activates receivers deactivated through the API; people who unsubscribed through CleverReach stay unsubscribed.',
				},
				{
					name: 'Inactive + Send Double Opt-In Email',
					value: 'doi',
					description:
						'GDPR-safe: new receivers are saved inactive and get the activation email of the chosen form; already active receivers are only updated, without an email',
				},
				{
					name: 'Inactive (No Email)',
					value: 'inactive',
					description: 'The receiver is saved inactive (not activated) and no email is sent',
				},
				{
					name: 'Unchanged (New Receivers Active)',
					value: 'keep',
					description:
						'Existing receivers keep their status; new receivers become active (CleverReach’s default)',
				},
			],
			description:
				'Whether the receiver is active (gets mailings) after this call, and whether a double opt-in email is sent',
		},
		formLocator({
			description:
				'The CleverReach form whose double opt-in (activation) email is sent. It must belong to the chosen group. Pick it from the list, or give its numeric ID.',
			displayOptions: { show: { activation: ['doi'] } },
		}),
		doiDataProperty({ displayOptions: { show: { activation: ['doi'] } } }),
		globalAttributesProperty(
			' A number value starting with + or - changes the stored number by that amount (e.g. +1).',
		),
		groupAttributesProperty(' A number value starting with + or - changes the stored number by that amount.'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
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
	]),
	async execute(items) {
		return await runUpsert(this, items);
	},
};

/** Reads and checks one item locally; throws before anything is sent. */
function readEntry(context: IExecuteFunctions, i: number): Entry {
	const groupId = getId(context, 'groupId', i, 'Group');
	const email = getEmail(context, 'email', i);
	const activation = context.getNodeParameter('activation', i, 'active') as Activation;
	if (!['active', 'doi', 'inactive', 'keep'].includes(activation)) {
		throw itemError(context, `Activation "${String(activation)}" is not one of active, doi, inactive, keep`, i);
	}
	const extra = context.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const attributes = readAttributes(context, i);
	const body: IDataObject = { email };
	let nonIdempotent = isRelative(attributes.global) || isRelative(attributes.group);

	if (extra.source !== undefined && String(extra.source).trim() !== '') body.source = String(extra.source);
	const registered = toUnixSeconds(context, extra.registered, 'Registered', i);
	if (registered !== undefined) body.registered = registered;
	if (activation === 'active') {
		body.activated = nowSeconds();
		body.deactivated = 0;
	} else if (activation === 'inactive') {
		body.activated = 0;
	}
	const tags = readTags(context, i, extra);
	if (tags.length) {
		body.tags = tags;
		if (tags.some((t) => t.startsWith('-'))) nonIdempotent = true;
	}
	const orders = readOrders(context, i, (extra.orders as IDataObject)?.order as IDataObject[] | undefined);
	if (orders.length) {
		body.orders = orders;
		nonIdempotent = true;
	}
	const entry: Entry = {
		index: i,
		groupId,
		email,
		key: email.toLowerCase(),
		body,
		attributes,
		activation,
		nonIdempotent,
	};
	if (activation === 'doi') {
		entry.formId = getId(context, 'formId', i, 'Form');
		entry.doidata = readDoiData(context, i);
	}
	return entry;
}

export function readOrders(context: IExecuteFunctions, i: number, rows: IDataObject[] | undefined): IDataObject[] {
	return (rows ?? []).map((row, n) => {
		const orderId = String(row.order_id ?? '').trim();
		const product = String(row.product ?? '').trim();
		if (!orderId) throw itemError(context, `Order item ${n + 1}: Order ID is required`, i);
		if (!product) throw itemError(context, `Order item ${n + 1}: Product is required`, i);
		const price = Number(row.price ?? 0);
		const quantity = Number(row.quantity ?? 1);
		if (!Number.isFinite(price)) throw itemError(context, `Order item ${n + 1}: Price must be a number`, i);
		if (!Number.isFinite(quantity)) throw itemError(context, `Order item ${n + 1}: Quantity must be a number`, i);
		const order: IDataObject = {
			order_id: orderId,
			product,
			product_id: String(row.product_id ?? ''),
			price,
			currency: String(row.currency ?? 'EUR'),
			quantity,
			stamp: toUnixSeconds(context, row.stamp, 'Order Date', i) ?? nowSeconds(),
		};
		for (const key of ['brand', 'product_category', 'product_source', 'mailing_id']) {
			if (row[key] !== undefined && String(row[key]) !== '') order[key] = String(row[key]);
		}
		return order;
	});
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
	const entries: Entry[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			entries.push(readEntry(context, i));
		} catch (error) {
			fail(i, error);
		}
	}

	// 2. Attribute names and types against the account's definitions (read once per execution).
	const definitions = new AttributeDefinitions(context);
	const valid: Entry[] = [];
	for (const entry of entries) {
		try {
			await checkAttributes(context, definitions, entry.groupId, entry.attributes, entry.index, true);
			if (Object.keys(entry.attributes.global).length) entry.body.global_attributes = entry.attributes.global;
			if (Object.keys(entry.attributes.group).length) entry.body.attributes = entry.attributes.group;
			valid.push(entry);
		} catch (error) {
			fail(entry.index, error);
		}
	}

	// 3. One bulk upsert per group (batches of at most 1000), then double opt-in emails.
	const byGroup = new Map<string, Entry[]>();
	for (const entry of valid) {
		const list = byGroup.get(entry.groupId) ?? [];
		list.push(entry);
		byGroup.set(entry.groupId, list);
	}
	for (const [groupId, groupEntries] of byGroup) {
		// Duplicate emails: the last item wins for the request; every item gets the answer.
		const last = new Map<string, Entry>();
		for (const entry of groupEntries) {
			last.delete(entry.key);
			last.set(entry.key, entry);
		}
		const unique = [...last.values()];
		const existing = await lookUpForDoi(context, groupId, unique);
		// Items whose look-up failed (and their duplicates) fail here, before anything is written for them.
		for (const entry of groupEntries) {
			const state = existing.get(entry.key);
			if (state instanceof Error) fail(entry.index, state);
		}
		const rows: UpsertRow[] = [];
		for (const entry of unique) {
			if (entry.activation === 'doi') {
				const state = existing.get(entry.key);
				if (state instanceof Error) continue;
				// New receivers are inserted inactive; existing ones keep their status.
				if (state === undefined) entry.body.activated = 0;
			}
			rows.push({ key: entry.key, body: entry.body, nonIdempotent: entry.nonIdempotent, itemIndex: entry.index });
		}
		const outcomes = await upsertRows(context, groupId, rows);

		const doiResults = new Map<string, IDataObject | Error>();
		for (const entry of unique) {
			const outcome = outcomes.get(entry.key);
			if (entry.activation !== 'doi' || !outcome || outcome instanceof Error) continue;
			const state = existing.get(entry.key);
			const receiver = outcome;
			if (state && !(state instanceof Error) && state.active === true) {
				doiResults.set(entry.key, { sent: false, reason: 'The receiver is already active' });
				continue;
			}
			try {
				await sendDoiMail(context, 'activate', entry.formId as string, entry.email, entry.doidata ?? {}, entry.index);
				doiResults.set(entry.key, { sent: true, formId: entry.formId });
			} catch (error) {
				const message = (error as Error).message;
				doiResults.set(
					entry.key,
					new NodeOperationError(
						context.getNode(),
						`Receiver "${entry.email}" was saved inactive, but the double opt-in email was not sent: ${message}`,
						{
							itemIndex: entry.index,
							description: `${(error as NodeApiError).description ?? ''} The receiver (ID ${String(receiver.id)}) stays inactive until activated; run again to resend.`.trim(),
						},
					),
				);
			}
		}

		for (const entry of groupEntries) {
			if (existing.get(entry.key) instanceof Error) continue; // already failed in the look-up
			const outcome: UpsertOutcome | undefined = outcomes.get(entry.key);
			if (!outcome) continue;
			if (outcome instanceof Error) {
				fail(entry.index, outcome);
				continue;
			}
			const doi = doiResults.get(entry.key);
			if (doi instanceof Error) {
				fail(entry.index, doi);
				continue;
			}
			results[entry.index] = doi ? { ...outcome, doubleOptIn: doi } : outcome;
		}
	}

	const output: INodeExecutionData[] = [];
	results.forEach((result, index) => {
		if (result === undefined) return;
		output.push({
			json: result instanceof Error ? errorItemJson(result) : result,
			pairedItem: { item: index },
		});
	});
	return output;
}

/**
 * For double opt-in, finds which receivers already exist in the group (so existing ones are not set
 * inactive and active ones get no email). Returns the receiver per email, undefined when new, or the error.
 */
async function lookUpForDoi(
	context: IExecuteFunctions,
	groupId: string,
	entries: Entry[],
): Promise<Map<string, IDataObject | Error | undefined>> {
	const states = new Map<string, IDataObject | Error | undefined>();
	for (const entry of entries) {
		if (entry.activation !== 'doi') continue;
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
				states.set(entry.key, undefined);
				continue;
			}
			states.set(entry.key, error as Error);
		}
	}
	return states;
}
