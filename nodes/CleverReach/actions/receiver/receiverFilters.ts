/**
 * Receiver › Get Many's Filters and Sort By, evaluated by the node on the rows of the group's own list: emails,
 * sources, tags, dates and attribute conditions, and the orders the node sorts itself.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { itemError, ONE_OF_HINT, readDate } from '../../../shared/parameters';

const byNumber = (field: string, desc: boolean) => (a: IDataObject, b: IDataObject) =>
	(desc ? -1 : 1) * (Number(a[field] ?? 0) - Number(b[field] ?? 0)) || Number(a.id ?? 0) - Number(b.id ?? 0);

/**
 * The Sort By values: `server` when CleverReach's group list is confirmed to sort by it (docs/cleverreach-api.md,
 * "Receivers"), `compare` when the node sorts (after reading every page; pages come by email).
 */
export const ORDERS: Record<string, { server: boolean; compare?: (a: IDataObject, b: IDataObject) => number }> = {
	'': { server: true },
	'email asc': { server: true },
	'registered desc': { server: true, compare: byNumber('registered', true) },
	'registered asc': { server: true, compare: byNumber('registered', false) },
	'activated desc': { server: false, compare: byNumber('activated', true) },
	'last_changed desc': { server: false, compare: byNumber('last_changed', true) },
};

interface Filter {
	test: (row: IDataObject) => boolean;
	needsTags: boolean;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/** The value of a field of a receiver row: a global or group attribute, or a top-level field. */
function fieldValue(row: IDataObject, field: string): string | undefined {
	const globals = row.global_attributes as IDataObject | undefined;
	const locals = row.attributes as IDataObject | undefined;
	for (const bag of [globals, locals]) {
		if (bag && typeof bag === 'object' && field in bag) return text(bag[field]);
	}
	const top = row[field];
	if (top !== undefined && (top === null || typeof top !== 'object')) return text(top);
	return undefined;
}

/** Compares a stored value with a condition: numbers as numbers, everything else as case-insensitive text. */
function compare(value: string, condition: string): number {
	const a = Number(value);
	const b = Number(condition);
	if (value !== '' && condition !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
	const x = value.toLowerCase();
	const y = condition.toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}

/** One attribute condition; `nocontains` (CleverReach's spelling), `notcontains`, `neq` and `isnull` included. */
function conditionTest(logic: string, condition: string): ((value: string) => boolean) | undefined {
	const needle = condition.toLowerCase();
	switch (logic) {
		case 'eq':
			return (v) => compare(v, condition) === 0;
		case 'neq':
			return (v) => compare(v, condition) !== 0;
		case 'contains':
			return (v) => v.toLowerCase().includes(needle);
		case 'notcontains':
		case 'nocontains':
			return (v) => !v.toLowerCase().includes(needle);
		case 'bg':
			return (v) => v !== '' && compare(v, condition) > 0;
		case 'sm':
			return (v) => v !== '' && compare(v, condition) < 0;
		case 'isnull':
			return (v) => v === '';
		case 'notisnull':
			return (v) => v !== '';
		default:
			return undefined;
	}
}

/** Whether a receiver carries `wanted`: the full tag, or (for a tag without origin) that tag under any origin. */
function hasTag(row: IDataObject, wanted: string): boolean {
	const tags = Array.isArray(row.tags) ? (row.tags as unknown[]).map((t) => String(t).toLowerCase()) : [];
	const tag = wanted.toLowerCase();
	if (tags.includes(tag)) return true;
	return !tag.includes('.') && tags.some((t) => t.slice(t.indexOf('.') + 1) === tag);
}

/** The Filters as one test on a receiver row (all must hold), or undefined when none is set. */
export function buildFilter(context: IExecuteFunctions, filters: IDataObject, i: number): Filter | undefined {
	const tests: Array<(row: IDataObject) => boolean> = [];
	const contains = (field: string, value: unknown) => {
		const needle = text(value).toLowerCase();
		if (needle) tests.push((row) => text(row[field]).toLowerCase().includes(needle));
	};
	contains('email', filters.emailContains);
	contains('source', filters.sourceContains);
	const tag = text(filters.tag);
	if (tag) tests.push((row) => hasTag(row, tag));
	const time = (key: string, label: string, field: string, after: boolean) => {
		const seconds = readDate(context, filters[key], label, i);
		if (seconds === undefined) return;
		tests.push((row) => (after ? Number(row[field] ?? 0) > seconds : Number(row[field] ?? 0) < seconds));
	};
	time('registeredAfter', 'Registered After', 'registered', true);
	time('registeredBefore', 'Registered Before', 'registered', false);
	time('changedAfter', 'Changed After', 'last_changed', true);
	const conditions = ((filters.attributeConditions as IDataObject)?.condition ?? []) as IDataObject[];
	for (const c of conditions) {
		const field = text(c.field).toLowerCase();
		if (!field) throw itemError(
				context,
				'Attribute Conditions: every condition needs an attribute name',
				i,
				'Fill in Attribute Name in every condition, or remove the empty condition.',
			);
		const logic = text(c.logic || 'eq').toLowerCase();
		const test = conditionTest(logic, text(c.condition));
		if (!test) throw itemError(context, `Attribute Conditions: "${logic}" is not an operator`, i, ONE_OF_HINT);
		tests.push((row) => {
			const value = fieldValue(row, field);
			if (value === undefined) {
				throw itemError(context, `Attribute Conditions: "${field}" is not an attribute of the receivers of this group`, i, 'See Attribute › Get Many for the names (global and group attributes).');
			}
			return test(value);
		});
	}
	if (!tests.length) return undefined;
	return { test: (row) => tests.every((t) => t(row)), needsTags: Boolean(tag) };
}
