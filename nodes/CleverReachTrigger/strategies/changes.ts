/**
 * `changes`: searches on `last_changed`, which CleverReach sets itself on every change: receivers added with any
 * `registered` date (New Receiver, by receiver id) and every change (Receiver Updated, by content).
 */
import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import { above, addIds, hasId, roomFor } from '../ids';
import { readAfter, SEARCH_PAGE_SIZE, SEARCH_PATH } from '../read/search';
import type { TriggerState } from '../state';
import type { Candidate } from '../window';
import { positionPoint } from '../window';
import {
	completeReceivers,
	contentHash,
	newestBySearch,
	notFoundMessage,
	probeRule,
	rowKey,
	SAMPLE_SIZE,
	searchSpec,
	toCandidate,
	toNumber,
} from './rows';
import type { Strategy, TriggerConfig } from './types';

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
