/**
 * The trigger's state in the workflow's static data, one entry per event configuration (a changed configuration
 * starts a new entry and drops the old one). Everything in it is CleverReach time (unix seconds) except `fail` and
 * `lock`, which are n8n's clock (milliseconds).
 *
 * The cursor is a position in (event time, email) order:
 * - `settled`: every event with a time ≤ settled is done (emitted, or before the activation);
 * - `partial`: inside the second `settled + 1`, the events of emails ≤ `partial` are done too (a poll that stopped
 *   in the middle of a crowded second);
 * - `seen`: events after that position that were already emitted early (`"<time>:<key>"`), so that they are not
 *   emitted again when the position reaches them. Bounded (MAX_SEEN): when it is full, newer events wait until the
 *   position reaches them.
 * Size: MAX_SEEN entries of at most ~60 bytes ≈ 12 KB at worst, whatever the account size (the bound is 16 KB).
 */
import type { IDataObject } from 'n8n-workflow';

export const STATE_VERSION = 2;
export const MAX_SEEN = 200;

export interface Failure {
	/** n8n time (ms) of the first failing poll in a row. */
	since: number;
	count: number;
	/** What was last reported to the user (so that a lasting problem is reported once). */
	reported?: string;
}

export interface MailingPending {
	id: string;
	finished: number;
	tries: number;
}

export interface TriggerState {
	v: number;
	/** How this trigger reads CleverReach (chosen at activation by probing what the API accepts). */
	strategy: string;
	settled: number;
	partial?: string;
	seen: string[];
	/** New Receiver by changes: every receiver id ≤ idFloor existed at activation or has been handled. */
	idFloor?: number;
	/** New receiver ids > idFloor already emitted, as ranges (the floor catches up with them once they are settled). */
	newIds?: Array<[number, number]>;
	/** Watch all groups in a per-group strategy: the group ids, and when (CleverReach time) they were listed. */
	groups?: string[];
	groupsAt?: number;
	/** Mailing Finished: finished mailings whose details could not be read yet. */
	pending?: MailingPending[];
	fail?: Failure;
	/** Events that were due at the last poll but did not fit into it (per-poll cap, full memory). */
	waiting?: number;
}

export function readState(value: unknown): TriggerState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const v = value as IDataObject;
	if (v.v === STATE_VERSION && typeof v.settled === 'number' && typeof v.strategy === 'string') {
		const seen = Array.isArray(v.seen) ? v.seen.filter((s): s is string => typeof s === 'string') : [];
		return { ...(v as unknown as TriggerState), seen };
	}
	// Version 1 ({since, keys, floor?}): keep its position; the strategy is found again by the next poll.
	if (typeof v.since === 'number' && Array.isArray(v.keys)) {
		return { v: STATE_VERSION, strategy: '', settled: Math.max(0, v.since - 60), seen: [] };
	}
	return undefined;
}

export function seenEntry(ts: number, key: string): string {
	return `${ts}:${key}`;
}

export function seenTime(entry: string): number {
	return Number(entry.slice(0, entry.indexOf(':')));
}

export function seenKey(entry: string): string {
	return entry.slice(entry.indexOf(':') + 1);
}

/** Size of a state in bytes (JSON). */
export function stateSize(state: TriggerState): number {
	return JSON.stringify(state).length;
}
