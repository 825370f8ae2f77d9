/** Parameters shared by the receiver operations: the receiver, where to look it up, attributes and tags. */
import type { INodeProperties } from 'n8n-workflow';
import { ID_SOURCE, scopeProperties, withIdSource } from '../../../shared/descriptions';

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

/** Where a receiver is looked up: in one group or in the whole account (with the group picker for "One Group"). */
export function receiverScopeProperties(): INodeProperties[] {
	return scopeProperties({
		name: 'scope',
		displayName: 'Search In',
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
		default: 'group',
		description: 'Whether to look the receiver up within one group or across the whole account',
	});
}

/** The two attribute collections of receiver writes: account-wide (global) or local to the chosen group. */
const ATTRIBUTE_SCOPES = {
	global: {
		displayName: 'Global Attributes',
		name: 'globalAttributes',
		placeholder: 'Add Global Attribute',
		description:
			"Account-wide attribute values (e.g. firstname, lastname), keyed by the attribute's name. Values are checked against the attribute's type (number, date YYYY-MM-DD, gender, text) before anything is sent.",
		typeOptions: { loadOptionsMethod: 'getGlobalAttributes' },
		nameDescription:
			'The global attribute (its lower-case name, e.g. "firstname"). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	group: {
		displayName: 'Group Attributes',
		name: 'groupAttributes',
		placeholder: 'Add Group Attribute',
		description:
			"Attribute values local to the chosen group, keyed by the attribute's name. Values are checked against the attribute's type before anything is sent.",
		typeOptions: { loadOptionsMethod: 'getGroupAttributes', loadOptionsDependsOn: ['groupId.value'] },
		nameDescription:
			'The group attribute (its lower-case name). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
};

function attributesProperty(scope: keyof typeof ATTRIBUTE_SCOPES, extraDescription: string): INodeProperties {
	const { displayName, name, placeholder, description, typeOptions, nameDescription } = ATTRIBUTE_SCOPES[scope];
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder,
		default: {},
		description: description + extraDescription,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions,
						default: '',
						description: nameDescription,
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

export function globalAttributesProperty(extraDescription = ''): INodeProperties {
	return attributesProperty('global', extraDescription);
}

export function groupAttributesProperty(extraDescription = ''): INodeProperties {
	return attributesProperty('group', extraDescription);
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
