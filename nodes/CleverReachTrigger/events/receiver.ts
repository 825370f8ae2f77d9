/**
 * The ways a receiver event can be read (docs/cleverreach-api.md §3.7 receiver search, §3.2 group lists, §3.9
 * bounces), each with the probe that tells whether this CleverReach account accepts it:
 *
 * - `search`: `POST /receivers/filter.json` windows on the event's own timestamp (e.g. `deactivated`);
 * - `changes`: the same on `last_changed`, which CleverReach sets itself on every change: receivers added with any
 *   `registered` date (New Receiver, by receiver id) and every change (Receiver Updated, by content);
 * - `lists`: per group, `GET /groups.json/{id}/receivers?order_by=<field> desc`, newest first;
 * - `bounces`: the account's bounce records, then the bounced addresses' receivers in the watched groups.
 */
import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import { readGroupSince } from '../read/lists';
import { bouncesSince } from '../read/records';
import type { SearchSpec } from '../read/search';
import { emailOf, readAfter, SEARCH_PAGE_SIZE, SEARCH_PATH } from '../read/search';
import type { PollRun } from '../run';
import { asNodeError, isStatus } from '../run';
import type { TriggerState } from '../state';
import { above, addIds, hasId, roomFor } from '../ids';
import type { Candidate } from '../window';
import { isDone, positionPoint } from '../window';
import type { Strategy, StrategyRead, TriggerConfig } from './types';

export type TimeField = 'registered' | 'activated' | 'deactivated' | 'bounced' | 'last_changed';

/** A time far in the future: a search for rows after it must come back empty if CleverReach applies the rule. */
const FAR_FUTURE = 4_102_444_800; // 2100-01-01
/** How often (CleverReach seconds) a per-group strategy watching all groups lists the groups again. */
const GROUPS_REFRESH_SECONDS = 600;
const SAMPLE_SIZE = 3;

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

const rowKey = (row: IDataObject) => `${String(row.group_id ?? '')}:${String(row.id ?? '')}`;

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

function toCandidate(row: IDataObject, ts: number, key: string): Candidate<IDataObject> {
	return { ts, email: emailOf(row), key, data: row };
}

