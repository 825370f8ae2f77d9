/**
 * What every trigger event provides, and the machinery the four receiver events share: one account-wide
 * search per poll (`POST /receivers/filter.json`, docs/cleverreach-api.md §3.7) on the event's timestamp field.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest, MAX_PAGE_SIZE, paginate } from '../../shared/transport';
import type { CursorRow, CursorState } from '../cursor';
import { advance, floorOf, initialState, MAX_KEYS } from '../cursor';

/** The trigger's settings, read once per poll. */
export interface TriggerConfig {
	/** Watched group IDs, sorted; empty = all groups (also groups created later). */
	groups: string[];
	/** New Receiver: only receivers that are active (double opt-in confirmed). */
	onlyActive: boolean;
	/** Receiver events: add events, orders and tags to each receiver (`detail` 7 instead of 0). */
	includeDetails: boolean;
	/** Mailing Finished: fetch the report figures of each finished mailing. */
	includeReport: boolean;
}

export interface TriggerEvent {
	/** Option value of the Event parameter. */
	value: string;
	/** Names this event's cursor; a different configuration starts a new cursor. */
	stateKey(config: TriggerConfig): string;
	/** First activation: where the cursor starts (now), without emitting anything. */
	start(this: IPollFunctions, config: TriggerConfig): Promise<CursorState>;
	/** Scheduled poll: the new events since `state`, oldest first, and the state after them. */
	poll(this: IPollFunctions, config: TriggerConfig, state: CursorState): Promise<{ items: IDataObject[]; state: CursorState }>;
	/** "Fetch Test Event": the most recent matching items; throws a NodeOperationError when there are none. */
	sample(this: IPollFunctions, config: TriggerConfig): Promise<IDataObject[]>;
}

export function groupsLabel(config: TriggerConfig): string {
	return config.groups.length ? config.groups.join(',') : 'all';
}

export function toNumber(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) ? n : 0;
}

/** Timestamp fields of a receiver an event can watch. */
export type ReceiverTimeField = 'registered' | 'activated' | 'deactivated' | 'bounced' | 'last_changed';

export interface ReceiverEventSpec {
	value: string;
	/** Words for messages, e.g. "new receiver". */
	noun: string;
	field(config: TriggerConfig): ReceiverTimeField;
	/** More search rules (ANDed), e.g. "not deactivated". */
	rules?(config: TriggerConfig): IDataObject[];
	/** Rows the search returns that are not this event after all. */
	accept?(row: IDataObject, config: TriggerConfig): boolean;
	/** What to do to get a test event, for the "nothing found" message. */
	hint: string;
}

const SEARCH_PATH = '/receivers/filter.json';
const PAGE_SIZE = MAX_PAGE_SIZE.receivers;
const SAMPLE_SIZE = 3;

/**
 * A catch-up larger than this is delivered over several polls (each poll stops at a second boundary once it
 * has read this many rows; the next poll goes on from there), so one execution stays a manageable size.
 */
export const POLL_LIMITS = { maxRowsPerPoll: 50_000 };

function notFoundMessage(config: TriggerConfig): string {
	return config.groups.length
		? `A watched group (${config.groups.join(', ')}) was not found in CleverReach; it may have been deleted. Select the groups to watch again`
		: 'CleverReach did not find the receivers to search';
}

/** One search request: rows with `field >= from` (or `= from` when `exact`), sorted on `field`. */
function searchBody(
	spec: ReceiverEventSpec,
	config: TriggerConfig,
	from: number,
	order: 'asc' | 'desc',
	exact = false,
): IDataObject {
	const field = spec.field(config);
	return {
		groups: config.groups,
		operator: 'AND',
		rules: [
			exact
				? { field, logic: 'eq', condition: String(from) }
				: { field, logic: 'bg', condition: String(from - 1) },
			...(spec.rules?.(config) ?? []),
		],
		orderby: `${field} ${order}`,
		detail: config.includeDetails ? 7 : 0,
	};
}

async function search(this: IPollFunctions, config: TriggerConfig, body: IDataObject, page: number, pagesize: number) {
	return asArray(
		await cleverReachApiRequest.call(this, 'POST', SEARCH_PATH, {
			body: { ...body, page, pagesize },
			idempotent: true,
			notFoundMessage: notFoundMessage(config),
		}),
	);
}

function toRow(spec: ReceiverEventSpec, config: TriggerConfig, receiver: IDataObject): CursorRow<IDataObject> {
	const ts = toNumber(receiver[spec.field(config)]);
	const group = String(receiver.group_id ?? '');
	const id = String(receiver.id ?? receiver.email ?? '');
	return { ts, key: `${group}:${id}:${ts}`, order: [toNumber(group), toNumber(id)], data: receiver };
}

