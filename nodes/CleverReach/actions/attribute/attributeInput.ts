/**
 * Reading the attribute parameters, checked locally: the scope's group, the type, preview and default values that
 * must fit the type, and the attribute given by name or numeric ID (a name is looked up in the scope's list).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { itemError, readScopeGroup, truncate } from '../../../shared/parameters';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';

export const ATTRIBUTE_TYPES = ['text', 'number', 'gender', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Reads the scope and, for "Group", the numeric group ID. */
export function getScope(context: IExecuteFunctions, itemIndex: number): { groupId?: string } {
	const groupId = readScopeGroup(context, itemIndex, 'scope', 'global');
	return groupId ? { groupId } : {};
}

function scopeLabel(groupId?: string): string {
	return groupId ? `the local attributes of group ${groupId}` : 'the global attributes';
}

/** Lists the attributes of a scope (global, or local to a group). */
export async function listAttributes(
	context: IExecuteFunctions,
	itemIndex: number,
	groupId?: string,
): Promise<IDataObject[]> {
	const path = groupId ? `/groups.json/${groupId}/attributes` : '/attributes.json';
	return asArray(
		await cleverReachApiRequest.call(context, 'GET', path, {
			itemIndex,
			notFoundMessage: groupId ? `Group ${groupId} was not found` : undefined,
		}),
	);
}

/**
 * Resolves the "Attribute" parameter to a numeric attribute ID. A number is used as it is (no request);
 * a name is looked up among the attributes of the chosen scope (dropdown values are names).
 */
export async function resolveAttribute(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<{ id: string; name?: string; groupId?: string }> {
	const raw = context.getNodeParameter('attribute', itemIndex, '') as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!value) {
		throw itemError(
			context,
			'Attribute is required',
			itemIndex,
			'Pick the attribute from the list, or give its numeric attribute ID or its name.',
		);
	}
	if (/^[0-9]+$/.test(value)) return { id: value };
	const { groupId } = getScope(context, itemIndex);
	const attributes = await listAttributes(context, itemIndex, groupId);
	const wanted = value.toLowerCase();
	const match = attributes.find((a) => String(a.name ?? '').toLowerCase() === wanted);
	if (!match || match.id === undefined || match.id === null) {
		throw itemError(
			context,
			`Attribute "${truncate(value)}" was not found among ${scopeLabel(groupId)}`,
			itemIndex,
			attributes.length
				? `Known names: ${truncate(attributes.map((a) => String(a.name)).join(', '), 300)}. Check the Scope, or give the numeric attribute ID.`
				: 'That scope has no attributes. Check the Scope, or give the numeric attribute ID.',
		);
	}
	return { id: String(match.id), name: String(match.name), groupId };
}

const NUMBER = /^[+-]?[0-9]+([.,][0-9]+)?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Checks a preview/default value against the attribute type, so CleverReach never sees a wrong value. */
export function checkValueForType(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	type: string,
	value: string,
): void {
	if (value === '') return;
	let ok = true;
	let expected = '';
	if (type === 'number') {
		ok = NUMBER.test(value);
		expected = 'a number, e.g. 42 or 3.5';
	} else if (type === 'date') {
		ok = DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
		expected = 'a date as YYYY-MM-DD';
	}
	// Gender values are not checked locally: the accepted spellings are not documented.
	if (!ok) {
		throw itemError(
			context,
			`${label} "${truncate(value)}" does not fit an attribute of type ${type}: expected ${expected}`,
			itemIndex,
		);
	}
}

/** Reads the type parameter and rejects anything but text/number/gender/date (e.g. from an expression). */
export function getAttributeType(context: IExecuteFunctions, name: string, itemIndex: number): AttributeType {
	const type = String(context.getNodeParameter(name, itemIndex, 'text') ?? '')
		.trim()
		.toLowerCase();
	if (!(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
		throw itemError(
			context,
			`Type must be one of ${ATTRIBUTE_TYPES.join(', ')}, not "${truncate(type)}"`,
			itemIndex,
		);
	}
	return type as AttributeType;
}
