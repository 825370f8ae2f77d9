/**
 * Reads every receiver whose event time lies after a cursor position with `POST /receivers/filter.json`
 * (docs/cleverreach-api.md §3.7), in (time, email) order, without relying on anything the evidence leaves open:
 *
 * - no `orderby` and no page numbers: each request asks for a window of times (`<field> bg` / `sm` rules) small
 *   enough to come back in one page, so the order CleverReach returns rows in, and ties, do not matter;
 * - a full page means "maybe more": the window is split (times in halves; a single crowded second by email ranges,
 *   `email sm`/`eq`/`bg`) until every piece fits. The page size is 500, what production clients use, so a lower
 *   silent cap would still be seen as a full page;
 * - every row is checked against its window locally: a server that ignored a rule is noticed (the trigger then
 *   probes again and changes strategy) instead of being trusted;
 * - a crowded second whose email ranges do not narrow is read page by page until two complete passes agree.
 * The reads stop between two pieces when the poll's row cap or time budget is reached, and say how far they got.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import type { PollRun } from '../run';
import { asNodeError, isStatus } from '../run';
import type { Point } from '../window';
import { MAX_EMAIL } from '../window';

export const SEARCH_PATH = '/receivers/filter.json';
export const SEARCH_PAGE_SIZE = 500;
/** Highest event time a window can name (a timestamp written in milliseconds by mistake is still below it). */
const MAX_TS = Number.MAX_SAFE_INTEGER;
const MAX_PASSES = 6;
/**
 * A catch-up reads many ranges in a row: once one range came back whole, the next is cut to the time that held about
 * this many rows (well below a page, so that a denser stretch still fits), instead of asking for everything after it
 * and splitting a full page again (measured: 5,000 new receivers over an hour took 73 requests before, 5,000 in one
 * second 76).
 */
const TARGET_ROWS = 300;

export interface SearchSpec {
	groups: string[];
	/** The rule field the window is on (e.g. `deactivated`). */
	field: string;
	/** More rules, ANDed (e.g. `deactivated eq 0`). */
	rules: IDataObject[];
	detail: number;
	notFoundMessage: string;
	/** The event time of a row (usually `Number(row[field])`). */
	timeOf(row: IDataObject): number;
}

export interface Covered {
	rows: IDataObject[];
	coveredTo: 'all' | Point;
}

/** CleverReach ignored a rule the trigger relies on (seen from rows outside the window). */
export class IgnoredRuleError extends Error {
	constructor(public readonly rule: string) {
		super(`CleverReach ignored the search rule "${rule}"`);
	}
}

interface Range {
	lo: number;
	hi: number;
	/** Within one second: emails strictly after / before these, or exactly this one. */
	after?: string;
	before?: string;
	eq?: string;
}

export function emailOf(row: IDataObject): string {
	return String(row.email ?? '').toLowerCase();
}

export function rowIdentity(row: IDataObject): string {
	return `${String(row.group_id ?? '')}:${String(row.id ?? row.email ?? '')}`;
}

function rulesFor(spec: SearchSpec, range: Range): IDataObject[] {
	const rules: IDataObject[] = [{ field: spec.field, logic: 'bg', condition: String(range.lo - 1) }];
	if (range.hi < MAX_TS) rules.push({ field: spec.field, logic: 'sm', condition: String(range.hi + 1) });
	if (range.after !== undefined) rules.push({ field: 'email', logic: 'bg', condition: range.after });
	if (range.before !== undefined) rules.push({ field: 'email', logic: 'sm', condition: range.before });
	if (range.eq !== undefined) rules.push({ field: 'email', logic: 'eq', condition: range.eq });
	return [...rules, ...spec.rules];
}

function inRange(spec: SearchSpec, range: Range, row: IDataObject): boolean {
	const ts = spec.timeOf(row);
	const email = emailOf(row);
	if (ts < range.lo || ts > range.hi) return false;
	if (range.after !== undefined && !(email > range.after)) return false;
	if (range.before !== undefined && !(email < range.before)) return false;
	return range.eq === undefined || email === range.eq;
}

const narrowsEmail = (range: Range) => range.after !== undefined || range.before !== undefined || range.eq !== undefined;

async function page(run: PollRun, spec: SearchSpec, range: Range, pageNumber = 0): Promise<IDataObject[]> {
	const body = {
		groups: spec.groups,
		operator: 'AND',
		rules: rulesFor(spec, range),
		detail: spec.detail,
		page: pageNumber,
		pagesize: SEARCH_PAGE_SIZE,
	};
	return asArray(
		await run.request('POST', SEARCH_PATH, { body, idempotent: true, notFoundMessage: spec.notFoundMessage }),
	);
}

/** All rows of a crowded second, page by page, read again until a pass finds no row the others missed. */
async function converge(run: PollRun, spec: SearchSpec, range: Range): Promise<IDataObject[]> {
	const whole: Range = { lo: range.lo, hi: range.hi };
	const union = new Map<string, IDataObject>();
	for (let pass = 0; pass < MAX_PASSES; pass++) {
		let total = 0;
		for (let n = 0; ; n++) {
			const rows = await page(run, spec, whole, n);
			total += rows.length;
			for (const row of rows) if (inRange(spec, whole, row)) union.set(rowIdentity(row), row);
			if (rows.length < SEARCH_PAGE_SIZE) break;
		}
		if (union.size >= total) return [...union.values()].filter((row) => inRange(spec, range, row));
	}
	throw new NodeOperationError(run.context.getNode(), 'CleverReach returned a crowded search result in an unstable order', {
		description: `More than ${SEARCH_PAGE_SIZE} receivers share one second and CleverReach's answer changed on every read. The trigger keeps its position and tries again at the next poll.`,
	});
}

