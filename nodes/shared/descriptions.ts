import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The action node's description. The polling trigger carries it too: n8n's nodes panel merges a node with the
 * trigger whose type name is the node's plus "Trigger" into one entry and shows the trigger's description there
 * (editor-ui useActionsGeneration: "default to trigger description"), so that entry shows this text.
 */
export const NODE_DESCRIPTION =
	'Manage CleverReach email marketing: groups (recipient lists), receivers (subscribers) with bulk import and double opt-in, attributes, mailings, reports, forms and the blacklist';

/**
 * Where an agent (or a user with an expression) gets an ID from: added to every ID parameter's description, so
 * that `$fromAI` parameters say what to fill in.
 */
export const ID_SOURCE = {
	group: 'For an agent: a numeric group ID; list the groups first with Group › Get Many.',
	mailing: 'For an agent: a numeric mailing ID; list the mailings first with Mailing › Get Many.',
	form: 'For an agent: a numeric form ID; list the forms first with Form › Get Many.',
	receiver: 'For an agent: an email address, or a numeric receiver ID from Receiver › Get Many.',
};

/** A description with the ID source added (once). */
export function withIdSource(description: unknown, source: string): string {
	const text = String(description ?? '').trim();
	if (text.includes(source)) return text;
	return `${text}${/[.!?]$/.test(text) || !text ? '' : '.'} ${source}`.trim();
}

/** How the AI workflow builder fills a resource locator: from the list for the user, or by numeric ID, never by name. */
function locatorHint(noun: string, resource: string): string {
	return `Default to mode 'list' so the user picks the ${noun}; with mode 'id' give a numeric ${noun} ID from ${resource} › Get Many (or an expression reading it), never the ${noun}'s name`;
}

/** Parameters in the order n8n's lint wants them in collections (by display name). */
export function byDisplayName(properties: INodeProperties[]): INodeProperties[] {
	return [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A resource locator for a CleverReach group (recipient list): from the list, by ID or by URL. */
export function groupLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Group',
		name: 'groupId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		builderHint: { propertyHint: locatorHint('group', 'Group') },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1234567',
				validation: [
					{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A group ID is a number' } },
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://eu2.cleverreach.com/admin/customer_groups_view.php?id=1234567',
				extractValue: { type: 'regex', regex: '[?&]id=([0-9]+)' },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^https?://.*[?&]id=[0-9]+.*$',
							errorMessage: 'Not a CleverReach group URL (it contains id=<number>)',
						},
					},
				],
			},
		],
		...overrides,
		description: withIdSource(
			overrides.description ??
				'The CleverReach group (recipient list). Pick it from the list, or give its numeric ID (not its name).',
			ID_SOURCE.group,
		),
	};
}

/**
 * Where an operation works: the whole account (or its account-wide part) or one group, as an options parameter
 * whose group choice has the value `group`, followed by the group picker shown for that choice (read both with
 * `readScopeGroup`, shared/parameters.ts). Names, values and texts are the operation's own: they are saved in
 * workflows.
 */
export function scopeProperties(scope: {
	name: string;
	displayName: string;
	/** In the order shown; the group's choice has the value `group`. */
	options: INodePropertyOptions[];
	default: string;
	description: string;
	/** The group picker's description (the picker's own by default). */
	groupDescription?: string;
	noDataExpression?: boolean;
}): INodeProperties[] {
	const { name, displayName, options, default: defaultScope, description, groupDescription, noDataExpression } = scope;
	return [
		{
			displayName,
			name,
			type: 'options',
			...(noDataExpression ? { noDataExpression } : {}),
			options,
			default: defaultScope,
			description,
		},
		groupLocator({
			...(groupDescription ? { description: groupDescription } : {}),
			displayOptions: { show: { [name]: ['group'] } },
		}),
	];
}

/** A resource locator for a mailing: from the list (drafts first), by ID or by URL. */
export function mailingLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return idLocator('Mailing', 'mailingId', 'searchMailings', 'The CleverReach mailing (newsletter)', overrides, ID_SOURCE.mailing);
}

/** A resource locator for a sign-up form: from the list, by ID or by URL. */
export function formLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return idLocator(
		'Form',
		'formId',
		'searchForms',
		'The CleverReach form whose double opt-in emails are used',
		overrides,
		ID_SOURCE.form,
	);
}

function idLocator(
	label: string,
	name: string,
	searchListMethod: string,
	description: string,
	overrides: Partial<INodeProperties>,
	source: string,
): INodeProperties {
	return {
		displayName: label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		builderHint: { propertyHint: locatorHint(label.toLowerCase(), label) },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1234567',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: `A ${label.toLowerCase()} ID is a number` },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://eu2.cleverreach.com/admin/...?id=1234567',
				extractValue: { type: 'regex', regex: '[?&]id=([0-9]+)' },
			},
		],
		...overrides,
		description: withIdSource(overrides.description ?? `${description}. Pick it from the list, or give its numeric ID.`, source),
	};
}

/** The "Filters" collection of a Get Many: conditions the node (or CleverReach) checks on the rows. */
export function filtersCollection(description: string, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, description, options };
}

/** A required email address parameter named `email` (checked with getEmail before any request). */
export function emailProperty(description: string): INodeProperties {
	return {
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description,
	};
}

/** Return All + Limit (Limit is shown while Return All is off). */
export function returnAllOrLimit(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** The "Simplify" switch for operations whose raw responses are large. */
export function simplifyOption(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
}

/**
 * The "Include" option of receiver lists: extra data CleverReach adds to each receiver (events, orders, tags), sent
 * as the `detail` bitmask computed by `detailBitmask()`. Default (none unless given) and description are
 * per operation.
 */
export function includeDetailOption(perOperation: { default?: string[]; description: string }): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		default: [],
		options: [
			{ name: 'Events', value: 'events' },
			{ name: 'Orders', value: 'orders' },
			{ name: 'Tags', value: 'tags' },
		],
		...perOperation,
	};
}

/** Receiver `detail` bits (docs/cleverreach-api.md §3.1): 1 events, 2 orders, 4 tags. */
export const DETAIL_BITS: Record<string, number> = { events: 1, orders: 2, tags: 4 };

/** The `detail` bitmask for the values of an Include option (`includeDetailOption`); unknown values add nothing. */
export function detailBitmask(include: string[]): number {
	return include.reduce((bits, name) => bits | (DETAIL_BITS[name] ?? 0), 0);
}
