/**
 * The trigger's cursor: which events were already emitted, kept in the workflow's static data.
 *
 * Every event has a time `ts` (unix seconds, from CleverReach) and a `key` that names it uniquely
 * (`<group_id>:<receiver id>:<ts>` for receivers, `<mailing id>:<finished>` for mailings; the time is part of
 * the key, so a receiver who re-subscribes and unsubscribes again later is a new event).
 *
 * State per event configuration: `{ since, keys, floor? }`
 * - `since`: the newest `ts` emitted so far (or found at activation).
 * - `keys`: the keys emitted with `ts >= since - LATE_WINDOW`, oldest first, at most MAX_KEYS.
 * - `floor`: set when `keys` had to be cut: keys are complete only from this second on.
 *
 * A poll asks CleverReach for everything with `ts >= floorOf(state)` (= `since - LATE_WINDOW`, raised to `floor`),
 * emits what is not in `keys`, oldest first, and stores the new state. So:
 * - several events in the same second as `since` are never skipped nor repeated (their keys are remembered);
 * - an event that shows up late, with a `ts` up to LATE_WINDOW seconds before `since`, is still emitted once,
 *   provided it is within the last MAX_KEYS events;
 * - a poll that fails changes nothing (the caller stores the new state only after every request succeeded),
 *   so the next poll repeats the same window.
 * Size bound: MAX_KEYS keys of at most ~32 characters (10-digit ids and a 10-digit time) ≈ 1.8 KB of JSON per
 * event configuration, independent of the number of receivers. Stale configurations are dropped.
 */

/** How far back (seconds before the newest emitted event) a poll looks again for late events. */
export const LATE_WINDOW = 60;
/** How many emitted keys are remembered at most. */
export const MAX_KEYS = 50;

export interface CursorState {
	since: number;
	keys: string[];
	floor?: number;
}

export interface CursorRow<T> {
	ts: number;
	key: string;
	/** Sort tie-breakers after `ts` (e.g. group id, receiver id), compared numerically. */
	order: number[];
	data: T;
}

/** Reads a stored state, tolerating anything that is not one (then: undefined = first activation). */
export function readState(value: unknown): CursorState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const v = value as { since?: unknown; keys?: unknown; floor?: unknown };
	if (typeof v.since !== 'number' || !Number.isFinite(v.since) || !Array.isArray(v.keys)) return undefined;
	const state: CursorState = { since: v.since, keys: v.keys.filter((k): k is string => typeof k === 'string') };
	if (typeof v.floor === 'number' && Number.isFinite(v.floor)) state.floor = v.floor;
	return state;
}

/** The oldest second the next poll must look at (never below 1: a `0` timestamp means "never"). */
export function floorOf(state: CursorState): number {
	return Math.max(1, state.since - LATE_WINDOW, state.floor ?? -Infinity);
}

/** The time stored at the end of a key. */
export function tsOfKey(key: string): number {
	return Number(key.slice(key.lastIndexOf(':') + 1));
}

export function compareRows<T>(a: CursorRow<T>, b: CursorRow<T>): number {
	if (a.ts !== b.ts) return a.ts - b.ts;
	for (let i = 0; i < Math.max(a.order.length, b.order.length); i++) {
		const d = (a.order[i] ?? 0) - (b.order[i] ?? 0);
		if (d) return d;
	}
	return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Keeps the keys inside the late window, and at most MAX_KEYS of them. When keys must be cut, whole seconds
 * are dropped (oldest first) and `floor` is raised past them, so the kept keys are complete from `floor` on;
 * if the newest second alone has more than MAX_KEYS events, its newest MAX_KEYS keys are kept and the floor
 * moves past that second (an event arriving late inside that very second would then be missed).
 */
export function bound(since: number, keys: string[], floor?: number): CursorState {
	const low = Math.max(since - LATE_WINDOW, floor ?? -Infinity);
	const window = keys.filter((k) => tsOfKey(k) >= low);
	const state: CursorState = { since, keys: window };
	let newFloor = floor;
	if (window.length > MAX_KEYS) {
		const lastDropped = tsOfKey(window[window.length - MAX_KEYS - 1]);
		const kept = window.filter((k) => tsOfKey(k) > lastDropped);
		if (kept.length) {
			state.keys = kept;
			newFloor = lastDropped + 1;
		} else {
			state.keys = window.slice(-MAX_KEYS);
			newFloor = since + 1;
		}
	}
	if (newFloor !== undefined && newFloor > since - LATE_WINDOW) state.floor = newFloor;
	return state;
}

/**
 * Given the rows CleverReach returned for `ts >= floorOf(state)`, returns the new events (oldest first) and
 * the state to store after them.
 */
export function advance<T>(state: CursorState, rows: Array<CursorRow<T>>): { emit: T[]; state: CursorState } {
	const floor = floorOf(state);
	const known = new Set(state.keys);
	const fresh: Array<CursorRow<T>> = [];
	for (const row of rows) {
		if (row.ts < floor || known.has(row.key)) continue;
		known.add(row.key);
		fresh.push(row);
	}
	fresh.sort(compareRows);
	const since = fresh.length ? Math.max(state.since, fresh[fresh.length - 1].ts) : state.since;
	const keys = [...state.keys, ...fresh.map((r) => r.key)];
	keys.sort((a, b) => tsOfKey(a) - tsOfKey(b));
	return { emit: fresh.map((r) => r.data), state: bound(since, keys, state.floor) };
}

/**
 * The state at first activation: `newest` rows are the events at the newest second found (all of them, or
 * at least MAX_KEYS + 1 when there are more). An empty account starts at 0.
 */
export function initialState<T>(newest: Array<CursorRow<T>>, complete: boolean): CursorState {
	if (!newest.length) return { since: 0, keys: [] };
	const since = Math.max(...newest.map((r) => r.ts));
	const keys = newest
		.filter((r) => r.ts === since)
		.sort(compareRows)
		.map((r) => r.key);
	if (!complete || keys.length > MAX_KEYS) return { since, keys: keys.slice(-MAX_KEYS), floor: since + 1 };
	return { since, keys, floor: since };
}

/** Whether two states are the same (so unchanged static data is not rewritten). */
export function sameState(a: CursorState | undefined, b: CursorState): boolean {
	return !!a && JSON.stringify(a) === JSON.stringify(b);
}
