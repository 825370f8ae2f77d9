/**
 * Reading and checking parameters, one rule for the whole package: IDs, required text, emails, Return All / Limit,
 * dates, values read once per execution, and the error an item fails with when its input is wrong. Every check runs
 * before any request, so bad input never reaches CleverReach.
 *
 * Dates: every date parameter (Registered, Order Date, Get Many date filters, Mailing › Release, Report dates, date
 * attributes) goes through `readDate`, so that they all accept the same input and read it in the workflow's time
 * zone (Workflow settings › Timezone), never in the time zone of the n8n process. Time-zone offsets come from Intl
 * (node code imports only n8n-workflow).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The error of one item whose input is wrong: n8n names the item, `description` says what to do. */
export function itemError(
	context: IExecuteFunctions,
	message: string,
	itemIndex: number,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, ...(description ? { description } : {}) });
}

/** How to fix a value that is not one of an options parameter's values (usually set by an expression). */
export const ONE_OF_HINT = 'Choose one of the listed values; an expression must give one of them exactly.';

export function truncate(value: string, max = 60): string {
	return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Reads a resource locator's value (list, ID or URL mode), trimmed, and checks it is a numeric ID. */
export function getId(context: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!/^[0-9]+$/.test(value)) {
		throw itemError(
			context,
			value ? `${label} must be a numeric CleverReach ID, not "${truncate(value)}"` : `${label} is required`,
			itemIndex,
			`Parameter "${label}" of item ${itemIndex}: pick it from the list or enter its numeric ID.`,
		);
	}
	return value;
}

/** The group of a scope parameter (`scopeProperties`): its numeric ID when the scope is `group`, else undefined. */
export function readScopeGroup(context: IExecuteFunctions, itemIndex: number, name: string, fallback: string): string | undefined {
	const scope = context.getNodeParameter(name, itemIndex, fallback) as string;
	return scope === 'group' ? getId(context, 'groupId', itemIndex, 'Group') : undefined;
}

/** An optional numeric ID given as text (e.g. a filter, form or link ID); '' means not set. */
export function optionalNumericId(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string | undefined {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) return undefined;
	if (!/^[0-9]+$/.test(text)) throw itemError(
			context,
			`${label} must be a numeric CleverReach ID, not "${truncate(text)}"`,
			itemIndex,
			`Give the numeric ID (e.g. 1234567), not a name; list the IDs with the resource's Get Many.`,
		);
	return text;
}

/** Reads a required, non-empty string parameter. */
export function getRequiredString(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw !== null && typeof raw === 'object') {
		throw itemError(
			context,
			`${label} must be text, not an object or a list`,
			itemIndex,
			`Parameter "${label}" of item ${itemIndex} resolved to ${JSON.stringify(raw).slice(0, 80)}: map a text field of the input here.`,
		);
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value) {
		throw itemError(
			context,
			`${label} is required`,
			itemIndex,
			`Fill in ${label}; if it is an expression, check that it gives a value for item ${itemIndex}.`,
		);
	}
	return value;
}

/** Reads an optional text parameter as it is ('' when empty); an expression giving an object or a list fails. */
export function readText(context: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'object') {
		// Sending an object's JSON as, say, the body of an email would be wrong.
		throw itemError(
			context,
			`${label} must be text, not an object or a list`,
			itemIndex,
			`Parameter "${label}" of item ${itemIndex} resolved to ${truncate(JSON.stringify(raw), 80)}: map a text field of the input here.`,
		);
	}
	return String(raw);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
	return EMAIL.test(value);
}

/** Reads and checks an email parameter locally, so no request is sent for a malformed address. */
export function getEmail(context: IExecuteFunctions, name: string, itemIndex: number, label = 'Email'): string {
	const email = getRequiredString(context, name, itemIndex, label);
	if (!isEmail(email)) {
		throw itemError(
			context,
			`${label} "${truncate(email)}" is not a valid email address`,
			itemIndex,
			`Give one address such as jane@example.com; if ${label} is an expression, check the input field it reads.`,
		);
	}
	return email;
}

