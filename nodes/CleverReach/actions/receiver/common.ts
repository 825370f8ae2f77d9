/**
 * Helpers shared by the receiver operations: parameter descriptions (receiver reference, attributes, tags,
 * orders), reading and checking them locally, attribute type checks against the account's definitions,
 * and the simplified receiver shape.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { ID_SOURCE, withIdSource } from '../../../shared/descriptions';
import { calendarDate, isEmail, itemError, truncate } from '../../../shared/parameters';

// ---------------------------------------------------------------------------------------------------------------
// Parameter descriptions

/** "Receiver": a numeric receiver ID or an email address. */
export function receiverProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Receiver ID or Email',
		name: 'receiver',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jane@example.com or 1234567',
		...overrides,
		description: withIdSource(
			overrides.description ??
				'The receiver to act on: their email address, or their numeric CleverReach receiver ID (not a name)',
			ID_SOURCE.receiver,
		),
	};
}

/** Where a receiver is looked up: in one group or in the whole account. */
export function scopeProperty(): INodeProperties {
	return {
		displayName: 'Search In',
		name: 'scope',
		type: 'options',
		default: 'group',
		options: [
			{
				name: 'One Group',
				value: 'group',
				description: 'Look the receiver up in one group; returns that group’s receiver record',
			},
			{
				name: 'Whole Account',
				value: 'account',
				description: 'Look the receiver up across all groups of the account',
			},
		],
		description: 'Whether to look the receiver up within one group or across the whole account',
	};
}

const GLOBAL_ATTRIBUTES_DESCRIPTION =
	"Account-wide attribute values (e.g. firstname, lastname), keyed by the attribute's name. Values are checked against the attribute's type (number, date YYYY-MM-DD, gender, text) before anything is sent.";
const GROUP_ATTRIBUTES_DESCRIPTION =
	"Attribute values local to the chosen group, keyed by the attribute's name. Values are checked against the attribute's type before anything is sent.";

export function globalAttributesProperty(extraDescription = ''): INodeProperties {
	return {
		displayName: 'Global Attributes',
		name: 'globalAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Global Attribute',
		default: {},
		description: GLOBAL_ATTRIBUTES_DESCRIPTION + extraDescription,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getGlobalAttributes' },
						default: '',
						description:
							'The global attribute (its lower-case name, e.g. "firstname"). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value to store; an empty value clears the attribute',
					},
				],
			},
		],
	};
}

export function groupAttributesProperty(extraDescription = ''): INodeProperties {
	return {
		displayName: 'Group Attributes',
		name: 'groupAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Group Attribute',
		default: {},
		description: GROUP_ATTRIBUTES_DESCRIPTION + extraDescription,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getGroupAttributes', loadOptionsDependsOn: ['groupId.value'] },
						default: '',
						description:
							'The group attribute (its lower-case name). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value to store; an empty value clears the attribute',
					},
				],
			},
		],
	};
}

const FREE_TAGS = ' Comma-separated; use this for tags not used in the account yet.';

/** Tags picked from the account's tags, plus free-text tags. */
export function tagsProperties(label: string, description: string): INodeProperties[] {
	return [
		{
			displayName: `${label} Names or IDs`,
			name: 'tags',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTags' },
			default: [],
			description:
				'Tags already used in the account (see the free-text field for what happens with them). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: `${label} (Free Text)`,
			name: 'tagsText',
			type: 'string',
			default: '',
			placeholder: 'e.g. vip, Shop.Customer',
			description: description + FREE_TAGS,
		},
	];
}

// ---------------------------------------------------------------------------------------------------------------
// Reading parameters

/** A receiver reference: a numeric ID or a valid email, as given (trimmed). */
export function getReceiverRef(context: IExecuteFunctions, itemIndex: number, name = 'receiver'): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!value) throw itemError(context, 'Receiver ID or Email is required', itemIndex);
	if (!/^[0-9]+$/.test(value) && !isEmail(value)) {
		throw itemError(
			context,
			`Receiver "${truncate(value)}" is neither a numeric receiver ID nor a valid email address`,
			itemIndex,
		);
	}
	return value;
}

