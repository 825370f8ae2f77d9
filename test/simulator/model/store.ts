/**
 * The account's state and what every part of the model builds on: the indexes of receiver rows, the event
 * log and the lagged search that learn about every receiver write, change listeners (the eventhooks module), paging
 * and rendering. No HTTP.
 */
import { BounceRegistry } from '../bounces.ts';
import type { Clock } from '../clock.ts';
import type { SimConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { mulberry32 } from '../faults.ts';
import { History } from '../history.ts';
import { SearchIndex } from '../search-index.ts';
import type {
	Attribute,
	BlacklistEntry,
	DoiMail,
	Filter,
	Form,
	Group,
	Mailing,
	ReceiverEvent,
	Report,
	Row,
} from '../types.ts';
import { emailKey, toInt } from '../values.ts';

export type Json = unknown;
export type Query = Record<string, unknown>;

export const DETAIL_EVENTS = 1;
export const DETAIL_ORDERS = 2;
export const DETAIL_TAGS = 4;
export const DETAIL_ALL = 7;

export interface Account {
	id: string;
	name: string;
	firstname: string;
	salutation: string;
	street: string;
	company: string;
	zip: string;
	city: string;
	phone: string;
	fax: string;
	email: string;
	country: string;
	login_domain: string;
}

/** A write the eventhooks module (eventhooks.ts) turns into CleverReach's eventhook calls. */
export type ModelChange =
	| { entity: 'receiver'; kind: 'created' | 'updated' | 'deleted'; row: Row; wasActive: boolean }
	| { entity: 'group' | 'form'; kind: 'created' | 'updated' | 'deleted'; id: string; groupId: string };

export function isActive(row: Row): boolean {
	return row.activated > 0 && row.deactivated === 0 && row.bounced === 0;
}

export function pageOf<T>(items: T[], page: number, pagesize: number): T[] {
	return items.slice(page * pagesize, page * pagesize + pagesize);
}

export class ModelStore {
	clock: Clock;

	config: SimConfig;

	account: Account;

	groups = new Map<string, Group>();

	attributes = new Map<number, Attribute>();

	filters = new Map<string, Filter>();

	forms = new Map<string, Form>();

	mailings = new Map<string, Mailing>();

	reports = new Map<string, Report>();

	/** Blacklists by group id; '0' is the account-wide one. */
	blacklists = new Map<string, Map<string, BlacklistEntry>>();

	/** Double opt-in/opt-out mails "sent" by `forms/{id}/send/activate|deactivate`. */
	doiMails: DoiMail[] = [];

	channels: Array<{ id: string; name: string; description: string }> = [{ id: '1', name: 'Default', description: '' }];

	/** Bumped on every receiver write; cached list views are dropped when it changes. */
	version = 0;

	/** Every receiver change with its time and the state before and after: the ground truth of the tests. */
	history = new History();

	/** `GET /bounces.json` records. */
	bounceRecords = new BounceRegistry();

	/** The lagged search behind filter.json (only with the "search lag" profile). */
	search: SearchIndex | null = null;

	/** Random draws of the realism profiles (seeded). */
	rng: () => number;

	protected statsCache = new Map<string, { at: number; stats: Record<string, number> }>();

	/** Told about receiver, group and form writes (eventhooks.ts listens). */
	changeListeners: Array<(change: ModelChange) => void> = [];

	protected groupRows = new Map<string, Map<string, Row>>();

	protected rowsById = new Map<string, Row>();

	protected rowsByEmail = new Map<string, Row[]>();

	protected seq = { group: 1_000_000, receiver: 1000, attribute: 100_000, filter: 5000, form: 200_000, mailing: 9_000_000, link: 1 };

	protected views = new Map<string, Row[]>();

	protected viewsVersion = -1;

	protected attrIndex: { global: Attribute[]; local: Map<string, Attribute[]> } | null = null;

	constructor(clock: Clock, config: SimConfig, account?: Partial<Account>) {
		this.clock = clock;
		this.config = config;
		this.account = {
			id: '123456', name: 'Simulator', firstname: 'Sim', salutation: '', street: 'Simstraße 1', company: 'CleverReach Simulator',
			zip: '24000', city: 'Kiel', phone: '', fax: '', email: 'owner@example.com', country: 'Germany',
			login_domain: '123456.eu2.cleverreach.com', ...account,
		};
		this.blacklists.set('0', new Map());
		this.rng = mulberry32(config.realism.seed);
		const lag = config.realism.searchLag;
		if (lag) this.search = new SearchIndex(() => lag.min + Math.floor(this.rng() * (lag.max - lag.min + 1)));
	}

	_now(): number {
		return this.clock.now();
	}

	_touch(): void {
		this.version++;
	}

	/** Every write to a receiver row ends here: the event log and the lagged search learn about it. */
	_changed(row: Row, deleted = false): void {
		const now = this._now();
		this.history.record(row, isActive(row), now, deleted);
		this.search?.record(row, now, deleted);
		this._touch();
	}

	/** Tells the listeners (eventhooks) about a write. */
	_notify(change: ModelChange): void {
		for (const listener of this.changeListeners) listener(change);
	}

	_group(id: unknown): Group {
		const g = this.groups.get(String(id));
		if (!g) throw notFound('invalid group');
		return g;
	}

	_rowsOf(groupId: string): Map<string, Row> {
		this._group(groupId);
		return this.groupRows.get(groupId) as Map<string, Row>;
	}

	/** A row of a group by receiver id or email (URL-decoded by the router). */
	_row(groupId: unknown, idOrEmail: unknown): Row {
		const gid = String(groupId);
		const rows = this._rowsOf(gid);
		const s = String(idOrEmail ?? '').trim();
		const byId = this.rowsById.get(s);
		const row = byId && byId.groupId === gid ? byId : rows.get(emailKey(s));
		if (!row) throw notFound('invalid receiver');
		return row;
	}

	/** Account-wide lookup: by receiver id, else the first row with that email (or the row in `groupId`). */
	_anyRow(idOrEmail: unknown, groupId?: unknown): Row {
		if (groupId !== undefined && groupId !== null && groupId !== '' && String(groupId) !== '0') return this._row(groupId, idOrEmail);
		const s = String(idOrEmail ?? '').trim();
		const row = this.rowsById.get(s) ?? this.rowsByEmail.get(emailKey(s))?.[0];
		if (!row) throw notFound('invalid receiver');
		return row;
	}

	_allRows(): Iterable<Row> {
		return this.rowsById.values();
	}

	_attrs(): { global: Attribute[]; local: Map<string, Attribute[]> } {
		if (!this.attrIndex) {
			const global: Attribute[] = [];
			const local = new Map<string, Attribute[]>();
			for (const a of this.attributes.values()) {
				if (a.groups_id === 0) global.push(a);
				else {
					const k = String(a.groups_id);
					if (!local.has(k)) local.set(k, []);
					(local.get(k) as Attribute[]).push(a);
				}
			}
			this.attrIndex = { global, local };
		}
		return this.attrIndex;
	}

	_view(key: string, build: () => Row[]): Row[] {
		if (this.viewsVersion !== this.version) {
			this.views.clear();
			this.viewsVersion = this.version;
		}
		let rows = this.views.get(key);
		if (!rows) {
			rows = build();
			if (this.views.size > 50) this.views.clear();
			this.views.set(key, rows);
		}
		return rows;
	}

	_paging(query: Query, max = this.config.maxPageSize): { page: number; pagesize: number } {
		const page = Math.max(0, toInt(query.page, 0));
		let pagesize = toInt(query.pagesize, this.config.defaultPageSize);
		if (pagesize <= 0) pagesize = this.config.defaultPageSize;
		return { page, pagesize: Math.min(pagesize, max) };
	}

	_detail(query: Query, fallback = 0): number {
		return toInt(query.detail, fallback) & DETAIL_ALL;
	}

	_event(row: Row, type: string, typeId: string, value = '', mailingId = '0'): void {
		this._pushEvent(row, { stamp: this._now(), type, type_id: typeId, value, mailing_id: mailingId, groups_id: row.groupId });
	}

	/** A receiver keeps only its last `receiverEventLimit` events (CleverReach: 250). */
	_pushEvent(row: Row, event: ReceiverEvent): void {
		row.events.push(event);
		const extra = row.events.length - this.config.receiverEventLimit;
		if (extra > 0) row.events.splice(0, extra);
	}

	renderGroup(g: Group): Group {
		return { ...g };
	}

	renderAttribute(a: Attribute): Record<string, unknown> {
		const out: Record<string, unknown> = {
			id: a.id, groups_id: a.groups_id, name: a.name, description: a.description, preview_value: a.preview_value,
			value: null, type: a.type, tag: `{${a.name.toUpperCase()}}`,
		};
		if (a.default_value !== '') out.default_value = a.default_value;
		return out;
	}

	/** §3.1 receiver object; `events`/`orders`/`tags` only when their `detail` bit is set. */
	renderReceiver(row: Row, detail = DETAIL_ALL): Record<string, unknown> {
		const idx = this._attrs();
		const attributes: Record<string, string> = {};
		for (const a of idx.local.get(row.groupId) ?? []) attributes[a.name] = row.attrs[a.name] ?? '';
		const global_attributes: Record<string, string> = {};
		for (const a of idx.global) global_attributes[a.name] = row.globals[a.name] ?? '';
		const out: Record<string, unknown> = {
			id: row.id, email: row.email, imported: row.imported, bounced: row.bounced, group_id: row.groupId,
			activated: row.activated, registered: row.registered, deactivated: row.deactivated, last_ip: row.last_ip,
			last_location: row.last_location, last_client: row.last_client, last_changed: row.last_changed,
			points: row.points, stars: row.stars, source: row.source, attributes, global_attributes,
		};
		if (detail & DETAIL_TAGS) out.tags = [...row.tags];
		out.active = isActive(row);
		out.conversion_rate = 0;
		out.open_rate = 0;
		out.click_rate = 0;
		if (detail & DETAIL_EVENTS) out.events = row.events.map((e) => ({ ...e }));
		if (detail & DETAIL_ORDERS) out.orders = row.orders.map((o) => ({ ...o }));
		return out;
	}

	_unindexEmail(row: Row): void {
		const list = this.rowsByEmail.get(row.key);
		if (!list) return;
		const rest = list.filter((r) => r !== row);
		if (rest.length) this.rowsByEmail.set(row.key, rest);
		else this.rowsByEmail.delete(row.key);
	}

	_removeRow(row: Row): void {
		this._notify({ entity: 'receiver', kind: 'deleted', row, wasActive: isActive(row) });
		this.groupRows.get(row.groupId)?.delete(row.key);
		this.rowsById.delete(row.id);
		this._unindexEmail(row);
		this._changed(row, true);
	}

	/** Creates and indexes a row (no event, no version bump). `init` fields are copied (timestamps default to now). */
	_newRowQuiet(groupId: string, email: string, key: string, init: Partial<Row> = {}): Row {
		const n = ++this.seq.receiver;
		const sibling = this.rowsByEmail.get(key)?.[0];
		const now = this._now();
		const registered = init.registered ?? now;
		const globals = sibling?.globals ?? {};
		if (init.globals) Object.assign(globals, init.globals);
		const row: Row = {
			n, id: String(n), email, key, groupId, imported: init.imported ?? 0, bounced: init.bounced ?? 0,
			activated: init.activated ?? registered, registered, deactivated: init.deactivated ?? 0, last_ip: init.last_ip ?? '',
			last_location: init.last_location ?? '', last_client: init.last_client ?? '', last_changed: init.last_changed ?? registered,
			points: init.points ?? 0, stars: init.stars ?? 0, source: init.source ?? '', attrs: init.attrs ? { ...init.attrs } : {},
			globals, tags: init.tags ? [...init.tags] : [], events: [], orders: [], unsubscribedBySystem: false,
		};
		(this.groupRows.get(groupId) as Map<string, Row>).set(key, row);
		this.rowsById.set(row.id, row);
		const list = this.rowsByEmail.get(key);
		if (list) list.push(row);
		else this.rowsByEmail.set(key, [row]);
		return row;
	}
}