/** Reads Return All / Limit as the number of rows wanted (undefined = all). */
export function getLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw itemError(context, `Limit must be a whole number of at least 1, not ${limit}`, itemIndex, 'Set Limit to 1 or more, or turn on Return All.');
	}
	return limit;
}

/**
 * Wraps a per-item read of node parameters so it runs once per execution when none of the parameters `names`
 * holds an expression: their raw value (`this.getNode().parameters`) then contains no string starting with "=",
 * so it resolves to the same value for every item. The first successful result is reused for all items (treat
 * it as read-only); a read that throws is not cached, so every item gets its own error. If any of the
 * parameters holds an expression, `read` runs for every item as before.
 */
export function oncePerRun<T>(
	context: IExecuteFunctions,
	names: string[],
	read: (itemIndex: number) => T,
): (itemIndex: number) => T {
	const parameters = context.getNode().parameters;
	if (names.some((name) => JSON.stringify(parameters[name] ?? null).includes('"='))) return read;
	let cached: { value: T } | undefined;
	return (itemIndex) => {
		if (!cached) cached = { value: read(itemIndex) };
		return cached.value;
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** n8n's clock as unix seconds (only where CleverReach's own clock is not known). */
export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

export function isoFromUnix(seconds: number): string {
	return new Date(seconds * 1000).toISOString();
}

/** Unix seconds below this are seconds (up to the year 2286). */
const MAX_SECONDS = 10_000_000_000;
/** Numbers from here up are milliseconds (1973 onwards); between the two a number could be either. */
const MIN_MILLISECONDS = 100_000_000_000;
/** Milliseconds up to the year 2286. */
const MAX_MILLISECONDS = 10_000_000_000_000;

const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
/** RFC 2822 / HTTP dates and JavaScript's Date#toString, all with an explicit zone. */
const WITH_ZONE = [
	/^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:GMT|UTC|Z|[+-]\d{4})$/,
	/^[A-Za-z]{3} [A-Za-z]{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}( \(.*\))?$/,
];
/** 05/06/2030, 5.6.30, 2030/05/06: day and month cannot be told apart. */
const NUMERIC_DATE = /^\d{1,4}[./]\d{1,2}[./]\d{1,4}(\s.*)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, format);
	}
	return format;
}

/** The wall-clock time in `timeZone` at the instant `ms`, as milliseconds of the same wall time in UTC. */
function wallClock(ms: number, timeZone: string): number {
	const parts: Record<string, number> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const whole = Math.floor(ms / 1000) * 1000;
	return (
		Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second) + (ms - whole)
	);
}

/** The instants at which the clocks in `timeZone` show `wall` (0: skipped by a DST change, 2: repeated). */
function instantsOf(wall: number, timeZone: string): number[] {
	const found = new Set<number>();
	for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
		const offset = wallClock(probe, timeZone) - probe;
		const candidate = wall - offset;
		if (wallClock(candidate, timeZone) === wall) found.add(candidate);
	}
	return [...found].sort((a, b) => a - b);
}

/** The workflow's time zone, or UTC when it is not one Intl knows. */
export function workflowTimezone(context: IExecuteFunctions): string {
	const zone = context.getTimezone?.() || 'UTC';
	try {
		formatter(zone);
		return zone;
	} catch {
		return 'UTC';
	}
}

function dateError(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	message: string,
	timeZone: string,
): NodeOperationError {
	return itemError(
		context,
		message,
		itemIndex,
		`Parameter "${label}" of item ${itemIndex}: use an ISO date such as 2030-05-01T09:30:00 (read in the workflow's time zone, ${timeZone}) or with an offset (2030-05-01T09:30:00+02:00, …Z), or a unix timestamp in seconds or milliseconds.`,
	);
}

