/**
 * What the receiver strategies share: the numbers and keys of the rows they read, the search of an event's field
 * and the probe that tells whether CleverReach applies it, the newest rows for "Fetch Test Event", and the receivers
 * read once more for "Include Full Details".
 */
import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import type { SearchSpec } from '../read/search';
import { emailOf, readAfter, SEARCH_PAGE_SIZE, SEARCH_PATH } from '../read/search';
import type { PollRun } from '../run';
import { asNodeError, isStatus } from '../run';
import type { TriggerState } from '../state';
import type { Candidate } from '../window';
import type { TriggerConfig } from './types';

export type TimeField = 'registered' | 'activated' | 'deactivated' | 'bounced' | 'last_changed';

/** A time far in the future: a search for rows after it must come back empty if CleverReach applies the rule. */
export const FAR_FUTURE = 4_102_444_800; // 2100-01-01
/** How often (CleverReach seconds) a per-group strategy watching all groups lists the groups again. */
export const SAMPLE_SIZE = 3;

export const toNumber = (value: unknown): number => {
	const n = Number(value);
	return Number.isFinite(n) ? n : 0;
};

export function detailOf(config: TriggerConfig): number {
	return config.includeDetails ? 7 : 0;
}

export function notFoundMessage(config: TriggerConfig): string {
	return config.groups.length
		? `A watched group (${config.groups.join(', ')}) was not found in CleverReach; it may have been deleted. Select the groups to watch again`
		: 'CleverReach did not find the receivers to search';
}

/** A short, stable hash of what a receiver shows (not `last_changed`): two different states, two hashes. */
export function contentHash(row: IDataObject): string {
	const skip = new Set(['last_changed', 'events', 'conversion_rate', 'open_rate', 'click_rate']);
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical);
		if (value && typeof value === 'object') {
			return Object.keys(value as IDataObject)
				.sort()
				.map((k) => [k, canonical((value as IDataObject)[k])]);
		}
		return value;
	};
	const text = JSON.stringify(
		Object.keys(row)
			.filter((k) => !skip.has(k))
			.sort()
			.map((k) => [k, canonical(row[k])]),
	);
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(36);
}

export interface ReceiverEventSpec {
	/** The event's own timestamp on the receiver. */
	field: TimeField;
	/** More search rules (ANDed), e.g. "not deactivated". */
	rules?(config: TriggerConfig): IDataObject[];
	/** Rows a read returns that are not this event after all (e.g. deactivated again, or not active). */
	accept?(row: IDataObject, config: TriggerConfig): boolean;
	/** The event's key (unique together with its time): by default the receiver row. */
	key?(row: IDataObject): string;
}

export const rowKey = (row: IDataObject) => `${String(row.group_id ?? '')}:${String(row.id ?? '')}`;

/**
 * "Include Full Details": search rows may come without local attributes and tags (docs/cleverreach-api.md §3.7);
 * such receivers are read once more, each on its own (`GET /groups.json/{id}/receivers/{id}`, which has them all).
 * The event has happened either way: a receiver that cannot be read now is emitted as the search showed it, with
 * `detailsError` saying why (and without waiting for the read, once the poll's time is up).
 */
export async function completeReceivers(run: PollRun, config: TriggerConfig, _state: TriggerState, rows: IDataObject[]): Promise<IDataObject[]> {
	if (!config.includeDetails) return rows;
	const out: IDataObject[] = [];
	for (const row of rows) {
		if ((row.tags !== undefined && row.attributes !== undefined) || !row.group_id || !row.id) {
			out.push(row);
			continue;
		}
		if (run.outOfTime) {
			out.push({ ...row, detailsError: 'Not read: the poll ran out of time' });
			continue;
		}
		try {
			const full = await run.request('GET', `/groups.json/${encodeURIComponent(String(row.group_id))}/receivers/${encodeURIComponent(String(row.id))}`, {
				qs: { detail: 7 },
				notFoundMessage: `Receiver ${String(row.id)} was not found in group ${String(row.group_id)}`,
			});
			const receiver = Array.isArray(full) ? (full[0] as IDataObject | undefined) : full;
			// The event's own view wins; the receiver as read now only adds what the search left out.
			out.push(receiver ? { ...receiver, ...row } : row);
		} catch (error) {
			// Deleted meanwhile, or CleverReach unavailable: the search's view of the receiver is emitted.
			out.push({ ...row, detailsError: (error as Error).message });
		}
	}
	return out;
}

export function toCandidate(row: IDataObject, ts: number, key: string): Candidate<IDataObject> {
	return { ts, email: emailOf(row), key, data: row };
}

export function searchSpec(config: TriggerConfig, field: TimeField, rules: IDataObject[] = []): SearchSpec {
	return {
		groups: config.groups,
		field,
		rules,
		detail: detailOf(config),
		notFoundMessage: notFoundMessage(config),
		timeOf: (row) => toNumber(row[field]),
	};
}

/** Whether filter.json applies a `<field> bg` rule: asked for rows after 2100, it must answer none (and not 400). */
export async function probeRule(run: PollRun, config: TriggerConfig, field: string): Promise<boolean> {
	try {
		const rows = asArray(
			await run.request('POST', SEARCH_PATH, {
				body: {
					groups: config.groups,
					operator: 'AND',
					rules: [{ field, logic: 'bg', condition: String(FAR_FUTURE) }],
					detail: 0,
					page: 0,
					pagesize: 1,
				},
				idempotent: true,
				notFoundMessage: notFoundMessage(config),
			}),
		);
		return rows.length === 0;
	} catch (error) {
		if (isStatus(error, 400)) return false;
		throw asNodeError(run, error);
	}
}

/** The newest matching rows, for "Fetch Test Event": the last hour, day, month, year, or ever. */
export async function newestBySearch(run: PollRun, config: TriggerConfig, spec: SearchSpec, accept: (row: IDataObject) => boolean) {
	const now = run.now();
	for (const back of [3600, 86_400, 30 * 86_400, 365 * 86_400, now]) {
		const from = Math.max(0, now - back);
		const { rows } = await readAfter(run, spec, { ts: from, email: '\uffff' }, SEARCH_PAGE_SIZE);
		const found = rows.filter((row) => spec.timeOf(row) > 0 && accept(row));
		if (found.length) return found.sort((a, b) => spec.timeOf(b) - spec.timeOf(a)).slice(0, SAMPLE_SIZE);
	}
	return [];
}