function searchSpec(config: TriggerConfig, field: TimeField, rules: IDataObject[] = []): SearchSpec {
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
async function newestBySearch(run: PollRun, config: TriggerConfig, spec: SearchSpec, accept: (row: IDataObject) => boolean) {
	const now = run.now();
	for (const back of [3600, 86_400, 30 * 86_400, 365 * 86_400, now]) {
		const from = Math.max(0, now - back);
		const { rows } = await readAfter(run, spec, { ts: from, email: '\uffff' }, SEARCH_PAGE_SIZE);
		const found = rows.filter((row) => spec.timeOf(row) > 0 && accept(row));
		if (found.length) return found.sort((a, b) => spec.timeOf(b) - spec.timeOf(a)).slice(0, SAMPLE_SIZE);
	}
	return [];
}

/** `search`: windows on the event's own timestamp. */
export function searchStrategy(spec: ReceiverEventSpec): Strategy {
	const accept = (row: IDataObject, config: TriggerConfig) => toNumber(row[spec.field]) > 0 && (!spec.accept || spec.accept(row, config));
	const keyOf = spec.key ?? rowKey;
	return {
		name: `search:${spec.field}`,
		complete: completeReceivers,
		describe: `Searches the receivers (POST /receivers/filter.json) by their "${spec.field}" time`,
		probe: async (run, config) => await probeRule(run, config, spec.field),
		async read(run, config, state, maxRows) {
			const search = searchSpec(config, spec.field, spec.rules?.(config));
			const { rows, coveredTo } = await readAfter(run, search, positionPoint(state), maxRows);
			return {
				candidates: rows.filter((row) => accept(row, config)).map((row) => toCandidate(row, search.timeOf(row), keyOf(row))),
				coveredTo,
			};
		},
		sample: async (run, config) =>
			await newestBySearch(run, config, searchSpec(config, spec.field, spec.rules?.(config)), (row) => accept(row, config)),
	};
}

/**
 * `changes` for New Receiver: every receiver changed after the position (`last_changed`, set by CleverReach), of
 * which those with an id above the id floor are new, whatever `registered` date a client wrote. Receiver ids only
 * grow, so the floor may move up to the highest id of the rows that are settled: every receiver created before
 * such a row is visible by then and has been read.
 */
export function newByChangesStrategy(): Strategy {
	const search = (config: TriggerConfig) => searchSpec(config, 'last_changed');
	const isNew = (row: IDataObject, state: TriggerState) =>
		toNumber(row.id) > (state.idFloor ?? Infinity) && !hasId(state.newIds, toNumber(row.id));
	return {
		name: 'changes:new',
		complete: completeReceivers,
		describe: 'Searches the receivers changed since the last poll (last_changed, set by CleverReach) and emits those with a new receiver id',
		probe: async (run, config) => await probeRule(run, config, 'last_changed'),
		async init(run, config, state) {
			// The highest id that exists now: recent changes and recent activations (orderby "activated desc" is what
			// real clients use). A receiver older than both with a higher id would later count as new (documented).
			const now = run.now();
			const { rows } = await readAfter(run, search(config), { ts: now - 86_400, email: '\uffff' }, SEARCH_PAGE_SIZE);
			const active = asArray(
				await run.request('POST', SEARCH_PATH, {
					body: {
						groups: config.groups,
						operator: 'AND',
						rules: [{ field: 'activated', logic: 'bg', condition: '0' }],
						orderby: 'activated desc',
						detail: 0,
						page: 0,
						pagesize: SEARCH_PAGE_SIZE,
					},
					idempotent: true,
					notFoundMessage: notFoundMessage(config),
				}),
			);
			state.idFloor = Math.max(0, ...[...rows, ...active].map((row) => toNumber(row.id)));
			state.newIds = [];
		},
		async read(run, config, state, maxRows) {
			const spec = search(config);
			const { rows, coveredTo } = await readAfter(run, spec, positionPoint(state), maxRows);
			const all = rows.map((row) => toCandidate(row, spec.timeOf(row), rowKey(row)));
			return { candidates: all.filter((c) => isNew(c.data, state)), coveredTo, rows: all };
		},
		/**
		 * New receivers are emitted in id order, which is the order they were created in. The id floor then moves up
		 * behind them: to the last one emitted, but never past a receiver that might still be unseen — one created
		 * before the highest id of a settled row is visible by now, so it was read, as long as the reads covered
		 * everything after the position. The position (by `last_changed`) stays before the first new receiver not
		 * emitted yet, so the next poll reads it again.
		 */
		advance(state, read, options) {
			const floor = state.idFloor ?? 0;
			const fresh = new Map<number, Candidate<IDataObject>>();
			for (const c of read.candidates) fresh.set(toNumber(c.data.id), c);
			const ordered = [...fresh.values()].sort((a, b) => toNumber(a.data.id) - toNumber(b.data.id));
			let count = Math.min(ordered.length, Math.max(1, options.maxItems));
			count = Math.min(count, Math.max(1, roomFor(state.newIds, ordered.slice(0, count).map((c) => toNumber(c.data.id)))));
			const emitted = ordered.slice(0, count);
			const waiting = ordered.slice(count);
			let next = floor;
			if (read.coveredTo === 'all') {
				let top = floor;
				for (const c of read.rows ?? read.candidates) if (c.ts <= options.settleBefore) top = Math.max(top, toNumber(c.data.id));
				const limit = waiting.length ? toNumber(waiting[0].data.id) - 1 : Infinity;
				next = Math.max(floor, Math.min(top, limit));
			}
			// The position: as far as the reads and the look-back allow, but before any new receiver still waiting.
			const covered = read.coveredTo === 'all' ? Infinity : read.coveredTo.ts - 1;
			const firstWaiting = waiting.length ? Math.min(...waiting.map((c) => c.ts)) - 1 : Infinity;
			const settled = Math.max(state.settled, Math.min(options.settleBefore, covered, firstWaiting));
			return {
				emit: emitted.map((c) => c.data),
				settled,
				seen: [],
				waiting: waiting.length,
				idFloor: next,
				newIds: above(addIds(state.newIds, emitted.map((c) => toNumber(c.data.id))), next),
			};
		},
		sample: async (run, config) => {
			const spec = search(config);
			const now = run.now();
			const { rows } = await readAfter(run, spec, { ts: now - 30 * 86_400, email: '\uffff' }, SEARCH_PAGE_SIZE);
			return rows.sort((a, b) => toNumber(b.id) - toNumber(a.id)).slice(0, SAMPLE_SIZE);
		},
	};
}

/** `changes` for Receiver Updated: every change, keyed by the receiver and what it shows now. */
export function updatedByChangesStrategy(): Strategy {
	const spec = (config: TriggerConfig) => searchSpec(config, 'last_changed');
	return {
		name: 'changes:updated',
		complete: completeReceivers,
		describe: 'Searches the receivers changed since the last poll (last_changed, set by CleverReach)',
		probe: async (run, config) => await probeRule(run, config, 'last_changed'),
		async read(run, config, state, maxRows) {
			const search = spec(config);
			const { rows, coveredTo } = await readAfter(run, search, positionPoint(state), maxRows);
			return {
				candidates: rows.map((row) => toCandidate(row, search.timeOf(row), `${rowKey(row)}:${contentHash(row)}`)),
				coveredTo,
			};
		},
		sample: async (run, config) => await newestBySearch(run, config, spec(config), () => true),
	};
}

/** The watched groups; for "all groups" the account's groups, listed again every few minutes. */
async function watchedGroups(run: PollRun, config: TriggerConfig, state: TriggerState): Promise<string[]> {
	if (config.groups.length) return config.groups;
	const now = run.now();
	if (!state.groups || !state.groupsAt || now - state.groupsAt >= GROUPS_REFRESH_SECONDS || now < state.groupsAt) {
		const groups = asArray(await run.request('GET', '/groups.json'));
		state.groups = groups.map((g) => String(g.id)).sort((a, b) => Number(a) - Number(b));
		state.groupsAt = run.now();
	}
	return state.groups;
}

/** `lists`: each watched group's receivers newest first (`order_by=<field> desc`); one request per group when idle. */
export function listsStrategy(spec: ReceiverEventSpec & { field: 'registered' | 'last_changed' }, keyed: 'row' | 'content'): Strategy {
	const list = (config: TriggerConfig) => ({ field: spec.field, detail: detailOf(config), timeOf: (row: IDataObject) => toNumber(row[spec.field]) });
	const keyOf = (row: IDataObject) => (keyed === 'row' ? rowKey(row) : `${rowKey(row)}:${contentHash(row)}`);
	return {
		name: `lists:${spec.field}`,
		complete: completeReceivers,
		describe: `Reads each watched group's receivers newest first (GET /groups.json/{id}/receivers?order_by=${spec.field} desc)`,
		async probe(run, config, state?: TriggerState) {
			const groups = await watchedGroups(run, config, state ?? ({} as TriggerState));
			for (const group of groups.slice(0, 1)) {
				try {
					const rows = asArray(
						await run.request('GET', `/groups.json/${group}/receivers`, {
							qs: { page: 0, pagesize: 50, type: 'all', detail: 0, order_by: `${spec.field} desc` },
							notFoundMessage: notFoundMessage(config),
						}),
					);
					if (!rows.every((row, i) => i === 0 || toNumber(row[spec.field]) <= toNumber(rows[i - 1][spec.field]))) return false;
				} catch (error) {
					if (isStatus(error, 400)) return false;
					throw asNodeError(run, error);
				}
			}
			return true;
		},
		async read(run, config, state) {
			const position = positionPoint(state);
			const candidates: Array<Candidate<IDataObject>> = [];
			for (const group of await watchedGroups(run, config, state)) {
				for (const row of await readGroupSince(run, group, list(config), position.ts)) {
					if (!isDone(state, toNumber(row[spec.field]), emailOf(row)) && (!spec.accept || spec.accept(row, config))) {
						candidates.push(toCandidate(row, toNumber(row[spec.field]), keyOf(row)));
					}
				}
			}
			return { candidates, coveredTo: 'all' };
		},
		async sample(run, config) {
			const rows: IDataObject[] = [];
			for (const group of await watchedGroups(run, config, {} as TriggerState)) {
				rows.push(
					...asArray(
						await run.request('GET', `/groups.json/${group}/receivers`, {
							qs: { page: 0, pagesize: SAMPLE_SIZE, type: 'all', detail: detailOf(config), order_by: `${spec.field} desc` },
							notFoundMessage: notFoundMessage(config),
						}),
					),
				);
			}
			return rows
				.filter((row) => toNumber(row[spec.field]) > 0 && (!spec.accept || spec.accept(row, config)))
				.sort((a, b) => toNumber(b[spec.field]) - toNumber(a[spec.field]))
				.slice(0, SAMPLE_SIZE);
		},
	};
}

/**
 * `bounces`: the account's bounce records (GET /bounces.json) name the addresses that bounced since the position;
 * their receivers in the watched groups are looked up (`email eq`, what real clients send). The event is the
 * receiver's `bounced` time, which CleverReach sets itself at the first bounce.
 */
export function bouncesStrategy(): Strategy {
	const lookUp = async (run: PollRun, config: TriggerConfig, email: string) =>
		asArray(
			await run.request('POST', SEARCH_PATH, {
				body: {
					groups: config.groups,
					operator: 'AND',
					rules: [{ field: 'email', logic: 'eq', condition: email }],
					detail: detailOf(config),
					page: 0,
					pagesize: SEARCH_PAGE_SIZE,
				},
				idempotent: true,
				notFoundMessage: notFoundMessage(config),
			}),
		);
	return {
		name: 'bounces',
		complete: completeReceivers,
		describe: "Reads the account's bounce records (GET /bounces.json) and looks up the bounced receivers in the watched groups",
		async probe(run) {
			await bouncesSince(run, FAR_FUTURE);
			return true;
		},
		async read(run, config, state) {
			const position = positionPoint(state);
			const records = (await bouncesSince(run, position.ts - 1)).sort((a, b) => toNumber(a.last_update) - toNumber(b.last_update));
			const candidates: Array<Candidate<IDataObject>> = [];
			let coveredTo: StrategyRead['coveredTo'] = 'all';
			for (const record of records) {
				if (run.outOfTime) {
					coveredTo = { ts: toNumber(record.last_update) - 1, email: '\uffff' };
					break;
				}
				for (const row of await lookUp(run, config, String(record.email ?? ''))) {
					const bounced = toNumber(row.bounced);
					if (bounced > 0 && !isDone(state, bounced, emailOf(row))) {
						candidates.push(toCandidate({ ...row, bounce: record }, bounced, `${rowKey(row)}:${bounced}`));
					}
				}
			}
			return { candidates, coveredTo };
		},
		async sample(run, config) {
			const records = (await bouncesSince(run, 0)).sort((a, b) => toNumber(b.last_update) - toNumber(a.last_update));
			const out: IDataObject[] = [];
			for (const record of records) {
				if (out.length >= SAMPLE_SIZE) break;
				for (const row of await lookUp(run, config, String(record.email ?? ''))) if (toNumber(row.bounced) > 0) out.push({ ...row, bounce: record });
			}
			return out.slice(0, SAMPLE_SIZE);
		},
	};
}