/** Path segment for a receiver reference (emails are URL-encoded). */
export function ref(value: string): string {
	return encodeURIComponent(value);
}

/** Tags from the picker and the free-text field, trimmed, de-duplicated (case-insensitive), in order. */
export function readTags(
	context: IExecuteFunctions,
	itemIndex: number,
	source: IDataObject,
	label = 'Tags',
): string[] {
	const picked = source.tags;
	const text = source.tagsText;
	const all: string[] = [];
	const add = (value: unknown) => {
		if (value === undefined || value === null || value === '') return;
		if (Array.isArray(value)) return value.forEach(add);
		if (typeof value === 'object') {
			throw itemError(context, `${label} must be text or a list of texts`, itemIndex);
		}
		for (const part of String(value).split(',')) {
			const tag = part.trim();
			if (tag) all.push(tag);
		}
	};
	add(picked);
	add(text);
	const seen = new Set<string>();
	return all.filter((tag) => {
		const key = tag.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

export interface AttributeValues {
	global: Record<string, string>;
	group: Record<string, string>;
}

function readAttributeCollection(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): Record<string, string> {
	const collection = context.getNodeParameter(name, itemIndex, {}) as IDataObject;
	const rows = (collection?.attribute ?? []) as IDataObject[];
	const out: Record<string, string> = {};
	for (const row of rows) {
		const key = String(row.name ?? '').trim();
		if (!key) throw itemError(context, `${label}: choose an attribute for every row`, itemIndex);
		const value = row.value;
		if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
			throw itemError(context, `${label}: the value of "${key}" must be text, not an object or a list`, itemIndex);
		}
		out[key] =
			value === undefined || value === null
				? ''
				: value instanceof Date
					? calendarDate(context, value)
					: String(value);
	}
	return out;
}

export function readAttributes(context: IExecuteFunctions, itemIndex: number): AttributeValues {
	return {
		global: readAttributeCollection(context, itemIndex, 'globalAttributes', 'Global Attributes'),
		group: readAttributeCollection(context, itemIndex, 'groupAttributes', 'Group Attributes'),
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Attribute definitions and type checks

type AttributeTypes = Map<string, string>;

interface Loaded {
	types?: AttributeTypes;
	/** Why the list could not be read (after the transport's retries). */
	error?: NodeApiError;
}

/**
 * Loads attribute definitions (name → type) once per execution: the global ones and those of each group.
 * A definition list that cannot be read is unknown: values named by the user are then sent unchecked (CleverReach
 * refuses bad ones), and `globalError` tells callers that must classify input fields (Map Automatically) why.
 */
export class AttributeDefinitions {
	private global?: Promise<Loaded>;
	private groups = new Map<string, Promise<Loaded>>();

	constructor(private readonly context: IExecuteFunctions) {}

	private async load(qs?: IDataObject): Promise<Loaded> {
		try {
			const list = asArray(
				await cleverReachApiRequest.call(this.context, 'GET', '/attributes.json', qs ? { qs } : {}),
			);
			return { types: new Map(list.map((a) => [String(a.name).toLowerCase(), String(a.type ?? 'text').toLowerCase()])) };
		} catch (error) {
			if (error instanceof NodeApiError) return { error };
			throw new NodeOperationError(this.context.getNode(), error as Error);
		}
	}

	async forGroup(
		groupId?: string,
	): Promise<{ global?: AttributeTypes; group?: AttributeTypes; globalError?: NodeApiError }> {
		this.global ??= this.load();
		let group: Promise<Loaded> | undefined;
		if (groupId) {
			group = this.groups.get(groupId);
			if (!group) {
				group = this.load({ group_id: groupId });
				this.groups.set(groupId, group);
			}
		}
		const global = await this.global;
		return { global: global.types, group: group ? (await group).types : undefined, globalError: global.error };
	}
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks (and normalises) attribute values against known definitions. `relative` allows `+n`/`-n` on
 * numbers (upsert increments). Throws a NodeOperationError naming the attribute.
 */
export async function checkAttributes(
	context: IExecuteFunctions,
	definitions: AttributeDefinitions,
	groupId: string | undefined,
	values: AttributeValues,
	itemIndex: number,
	relative: boolean,
): Promise<void> {
	const hasGlobal = Object.keys(values.global).length > 0;
	const hasGroup = Object.keys(values.group).length > 0;
	if (!hasGlobal && !hasGroup) return;
	const known = await definitions.forGroup(groupId);
	const check = (
		map: Record<string, string>,
		types: AttributeTypes | undefined,
		other: AttributeTypes | undefined,
		label: string,
		otherLabel: string,
	) => {
		if (!types) return;
		for (const [name, raw] of Object.entries(map)) {
			const type = types.get(name.toLowerCase());
			if (type === undefined) {
				const hint = other?.has(name.toLowerCase())
					? ` It is one of the ${otherLabel}: add it there instead.`
					: ` Known ${label}: ${[...types.keys()].join(', ') || 'none'}.`;
				throw itemError(context, `${label}: attribute "${name}" does not exist`, itemIndex, hint.trim());
			}
			map[name] = checkValue(context, name, type, raw, itemIndex, relative);
		}
	};
	check(values.global, known.global, known.group, 'global attributes', 'group attributes');
	if (hasGroup) check(values.group, known.group, known.global, 'group attributes', 'global attributes');
}

function checkValue(
	context: IExecuteFunctions,
	name: string,
	type: string,
	raw: string,
	itemIndex: number,
	relative: boolean,
): string {
	const value = raw.trim();
	if (value === '') return '';
	if (type === 'number') {
		if (!NUMBER.test(value)) {
			throw itemError(context, `Attribute "${name}" is a number attribute, but the value "${truncate(value)}" is not a number`, itemIndex);
		}
		if (relative && /^[+-]/.test(value)) return value;
		return String(Number(value));
	}
	if (type === 'date') {
		let date = value;
		if (!DATE.test(date)) {
			const ms = /^\d{4}-\d{2}-\d{2}[T ]/.test(value) ? Date.parse(value) : NaN;
			if (Number.isNaN(ms)) {
				throw itemError(
					context,
					`Attribute "${name}" is a date attribute, but the value "${truncate(value)}" is not a date (use YYYY-MM-DD)`,
					itemIndex,
				);
			}
			date = value.slice(0, 10);
		}
		const m = DATE.exec(date) as RegExpExecArray;
		const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
		if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
			throw itemError(context, `Attribute "${name}" is a date attribute, but "${date}" is not a real date`, itemIndex);
		}
		return date;
	}
	return raw;
}

/** Whether a value would be read by upsertplus as an increment/decrement. */
export function isRelative(values: Record<string, string>): boolean {
	return Object.values(values).some((v) => /^[+-]/.test(v.trim()));
}

// ---------------------------------------------------------------------------------------------------------------
// Output

export const SIMPLE_FIELDS = [
	'id',
	'email',
	'active',
	'activated',
	'registered',
	'deactivated',
	'bounced',
	'group_id',
	'source',
	'global_attributes',
	'attributes',
	'tags',
] as const;

export function simplifyReceiver(receiver: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of SIMPLE_FIELDS) if (key in receiver) out[key] = receiver[key];
	return out;
}

/**
 * One receiver from a look-up. The account-wide `GET /receivers.json/{id|email}` may answer a one-element list
 * (CleverReach's SDK unwraps it: docs/cleverreach-api.md "Receivers").
 */
export function oneReceiver(body: unknown): IDataObject {
	if (Array.isArray(body)) return (body[0] ?? {}) as IDataObject;
	return (body ?? {}) as IDataObject;
}

/** Finds a receiver in an upsert response by email (case-insensitive). */
export function byEmail(rows: IDataObject[]): Map<string, IDataObject> {
	const map = new Map<string, IDataObject>();
	for (const row of rows) {
		if (row && typeof row === 'object' && typeof row.email === 'string') map.set(row.email.trim().toLowerCase(), row);
	}
	return map;
}