/**
 * A date parameter as unix seconds; undefined when it is empty. Accepts:
 * - unix timestamps in seconds or milliseconds (numbers or digits; a number that could be either is refused);
 * - ISO dates and date-times with an offset (`Z`, `+02:00`), read as they are;
 * - ISO dates and date-times without an offset (`2030-05-01`, `2030-05-01T09:30`), read in the workflow's time
 *   zone; a wall time the clocks skip or show twice there (daylight saving changes) is refused;
 * - RFC 2822 / HTTP dates with a zone, JavaScript dates, n8n's DateTime values (`{{ $now }}`).
 * Anything else (e.g. 05/06/2030, where day and month cannot be told apart) fails naming the item and the field.
 */
export function readDate(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number | undefined {
	const timeZone = workflowTimezone(context);
	const fail = (message: string) => dateError(context, itemIndex, label, message, timeZone);
	if (value === undefined || value === null) return undefined;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw fail(`${label} is not a valid date`);
		return Math.floor(value.getTime() / 1000);
	}
	if (typeof value === 'object') {
		const dateTime = value as { toMillis?: () => number; isValid?: boolean };
		if (typeof dateTime.toMillis === 'function' && dateTime.isValid !== false) {
			return Math.floor(dateTime.toMillis() / 1000);
		}
		throw fail(`${label} must be a date, not an object or a list`);
	}
	const text = String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		if (n > 0 && n < MAX_SECONDS) return Math.floor(n);
		if (n >= MIN_MILLISECONDS && n < MAX_MILLISECONDS) return Math.floor(n / 1000);
		if (n >= MAX_SECONDS && n < MIN_MILLISECONDS) {
			throw fail(`${label} "${truncate(text)}" is ambiguous: as seconds it is after the year 2286, as milliseconds before 1974`);
		}
		throw fail(`${label} "${truncate(text)}" is not a valid date`);
	}
	const iso = ISO.exec(text);
	if (iso) {
		const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = iso;
		const year = Number(y);
		const month = Number(mo);
		const day = Number(d);
		const wall = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
		const check = new Date(wall);
		if (
			check.getUTCFullYear() !== year ||
			check.getUTCMonth() !== month - 1 ||
			check.getUTCDate() !== day ||
			Number(h) > 23 ||
			Number(mi) > 59 ||
			Number(s) > 59
		) {
			throw fail(`${label} "${truncate(text)}" is not a valid date`);
		}
		if (zone) {
			if (/^z$/i.test(zone)) return Math.floor(wall / 1000);
			const sign = zone.startsWith('-') ? -1 : 1;
			const digits = zone.slice(1).replace(':', '');
			const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
			return Math.floor((wall - sign * offsetMinutes * 60_000) / 1000);
		}
		const instants = instantsOf(wall, timeZone);
		if (instants.length === 1) return Math.floor(instants[0] / 1000);
		if (instants.length === 0) {
			throw fail(`${label} "${truncate(text)}" does not exist in ${timeZone} (the clocks skip that hour): give the time with its offset`);
		}
		throw fail(`${label} "${truncate(text)}" happens twice in ${timeZone} (the clocks go back that night): give the time with its offset`);
	}
	if (WITH_ZONE.some((pattern) => pattern.test(text))) {
		const ms = Date.parse(text);
		if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
	}
	if (NUMERIC_DATE.test(text)) {
		throw fail(`${label} "${truncate(text)}" is ambiguous (day and month cannot be told apart): write it as YYYY-MM-DD`);
	}
	throw fail(`${label} "${truncate(text)}" is not a valid date`);
}

/** The calendar date (YYYY-MM-DD) of an instant in the workflow's time zone, e.g. for date attributes. */
export function calendarDate(context: IExecuteFunctions, date: Date): string {
	return new Date(wallClock(date.getTime(), workflowTimezone(context))).toISOString().slice(0, 10);
}