/**
 * Every row with `field >= floor`, read in `field` order. Instead of page numbers over one moving result
 * (a row deleted or changed while we read would shift the later pages and be skipped), each request starts
 * at the last second seen; a second holding a whole page or more is read page by page on its own.
 * At the top of the loop every row before `from` has been read, which is where a long catch-up may stop.
 */
async function searchSince(this: IPollFunctions, spec: ReceiverEventSpec, config: TriggerConfig, floor: number) {
	const rows: Array<CursorRow<IDataObject>> = [];
	const seen = new Set<string>();
	const add = (receivers: IDataObject[]) => {
		for (const receiver of receivers) {
			const row = toRow(spec, config, receiver);
			if (row.ts <= 0 || seen.has(row.key)) continue;
			seen.add(row.key);
			if (!spec.accept || spec.accept(receiver, config)) rows.push(row);
		}
	};
	let from = floor;
	for (;;) {
		if (rows.length >= POLL_LIMITS.maxRowsPerPoll) return rows.filter((row) => row.ts < from);
		const body = searchBody(spec, config, from, 'asc');
		const page = await search.call(this, config, body, 0, PAGE_SIZE);
		add(page);
		if (page.length < PAGE_SIZE) return rows;
		if (!sorted(page, spec.field(config), 'asc', from)) {
			// CleverReach did not honour `orderby` (unconfirmed behaviour): read the rest by page numbers.
			for await (const part of paginate.call(this, 'POST', SEARCH_PATH, {
				maxPageSize: PAGE_SIZE,
				pageIn: 'body',
				body,
				idempotent: true,
				notFoundMessage: notFoundMessage(config),
			})) {
				add(part);
			}
			return rows;
		}
		const last = toNumber(page[page.length - 1][spec.field(config)]);
		if (last > from) {
			from = last;
			continue;
		}
		for await (const part of paginate.call(this, 'POST', SEARCH_PATH, {
			maxPageSize: PAGE_SIZE,
			pageIn: 'body',
			body: searchBody(spec, config, from, 'asc', true),
			idempotent: true,
			notFoundMessage: notFoundMessage(config),
		})) {
			add(part);
		}
		from += 1;
	}
}

/** Whether a page is in `order` on `field`, starting at `from` or later. */
function sorted(page: IDataObject[], field: string, order: 'asc' | 'desc', from = 1): boolean {
	const times = page.map((receiver) => toNumber(receiver[field]));
	if (times.some((t) => t < from)) return false;
	return times.every((t, i) => i === 0 || (order === 'asc' ? t >= times[i - 1] : t <= times[i - 1]));
}

/** Builds a receiver event from its search field and rules. */
export function receiverEvent(spec: ReceiverEventSpec): TriggerEvent {
	return {
		value: spec.value,
		stateKey: (config) => `${spec.value}:${spec.field(config)}|${groupsLabel(config)}`,

		async start(config) {
			// The newest second that has events; its events count as already seen.
			const size = MAX_KEYS + 1;
			const page = await search.call(this, config, searchBody(spec, config, 1, 'desc'), 0, size);
			if (page.length === size && !sorted(page, spec.field(config), 'desc')) {
				// `orderby` not honoured: find the newest second the long way (once, at activation).
				const all = (await searchSince.call(this, { ...spec, accept: undefined }, config, 1)).filter((r) => r.ts > 0);
				const top = all.length ? Math.max(...all.map((r) => r.ts)) : 0;
				return initialState(
					all.filter((r) => r.ts === top),
					true,
				);
			}
			const newest = page.map((receiver) => toRow(spec, config, receiver)).filter((row) => row.ts > 0);
			const top = newest.length ? Math.max(...newest.map((r) => r.ts)) : 0;
			const atTop = newest.filter((r) => r.ts === top);
			return initialState(atTop, atTop.length < size);
		},

		async poll(config, state) {
			const rows = await searchSince.call(this, spec, config, floorOf(state));
			const { emit, state: next } = advance(state, rows);
			return { items: emit, state: next };
		},

		async sample(config) {
			const field = spec.field(config);
			const found = (await search.call(this, config, searchBody(spec, config, 1, 'desc'), 0, SAMPLE_SIZE))
				.filter((receiver) => toNumber(receiver[field]) > 0 && (!spec.accept || spec.accept(receiver, config)))
				.sort((a, b) => toNumber(b[field]) - toNumber(a[field]));
			if (!found.length) {
				const where = config.groups.length ? `the watched groups (${config.groups.join(', ')})` : 'any group';
				throw new NodeOperationError(this.getNode(), `No ${spec.noun} found in ${where} yet`, {
					description: `There is nothing to show as a test event. ${spec.hint}, then click "Fetch Test Event" again. Once the workflow is active, only events after its activation trigger it.`,
				});
			}
			return found;
		},
	};
}