/**
 * Smaller ranges that together are `range`, in order; undefined when it cannot be narrowed further. A full page is
 * a sample of its range, so the first piece ends at the sample's first quarter: it most likely fits in one page,
 * and a crowded range takes a few requests to narrow whatever its length (a slow CleverReach still makes progress).
 */
function split(spec: SearchSpec, range: Range, rows: IDataObject[]): Range[] | undefined {
	if (range.eq !== undefined) return undefined;
	if (range.lo < range.hi) {
		const times = rows.map(spec.timeOf).sort((a, b) => a - b);
		let cut = times[Math.floor(times.length / 4)];
		if (!(cut >= range.lo && cut < range.hi)) cut = Math.floor(range.lo / 2 + range.hi / 2);
		return [
			{ lo: range.lo, hi: cut },
			{ lo: cut + 1, hi: range.hi },
		];
	}
	const emails = [...new Set(rows.map(emailOf))].sort();
	if (emails.length < 2) return undefined;
	const m = emails[Math.floor(emails.length / 2)];
	const second = { lo: range.lo, hi: range.hi };
	return [
		{ ...second, after: range.after, before: m },
		{ ...second, eq: m },
		{ ...second, after: m, before: range.before },
	];
}

/**
 * Every row with an event time after `from` (exclusive), in (time, email) order, up to `maxRows` rows or the
 * poll's time budget; `coveredTo` tells how far the reads got ('all' when nothing was left out).
 */
export async function readAfter(run: PollRun, spec: SearchSpec, from: Point, maxRows: number): Promise<Covered> {
	const rows: IDataObject[] = [];
	const first: Range[] =
		from.email === MAX_EMAIL
			? [{ lo: from.ts + 1, hi: MAX_TS }]
			: [
					{ lo: from.ts, hi: from.ts, after: from.email },
					{ lo: from.ts + 1, hi: MAX_TS },
				];
	const stack: Range[] = [...first].reverse();
	let coveredTo: Point = from;
	/** Seconds per row in the last (not sparse) time range read whole: the next is cut to about TARGET_ROWS rows. */
	let secondsPerRow: number | undefined;
	while (stack.length) {
		if (rows.length >= maxRows || run.outOfTime) return { rows, coveredTo };
		const range = stack.pop()!;
		const span = secondsPerRow === undefined ? undefined : Math.max(1, Math.floor(secondsPerRow * TARGET_ROWS));
		if (span !== undefined && !narrowsEmail(range) && range.hi - range.lo + 1 > span) {
			stack.push({ lo: range.lo + span, hi: range.hi }, { lo: range.lo, hi: range.lo + span - 1 });
			continue;
		}
		const leafRows = await readRange(run, spec, range, stack);
		if (leafRows === undefined) continue; // split: its pieces are on the stack
		rows.push(...leafRows);
		coveredTo = endOf(range, leafRows);
		if (!narrowsEmail(range)) {
			// A sparse range says little about what follows: the next one is asked for whole again.
			secondsPerRow = range.hi < MAX_TS && leafRows.length >= TARGET_ROWS / 4 ? (range.hi - range.lo + 1) / leafRows.length : undefined;
		}
	}
	return { rows, coveredTo: 'all' };
}

/** Reads one range; returns its rows, or undefined after pushing its pieces (first piece on top) onto the stack. */
async function readRange(run: PollRun, spec: SearchSpec, range: Range, stack: Range[]): Promise<IDataObject[] | undefined> {
	let rows: IDataObject[];
	try {
		rows = await page(run, spec, range);
	} catch (error) {
		// Email rules only narrow a crowded second: if CleverReach refuses them, the second is read whole.
		if (narrowsEmail(range) && isStatus(error, 400)) return await converge(run, spec, range);
		throw asNodeError(run, error);
	}
	const inside = rows.filter((row) => inRange(spec, range, row));
	if (inside.length < rows.length) {
		// Rows outside the range: CleverReach did not apply a rule. For an email rule the second is read whole;
		// a time rule the trigger relies on is a strategy problem.
		if (narrowsEmail(range)) return await converge(run, spec, range);
		throw new IgnoredRuleError(`${spec.field} bg/sm`);
	}
	if (rows.length < SEARCH_PAGE_SIZE) return inside;
	const pieces = split(spec, range, rows);
	if (!pieces) return await converge(run, spec, range);
	for (const piece of [...pieces].reverse()) stack.push(piece);
	return undefined;
}

/** The last position a completed range covers. */
function endOf(range: Range, rows: IDataObject[]): Point {
	if (range.eq !== undefined) return { ts: range.hi, email: range.eq };
	if (range.before === undefined) return { ts: range.hi, email: MAX_EMAIL };
	const emails = rows.map(emailOf).sort();
	return { ts: range.hi, email: emails.length ? emails[emails.length - 1] : (range.after ?? '') };
}
