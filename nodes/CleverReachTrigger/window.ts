/**
 * How the cursor moves (pure; see state.ts for its shape). Every poll reads the events after the cursor's
 * position, in (time, email) order, and then:
 *
 * 1. Settles what is older than the look-back: an event whose time is at least `lookBack` seconds behind
 *    CleverReach's clock is visible by now whatever the search lag (as long as the lag is within the look-back),
 *    so every such event that was not emitted early is emitted now, and the position moves past it. This part
 *    needs no memory of keys, so bursts of any size (thousands in one second) are exact.
 * 2. Emits the newer events early, as soon as they are visible, and remembers their keys in `seen` until the
 *    position passes them. Memory is bounded: an event that does not fit waits until it is settled.
 *
 * At most `maxItems` events are emitted per poll; the position then stops between two (time, email) positions
 * and the next poll continues there. Reads that stopped early (time budget) say how far they got (`coveredTo`):
 * nothing beyond it is settled (what was read may still be emitted early).
 */
import { seenEntry, seenTime } from './state';

export interface Candidate<T> {
	/** The event's time (CleverReach's clock or a timestamp a client wrote). */
	ts: number;
	/** Orders events within one second; `''` when there is no email (mailings). */
	email: string;
	/** Names the event uniquely (the time is not part of it: `seen` stores it). */
	key: string;
	data: T;
}

export interface Position {
	settled: number;
	partial?: string;
	seen: string[];
}

export interface AdvanceOptions {
	/** CleverReach's clock minus the look-back: events up to this time are settled. */
	settleBefore: number;
	/** How far the reads got: every event up to (ts, email) was read; 'all' = the whole window. */
	coveredTo: 'all' | { ts: number; email: string };
	maxItems: number;
	maxSeen: number;
}

export interface Advanced<T> extends Position {
	emit: T[];
	/** Events that are due but waiting (per-poll cap or full memory): the next poll should come back soon. */
	waiting: number;
}

/** The highest email (in string order): a position at (t, MAX_EMAIL) is the whole second t. */
export const MAX_EMAIL = '\uffff';
const MAX = MAX_EMAIL;

/** A position in (event time, email) order. */
export interface Point {
	ts: number;
	email: string;
}

/** Order of positions: time, then email. */
function compare(a: Point, b: Point): number {
	if (a.ts !== b.ts) return a.ts - b.ts;
	return a.email === b.email ? 0 : a.email < b.email ? -1 : 1;
}

/** Order of events: by position, then key (so that the output order is stable). */
function compareEvents<T>(a: Candidate<T>, b: Candidate<T>): number {
	return compare(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function toPoint(position: Pick<Position, 'settled' | 'partial'>): Point {
	return position.partial === undefined ? { ts: position.settled, email: MAX } : { ts: position.settled + 1, email: position.partial };
}

function fromPoint(point: Point): Pick<Position, 'settled' | 'partial'> {
	return point.email === MAX ? { settled: point.ts } : { settled: point.ts - 1, partial: point.email };
}

/** The position as a point: everything at or before it is done. */
export function positionPoint(position: Pick<Position, 'settled' | 'partial'>): Point {
	return toPoint(position);
}

/** Whether an event at (ts, email) is at or before the position. */
export function isDone(position: Pick<Position, 'settled' | 'partial'>, ts: number, email: string): boolean {
	return compare({ ts, email }, toPoint(position)) <= 0;
}

export function advance<T>(position: Position, candidates: Array<Candidate<T>>, options: AdvanceOptions): Advanced<T> {
	const seen = new Set(position.seen);
	const start = toPoint(position);
	const sorted = candidates.filter((c) => compare(c, start) > 0).sort(compareEvents);
	// The reads may return an event twice (overlapping windows, repeated pages).
	const unique = sorted.filter((c, n) => n === 0 || sorted[n - 1].ts !== c.ts || sorted[n - 1].key !== c.key);

	// The settled zone ends at the look-back boundary, or where the reads stopped if that is earlier.
	const settleEnd: Point = { ts: options.settleBefore, email: MAX };
	const coveredEnd: Point = options.coveredTo === 'all' ? { ts: Infinity, email: MAX } : options.coveredTo;
	const zoneEnd = compare(coveredEnd, settleEnd) < 0 ? coveredEnd : settleEnd;
	const fresh = (c: Candidate<T>) => !seen.has(seenEntry(c.ts, c.key));

	const emit: T[] = [];
	let point = start;
	let waiting = 0;
	let stopped = false;
	let i = 0;
	while (i < unique.length && compare(unique[i], zoneEnd) <= 0) {
		// One (time, email) position at a time: the cursor can only stop between positions.
		let j = i;
		while (j < unique.length && unique[j].ts === unique[i].ts && unique[j].email === unique[i].email) j++;
		const group = unique.slice(i, j).filter(fresh);
		if (emit.length > 0 && emit.length + group.length > options.maxItems) {
			stopped = true;
			waiting = unique.filter((c, n) => n >= i && compare(c, zoneEnd) <= 0 && fresh(c)).length;
			break;
		}
		for (const c of group) emit.push(c.data);
		point = { ts: unique[i].ts, email: unique[i].email };
		i = j;
	}
	if (!stopped && compare(zoneEnd, point) > 0) point = zoneEnd;
	const after = fromPoint(point);
	const kept = position.seen.filter((entry) => seenTime(entry) > after.settled);

	// Newer events (as far as the reads got), emitted early while there is room to remember them.
	if (!stopped) {
		for (; i < unique.length; i++) {
			const c = unique[i];
			if (!fresh(c)) continue;
			if (emit.length >= options.maxItems || kept.length >= options.maxSeen) {
				waiting = unique.slice(i).filter(fresh).length;
				break;
			}
			const entry = seenEntry(c.ts, c.key);
			emit.push(c.data);
			kept.push(entry);
			seen.add(entry);
		}
	}
	return { emit, ...after, seen: kept, waiting };
}
