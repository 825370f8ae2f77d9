/** Parameters shared by the attribute operations: the scope (global or one group), the attribute and its type. */
import type { INodeProperties } from 'n8n-workflow';
import { scopeProperties } from '../../../shared/descriptions';

/** "Global (all groups)" vs "Group", plus the group picker shown for "Group". */
export function attributeScopeProperties(purpose: string): INodeProperties[] {
	return scopeProperties({
		name: 'scope',
		displayName: 'Scope',
		noDataExpression: true,
		options: [
			{
				name: 'Global (All Groups)',
				value: 'global',
				description: 'Account-wide attributes, filled in "global_attributes" of every receiver',
			},
			{
				name: 'Group',
				value: 'group',
				description: 'Attributes local to one group, filled in "attributes" of that group\'s receivers',
			},
		],
		default: 'global',
		description: purpose,
		groupDescription:
			'The group whose local attributes are meant. Pick it from the list, or give its numeric group ID (not its name).',
	});
}

/**
 * The attribute to change or delete: a dropdown of the scope's attributes, or (by expression) a numeric
 * attribute ID or the attribute's name. Two properties with the same name, one per scope, because each
 * scope has its own list.
 */
export function attributeSelector(): INodeProperties[] {
	const common = {
		displayName: 'Attribute Name or ID',
		name: 'attribute',
		type: 'options' as const,
		required: true,
		default: '',
		description:
			'The attribute; an expression may also give its lower-case name (e.g. "firstname") or its numeric ID (e.g. 1111700). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
	return [
		{
			...common,
			typeOptions: { loadOptionsMethod: 'getGlobalAttributes' },
			displayOptions: { show: { scope: ['global'] } },
		},
		{
			...common,
			typeOptions: { loadOptionsMethod: 'getGroupAttributes', loadOptionsDependsOn: ['groupId.value'] },
			displayOptions: { show: { scope: ['group'] } },
		},
	];
}

export const typeProperty: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	options: [
		{ name: 'Date', value: 'date', description: 'A date, written as YYYY-MM-DD' },
		{ name: 'Gender', value: 'gender', description: 'The gender of the receiver (used for salutations)' },
		{ name: 'Number', value: 'number', description: 'A whole or decimal number' },
		{ name: 'Text', value: 'text', description: 'Free text' },
	],
	default: 'text',
	description: 'Kind of value the attribute holds; receiver values are checked against it',
};
