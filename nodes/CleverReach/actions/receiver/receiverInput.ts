/** Reading the receiver parameters, checked locally: the receiver reference, tags, attribute values. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { calendarDate, isEmail, itemError, truncate } from '../../../shared/parameters';

/** A receiver reference: a numeric ID or a valid email, as given (trimmed). */
export function getReceiverRef(context: IExecuteFunctions, itemIndex: number, name = 'receiver'): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!value) throw itemError(context, 'Receiver ID or Email is required', itemIndex, 'Give the receiver’s email address or numeric receiver ID.');
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
			throw itemError(context, `${label} must be text or a list of texts`, itemIndex, 'Map text or a list of texts here, not an object.');
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
			throw itemError(
				context,
				`${label}: the value of "${key}" must be text, not an object or a list`,
				itemIndex,
				'Give each attribute a text, number or date value.',
			);
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
