/**
 * The in-memory CleverReach account: state and operations, no HTTP.
 * Methods that do not start with `_` are public: tests (and `POST /__sim/model`) call them to drive
 * ground truth (subscribes, system-side unsubscribes, bounces, finishing mailings...). They return
 * plain JSON-able values in the API's shapes and throw `SimError` (status + detail) on bad input.
 */
import { BounceRegistry } from './bounces.ts';
import type { Clock } from './clock.ts';
import type { SimConfig } from './config.ts';
import { badRequest, conflict, notFound, SimError } from './errors.ts';
import { mulberry32 } from './faults.ts';
import { History, snapshot } from './history.ts';
import { strictRequest } from './realism.ts';
import { comparator, compileRules, normaliseRules, parseOrder } from './rules.ts';
import type { Order } from './rules.ts';
import { SearchIndex } from './search-index.ts';
import type {
	Attribute, BlacklistEntry, DoiMail, Filter, Form, Group, Mailing, MailingState, OrderItem,
	RecipientStat, ReceiverEvent, Report, Row,
} from './types.ts';
import {
	ATTR_TYPES, asString, checkAttributeValue, emailKey, isEmail, isPlainObject, mergeTags, parseAttributeMap,
	parseTags, tagOrigin, toInt, toTimestamp,
} from './values.ts';
import type { AttrType, ValueChange } from './values.ts';

export type Json = unknown;
export type Query = Record<string, unknown>;

export const DETAIL_EVENTS = 1;
export const DETAIL_ORDERS = 2;
export const DETAIL_TAGS = 4;
export const DETAIL_ALL = 7;

const RECEIVER_TYPES = ['all', 'active', 'inactive', 'bounce'];
const REPORT_RECEIVER_TYPES = ['sent', 'opened', 'notopened', 'clicked', 'notclicked', 'bounced', 'unsubscribed'];
const MAILING_STATES: MailingState[] = ['draft', 'waiting', 'running', 'finished'];

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

interface Prepared {
	email?: string;
	times: Partial<Record<'activated' | 'registered' | 'deactivated' | 'imported', number>>;
	scalars: Partial<Pick<Row, 'source' | 'last_ip' | 'last_location' | 'last_client' | 'points' | 'stars'>>;
	attrs: Array<[string, ValueChange]>;
	globals: Array<[string, ValueChange]>;
	tags?: string[];
	orders?: OrderItem[];
}

type WriteMode = 'create' | 'update' | 'upsert';

/** A write the eventhooks module (eventhooks.ts) turns into CleverReach's eventhook calls. */
export type ModelChange =
	| { entity: 'receiver'; kind: 'created' | 'updated' | 'deleted'; row: Row; wasActive: boolean }
	| { entity: 'group' | 'form'; kind: 'created' | 'updated' | 'deleted'; id: string; groupId: string };

export function isActive(row: Row): boolean {
	return row.activated > 0 && row.deactivated === 0 && row.bounced === 0;
}

function pageOf<T>(items: T[], page: number, pagesize: number): T[] {
	return items.slice(page * pagesize, page * pagesize + pagesize);
}

export class Model {
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
	private statsCache = new Map<string, { at: number; stats: Record<string, number> }>();
	/** Told about receiver, group and form writes (eventhooks.ts listens). */
	changeListeners: Array<(change: ModelChange) => void> = [];

	private groupRows = new Map<string, Map<string, Row>>();
	private rowsById = new Map<string, Row>();
	private rowsByEmail = new Map<string, Row[]>();
	private seq = { group: 1_000_000, receiver: 1000, attribute: 100_000, filter: 5000, form: 200_000, mailing: 9_000_000, link: 1 };
	private views = new Map<string, Row[]>();
	private viewsVersion = -1;
	private attrIndex: { global: Attribute[]; local: Map<string, Attribute[]> } | null = null;

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

	// ───────────────────────── internals ─────────────────────────

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

	// ───────────────────────── rendering ─────────────────────────

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

	// ───────────────────────── account ─────────────────────────

	whoami(): Account {
		return { ...this.account };
	}

	_client(id: unknown): void {
		if (String(id) !== this.account.id) throw notFound('invalid client');
	}

	receiverCount(clientId?: unknown): number {
		if (clientId !== undefined) this._client(clientId);
		return this.rowsByEmail.size;
	}

	clientUsers(clientId: unknown): unknown[] {
		this._client(clientId);
		return [{ id: '1', name: `${this.account.firstname} ${this.account.name}`, email: this.account.email, lang: 'de' }];
	}

	summary(): Record<string, number> {
		let active = 0;
		for (const r of this._allRows()) if (isActive(r)) active++;
		return {
			groups: this.groups.size, receivers: this.rowsById.size, activeReceivers: active, emails: this.rowsByEmail.size,
			attributes: this.attributes.size, filters: this.filters.size, forms: this.forms.size, mailings: this.mailings.size,
			reports: this.reports.size, blacklist: this.blacklists.get('0')?.size ?? 0, doiMails: this.doiMails.length,
		};
	}

	// ───────────────────────── groups ─────────────────────────

	listGroups(): Group[] {
		return [...this.groups.values()].map((g) => this.renderGroup(g));
	}

	createGroup(body: unknown): Group {
		const b = typeof body === 'string' ? { name: body } : isPlainObject(body) ? body : {};
		const name = asString(b.name).trim();
		if (!name) throw badRequest('name is required');
		const now = this._now();
		const g: Group = {
			id: String(++this.seq.group), name, locked: !!b.locked, backup: b.backup === undefined ? true : !!b.backup,
			receiver_info: asString(b.receiver_info), stamp: now, last_mailing: 0, last_changed: now,
		};
		this.groups.set(g.id, g);
		this.groupRows.set(g.id, new Map());
		this._notify({ entity: 'group', kind: 'created', id: g.id, groupId: g.id });
		return this.renderGroup(g);
	}

	getGroup(id: unknown): Group {
		return this.renderGroup(this._group(id));
	}

	updateGroup(id: unknown, body: unknown): Group {
		const g = this._group(id);
		const b = isPlainObject(body) ? body : {};
		if (b.name !== undefined) {
			const name = asString(b.name).trim();
			if (!name) throw badRequest('name is required');
			g.name = name;
		}
		if (b.locked !== undefined) g.locked = !!b.locked;
		if (b.backup !== undefined) g.backup = !!b.backup;
		if (b.receiver_info !== undefined) g.receiver_info = asString(b.receiver_info);
		g.last_changed = this._now();
		this._notify({ entity: 'group', kind: 'updated', id: g.id, groupId: g.id });
		return this.renderGroup(g);
	}

	deleteGroup(id: unknown): true {
		const g = this._group(id);
		this.clearGroup(g.id);
		this.groups.delete(g.id);
		this.groupRows.delete(g.id);
		for (const [k, a] of this.attributes) if (String(a.groups_id) === g.id) this.attributes.delete(k);
		for (const [k, f] of this.filters) if (f.groupId === g.id) this.filters.delete(k);
		for (const [k, f] of this.forms) if (f.customer_tables_id === g.id) this.forms.delete(k);
		this.blacklists.delete(g.id);
		this.attrIndex = null;
		this._notify({ entity: 'group', kind: 'deleted', id: g.id, groupId: g.id });
		return true;
	}

	/** Empties a group (`DELETE /groups/{id}/clear`, `PUT /groups/{id}/truncate`). */
	clearGroup(id: unknown): true {
		const rows = this._rowsOf(String(id));
		for (const row of [...rows.values()]) this._removeRow(row);
		this._group(id).last_changed = this._now();
		return true;
	}

	_stats(rows: Iterable<Row>): Record<string, number> {
		let total = 0, active = 0, bounce = 0, points = 0;
		const orders = new Set<string>();
		for (const r of rows) {
			total++;
			points += r.points;
			if (r.bounced > 0) bounce++;
			else if (isActive(r)) active++;
			for (const o of r.orders) orders.add(`${r.key}|${o.order_id}`);
		}
		return {
			total_count: total, inactive_count: total - active - bounce, active_count: active, bounce_count: bounce,
			avg_points: total ? Math.round((points / total) * 100) / 100 : 0, quality: 0, time: this._now(), order_count: orders.size,
		};
	}

	/** Group stats are cached for `groupStatsTtl` seconds, so they may lag behind writes. */
	groupStats(id: unknown): Record<string, number> {
		const gid = String(id);
		const now = this._now();
		const cached = this.statsCache.get(gid);
		if (cached && this.config.groupStatsTtl > 0 && now - cached.at < this.config.groupStatsTtl) return { ...cached.stats };
		const stats = this._stats(this._rowsOf(gid).values());
		this.statsCache.set(gid, { at: now, stats });
		return { ...stats };
	}

	// ───────────────────────── attributes ─────────────────────────

	listAttributes(groupId: unknown = 0): unknown[] {
		const gid = toInt(groupId, 0);
		if (gid !== 0) this._group(gid);
		return [...this.attributes.values()].filter((a) => a.groups_id === gid).map((a) => this.renderAttribute(a));
	}

	_attribute(id: unknown): Attribute {
		const a = this.attributes.get(Number(id));
		if (!a) throw notFound('invalid attribute');
		return a;
	}

	getAttribute(id: unknown): unknown {
		return this.renderAttribute(this._attribute(id));
	}

	_attrName(raw: unknown): string {
		const name = asString(raw).trim().toLowerCase().replace(/\s+/g, '_');
		if (!name) throw badRequest('name is required');
		if (!/^[a-z0-9_.-]+$/.test(name)) throw badRequest('invalid attribute name');
		return name;
	}

	_attrType(raw: unknown): AttrType {
		const t = asString(raw, 'text').toLowerCase() as AttrType;
		if (!ATTR_TYPES.includes(t)) throw badRequest(`invalid attribute type "${asString(raw)}"`);
		return t;
	}

	createAttribute(body: unknown, groupId?: unknown): unknown {
		const b = isPlainObject(body) ? body : {};
		const gid = toInt(groupId ?? b.group_id ?? b.groups_id, 0);
		if (gid !== 0) this._group(gid);
		const name = this._attrName(b.name);
		const type = this._attrType(b.type);
		for (const a of this.attributes.values()) if (a.groups_id === gid && a.name === name) throw conflict('attribute already exists');
		const a: Attribute = {
			id: ++this.seq.attribute, groups_id: gid, name, description: asString(b.description, name), preview_value: asString(b.preview_value),
			default_value: asString(b.default_value), type,
		};
		this.attributes.set(a.id, a);
		this.attrIndex = null;
		this._touch();
		return this.renderAttribute(a);
	}

	updateAttribute(id: unknown, body: unknown): unknown {
		const a = this._attribute(id);
		const b = isPlainObject(body) ? body : {};
		if (b.name !== undefined) {
			const name = this._attrName(b.name);
			for (const o of this.attributes.values()) if (o !== a && o.groups_id === a.groups_id && o.name === name) throw conflict('attribute already exists');
			this._renameAttributeValues(a, name);
			a.name = name;
		}
		if (b.type !== undefined) a.type = this._attrType(b.type);
		if (b.description !== undefined) a.description = asString(b.description);
		if (b.preview_value !== undefined) a.preview_value = asString(b.preview_value);
		if (b.default_value !== undefined) a.default_value = asString(b.default_value);
		this.attrIndex = null;
		this._touch();
		return this.renderAttribute(a);
	}

	_renameAttributeValues(a: Attribute, to: string | null): void {
		const seen = new Set<Record<string, string>>();
		for (const row of this._allRows()) {
			const bag = a.groups_id === 0 ? row.globals : String(a.groups_id) === row.groupId ? row.attrs : null;
			if (!bag || seen.has(bag) || bag[a.name] === undefined) continue;
			seen.add(bag);
			if (to !== null) bag[to] = bag[a.name];
			delete bag[a.name];
		}
	}

	deleteAttribute(id: unknown): true {
		const a = this._attribute(id);
		this._renameAttributeValues(a, null);
		this.attributes.delete(a.id);
		this.attrIndex = null;
		this._touch();
		return true;
	}

	// ───────────────────────── receivers: writes ─────────────────────────

	/** Validates a receiver body against the group's attributes; throws 400 naming the problem. */
	_prepare(groupId: string, body: unknown, mode: WriteMode, allowRelative: boolean): Prepared {
		if (!isPlainObject(body)) throw badRequest('invalid receiver');
		const now = this._now();
		const p: Prepared = { times: {}, scalars: {}, attrs: [], globals: [] };
		if (body.email !== undefined || mode !== 'update') {
			if (!isEmail(body.email)) throw badRequest('invalid email');
			p.email = body.email.trim();
		}
		for (const f of ['activated', 'registered', 'deactivated', 'imported'] as const) {
			if (body[f] !== undefined) p.times[f] = this._clientTime(toTimestamp(body[f], f, now), now);
		}
		for (const f of ['source', 'last_ip', 'last_location', 'last_client'] as const) if (body[f] !== undefined) p.scalars[f] = asString(body[f]);
		for (const f of ['points', 'stars'] as const) if (body[f] !== undefined) p.scalars[f] = toInt(body[f], 0);
		const idx = this._attrs();
		const check = (defs: Attribute[], raw: unknown, field: string, into: Array<[string, ValueChange]>): void => {
			for (const [k, v] of Object.entries(parseAttributeMap(raw, field))) {
				const def = defs.find((a) => a.name === k.trim().toLowerCase());
				if (def) into.push([def.name, checkAttributeValue(def.name, def.type, v, allowRelative)]);
			}
		};
		check(idx.local.get(groupId) ?? [], body.attributes, 'attributes', p.attrs);
		check(idx.global, body.global_attributes, 'global_attributes', p.globals);
		if (body.tags !== undefined) p.tags = parseTags(body.tags);
		if (body.orders !== undefined) {
			if (!Array.isArray(body.orders)) throw badRequest('orders must be an array');
			p.orders = body.orders.map((o) => this._order(o, now));
		}
		return p;
	}

	/**
	 * A timestamp a client wrote. With the "client timestamps" profile it is kept exactly as sent (future values,
	 * milliseconds by mistake); without it, milliseconds become seconds and future values become now.
	 */
	_clientTime(value: number, now: number): number {
		if (this.config.realism.clientTimestamps || value === 0) return value;
		const seconds = value > 100_000_000_000 ? Math.floor(value / 1000) : value;
		return Math.min(seconds, now);
	}

	_order(raw: unknown, now: number): OrderItem {
		if (!isPlainObject(raw)) throw badRequest('invalid order');
		if (raw.order_id === undefined || raw.order_id === '') throw badRequest('order_id is required');
		const price = Number(raw.price ?? 0);
		if (!Number.isFinite(price)) throw badRequest('invalid price');
		return {
			order_id: asString(raw.order_id), product_id: asString(raw.product_id), product: asString(raw.product),
			stamp: raw.stamp === undefined ? now : toTimestamp(raw.stamp, 'stamp', now), price, currency: asString(raw.currency, 'EUR'),
			quantity: toInt(raw.quantity, 1), product_source: asString(raw.product_source), brand: asString(raw.brand),
			product_category: asString(raw.product_category), attributes: asString(raw.attributes), mailing_id: asString(raw.mailing_id, '0'),
		};
	}

	/** A new, still empty row; the write that creates it logs it (`_apply`). */
	_newRow(groupId: string, email: string): Row {
		const row = this._newRowQuiet(groupId, email, emailKey(email), { registered: 0, activated: 0, last_changed: 0 });
		const sibling = this.rowsByEmail.get(row.key)?.[0];
		if (sibling && sibling !== row) row.bounced = sibling.bounced;
		this._touch();
		return row;
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

	/** Applies validated changes. Activation rules: §3.3a / §3.1 of the reference. */
	_apply(row: Row, p: Prepared, isNew: boolean, replaceTags: boolean): void {
		const wasActive = !isNew && isActive(row);
		const now = this._now();
		const t = p.times;
		const before = isNew ? '' : snapshot(row, isActive(row)).content;
		if (isNew) {
			row.registered = t.registered || now;
			row.activated = t.activated ?? now;
			row.deactivated = t.deactivated ?? 0;
			row.imported = t.imported ?? 0;
		} else {
			if (t.registered !== undefined) row.registered = t.registered;
			if (t.imported !== undefined) row.imported = t.imported;
			if (t.activated !== undefined && !row.unsubscribedBySystem) {
				row.activated = t.activated;
				if (t.activated > 0 && t.deactivated === undefined) row.deactivated = 0;
			}
			if (t.deactivated !== undefined && (t.deactivated > 0 || !row.unsubscribedBySystem)) row.deactivated = t.deactivated;
		}
		Object.assign(row, p.scalars);
		for (const [name, ch] of p.attrs) this._setValue(row.attrs, name, ch);
		for (const [name, ch] of p.globals) this._setValue(row.globals, name, ch);
		if (p.tags) row.tags = mergeTags(row.tags, p.tags, replaceTags);
		for (const o of p.orders ?? []) this._putOrder(row, o);
		// A write that changes nothing is not a change: `last_changed` and the events stay (unverified).
		if (!isNew && snapshot(row, isActive(row)).content === before) return;
		row.last_changed = now;
		this._event(row, 'api', isNew ? 'REST insert' : 'REST update');
		this._changed(row);
		this._notify({ entity: 'receiver', kind: isNew ? 'created' : 'updated', row, wasActive });
	}

	_setValue(bag: Record<string, string>, name: string, ch: ValueChange): void {
		if (ch.delta !== undefined) bag[name] = String((Number(bag[name]) || 0) + ch.delta);
		else if (ch.value === '' || ch.value === undefined) delete bag[name];
		else bag[name] = ch.value;
	}

	_putOrder(row: Row, o: OrderItem): void {
		const i = row.orders.findIndex((x) => x.order_id === o.order_id && x.product_id === o.product_id);
		if (i >= 0) row.orders[i] = o;
		else row.orders.push(o);
	}

	/** Insert or update one receiver. `create` = POST semantics (duplicate → 409 or update per config). */
	_write(groupId: string, body: unknown, mode: WriteMode, allowRelative = false): { row: Row; inserted: boolean } {
		const rows = this._rowsOf(groupId);
		const p = this._prepare(groupId, body, mode, allowRelative);
		let row = rows.get(emailKey(p.email as string));
		if (row && mode === 'create' && this.config.duplicateReceiverOnPost === 'conflict') throw conflict('receiver already exists');
		const inserted = !row;
		if (!row) row = this._newRow(groupId, p.email as string);
		this._apply(row, p, inserted, mode !== 'upsert');
		return { row, inserted };
	}

	/** POST /groups/{id}/receivers semantics (single object). */
	addReceiver(groupId: unknown, data: unknown): Record<string, unknown> {
		return this.renderReceiver(this._write(String(groupId), data, 'create').row);
	}

	/** upsertplus semantics for one receiver (throws on invalid data instead of skipping it). */
	upsertReceiver(groupId: unknown, data: unknown): Record<string, unknown> {
		return this.renderReceiver(this._write(String(groupId), data, 'upsert', true).row);
	}

	/** PUT /groups/{id}/receivers/{id|email}: partial update; `tags` replace the list. */
	updateReceiver(groupId: unknown, idOrEmail: unknown, body: unknown): Record<string, unknown> {
		const row = this._row(groupId, idOrEmail);
		const p = this._prepare(row.groupId, isPlainObject(body) ? { ...body, email: undefined } : body, 'update', false);
		this._apply(row, p, false, true);
		return this.renderReceiver(row);
	}

	/** `POST .../upsertplus`: invalid rows are skipped; returns the receivers that succeeded. */
	upsertPlus(groupId: unknown, rows: unknown): unknown {
		const gid = String(groupId);
		this._group(gid);
		if (!Array.isArray(rows)) throw badRequest('body must be an array of receivers');
		if (rows.length > this.config.upsertBatchLimit) throw new SimError(413, 'not successful for defined batch size');
		const out: unknown[] = [];
		for (const r of rows) {
			try {
				out.push(this.renderReceiver(this._write(gid, r, 'upsert', true).row, DETAIL_TAGS));
			} catch (e) {
				if (!(e instanceof SimError)) throw e;
			}
		}
		return out.length ? out : this.config.upsertEmptyResult;
	}

	/** `POST .../receivers/upsert` and `.../insert`: per-row status objects. */
	upsertBatch(groupId: unknown, rows: unknown, insertOnly = false): unknown[] {
		const gid = String(groupId);
		const existing = this._rowsOf(gid);
		const list = Array.isArray(rows) ? rows : [rows];
		if (list.length > this.config.upsertBatchLimit) throw new SimError(413, 'not successful for defined batch size');
		return list.map((r) => {
			const email = isPlainObject(r) ? asString(r.email) : '';
			try {
				if (insertOnly && existing.has(emailKey(email))) return { email, status: 'duplicate' };
				const { row, inserted } = this._write(gid, r, 'upsert', true);
				return { id: row.id, email: row.email, status: inserted ? 'insert success' : 'update success' };
			} catch (e) {
				if (!(e instanceof SimError)) throw e;
				return { email, status: `error: ${e.detail}` };
			}
		});
	}

	/** `POST .../receivers/delete` with an array of emails (or ids). */
	deleteBatch(groupId: unknown, emails: unknown): unknown[] {
		const gid = String(groupId);
		const rows = this._rowsOf(gid);
		const list = Array.isArray(emails) ? emails : isPlainObject(emails) && Array.isArray(emails.receivers) ? emails.receivers : [];
		return list.map((e) => {
			const s = isPlainObject(e) ? asString(e.email) : asString(e);
			const row = rows.get(emailKey(s)) ?? this.rowsById.get(s);
			if (!row || row.groupId !== gid) return { email: s, status: 'not found' };
			this._removeRow(row);
			return { email: row.email, status: 'success' };
		});
	}

	getReceiver(groupId: unknown, idOrEmail: unknown, detail = DETAIL_ALL): Record<string, unknown> {
		return this.renderReceiver(this._row(groupId, idOrEmail), detail);
	}

	/** Removes the row (a later GET is 404 "invalid receiver"); not the same as an unsubscribe. */
	deleteReceiver(groupId: unknown, idOrEmail: unknown): true {
		this._removeRow(this._row(groupId, idOrEmail));
		return true;
	}

	/** `/activate`: always re-activates, even after a system-side unsubscribe. */
	activate(groupId: unknown, idOrEmail: unknown): true {
		const row = this._row(groupId, idOrEmail);
		const wasActive = isActive(row);
		const now = this._now();
		if (!row.activated || row.deactivated) row.activated = now;
		row.deactivated = 0;
		row.unsubscribedBySystem = false;
		row.last_changed = now;
		this._event(row, 'api', 'REST activate');
		this._changed(row);
		this._notify({ entity: 'receiver', kind: 'updated', row, wasActive });
		return true;
	}

	/** `/deactivate` through the API (a later API write of `activated>0` may re-activate). */
	deactivate(groupId: unknown, idOrEmail: unknown): true {
		const row = this._row(groupId, idOrEmail);
		const wasActive = isActive(row);
		const now = this._now();
		if (!row.deactivated) row.deactivated = now;
		row.last_changed = now;
		this._event(row, 'api', 'REST deactivate');
		this._changed(row);
		this._notify({ entity: 'receiver', kind: 'updated', row, wasActive });
		return true;
	}

	/** Simulates the receiver clicking "unsubscribe" in a mail (CleverReach-side; the API cannot undo it by writing `activated`). */
	unsubscribe(groupId: unknown, email: unknown, mailingId = '0'): Record<string, unknown> {
		const row = this._row(groupId, email);
		const wasActive = isActive(row);
		const now = this._now();
		if (!row.deactivated) row.deactivated = now;
		row.unsubscribedBySystem = true;
		row.last_changed = now;
		this._event(row, 'user_unsubscribe', row.groupId, '', mailingId);
		this._changed(row);
		this._notify({ entity: 'receiver', kind: 'updated', row, wasActive });
		return this.renderReceiver(row);
	}

	/** Marks the email as bounced (in one group, or everywhere). */
	bounce(email: unknown, groupId?: unknown, mailingId = '0'): number {
		const key = emailKey(asString(email));
		const rows = (this.rowsByEmail.get(key) ?? []).filter((r) => groupId === undefined || groupId === null || r.groupId === String(groupId));
		if (!rows.length) throw notFound('invalid receiver');
		const now = this._now();
		for (const r of rows) {
			if (!r.bounced) r.bounced = now;
			r.last_changed = now;
			this._event(r, 'mail_bounce', 'hardbounce', '550 mailbox unavailable', mailingId);
			this._changed(r);
		}
		this.bounceRecords.add(rows[0].email, now, mailingId);
		return rows.length;
	}

	/** A subscriber that confirms the last DOI mail sent to `email` (activate or system-side unsubscribe). */
	confirmDoi(email: unknown, groupId?: unknown): Record<string, unknown> {
		const key = emailKey(asString(email));
		const mail = [...this.doiMails].reverse().find((m) => emailKey(m.email) === key && (groupId === undefined || m.groupId === String(groupId)));
		if (!mail) throw notFound('no DOI mail for this email');
		if (mail.kind === 'activate') {
			this.activate(mail.groupId, email);
			return this.getReceiver(mail.groupId, email);
		}
		return this.unsubscribe(mail.groupId, email);
	}

	/** Single attribute write (`PUT /receivers/{id}/attributes/{attr}`, `PUT /groups/{g}/receivers/{r}/attributes/{name}`). */
	setReceiverAttribute(idOrEmail: unknown, attrIdOrName: unknown, value: unknown, groupId?: unknown): true {
		const row = this._anyRow(idOrEmail, groupId);
		const key = asString(attrIdOrName).trim().toLowerCase();
		const idx = this._attrs();
		const candidates = [...(idx.local.get(row.groupId) ?? []), ...idx.global, ...this.attributes.values()];
		const attr = candidates.find((a) => String(a.id) === key || a.name === key);
		if (!attr) throw notFound('invalid attribute');
		const target = attr.groups_id === 0 ? row : this._row(attr.groups_id, row.email);
		const ch = checkAttributeValue(attr.name, attr.type, isPlainObject(value) ? value.value : value, false);
		this._setValue(attr.groups_id === 0 ? target.globals : target.attrs, attr.name, ch);
		target.last_changed = this._now();
		this._event(target, 'api', 'REST update');
		this._changed(target);
		this._notify({ entity: 'receiver', kind: 'updated', row: target, wasActive: isActive(target) });
		return true;
	}

	// ───────────────────────── receivers: reads ─────────────────────────

	_typeTest(type: unknown): (r: Row) => boolean {
		const t = asString(type, 'all').toLowerCase() || 'all';
		if (!RECEIVER_TYPES.includes(t)) throw badRequest(`invalid type "${t}"`);
		if (t === 'active') return isActive;
		if (t === 'inactive') return (r) => !isActive(r) && r.bounced === 0;
		if (t === 'bounce') return (r) => r.bounced > 0;
		return () => true;
	}

	_sorted(key: string, source: () => Iterable<Row>, test: (r: Row) => boolean, orderBy: unknown): Row[] {
		const order = parseOrder(orderBy);
		return this._view(`${key}|${order.field} ${order.desc}`, () => {
			const rows: Row[] = [];
			for (const r of source()) if (test(r)) rows.push(r);
			return rows.sort(comparator(order));
		});
	}

	_page(rows: Row[], query: Query, detailFallback = 0, maxPageSize = this.config.maxPageSize): Record<string, unknown>[] {
		const { page, pagesize } = this._paging(query, maxPageSize);
		const detail = this._detail(query, detailFallback);
		return pageOf(rows, page, pagesize).map((r) => this.renderReceiver(r, detail));
	}

	/**
	 * The order a list is answered in. With the "unstable ties" profile, rows with equal sort values come back in a
	 * new order on every request, and a list without an explicit sort in any order at all.
	 */
	_present(rows: Row[], order: Order | null): Row[] {
		if (!this.config.realism.unstableTies) return rows;
		const out = [...rows];
		const shuffle = (from: number, to: number) => {
			for (let i = to - 1; i > from; i--) {
				const j = from + Math.floor(this.rng() * (i - from + 1));
				[out[i], out[j]] = [out[j], out[i]];
			}
		};
		if (!order || order.field === 'id') return shuffle(0, out.length), out;
		const value = (r: Row): unknown => (order.field === 'email' ? r.key : (r as unknown as Record<string, unknown>)[order.field]);
		for (let start = 0; start < out.length; ) {
			let end = start + 1;
			while (end < out.length && value(out[end]) === value(out[start])) end++;
			shuffle(start, end);
			start = end;
		}
		return out;
	}

	/** The strict API profile applied to a request; a refusal is a 400 naming the first refused part. */
	_strict(kind: 'search' | 'list', rules: unknown, order: unknown): { rules: unknown; order: unknown } {
		const names = new Set([...this.attributes.values()].map((a) => a.name));
		const mode = this.config.realism.strictApi;
		const result = strictRequest(mode, kind, rules, order, names);
		if (mode === 'reject' && result.refused.length) throw badRequest(`invalid ${result.refused[0]}`);
		return result;
	}

	/** `GET /groups/{id}/receivers?page&pagesize&type&detail&order_by`. */
	listReceivers(groupId: unknown, query: Query = {}): Record<string, unknown>[] {
		const gid = String(groupId);
		const rows = this._rowsOf(gid);
		const type = asString(query.type, 'all').toLowerCase() || 'all';
		const { order } = this._strict('list', undefined, query.order_by ?? query.orderby);
		const sorted = this._sorted(`g:${gid}|${type}`, () => rows.values(), this._typeTest(type), order);
		return this._page(this._present(sorted, order ? parseOrder(order) : null), query);
	}

	/** `POST /receivers/filter.json` (account-wide; `groups: []` = all groups). */
	filterReceivers(body: unknown): Record<string, unknown>[] {
		const b = isPlainObject(body) ? body : {};
		const groups = Array.isArray(b.groups) ? b.groups.map(String) : b.groups ? [String(b.groups)] : [];
		for (const g of groups) this._group(g);
		const { rules, order } = this._strict('search', b.rules, b.orderby ?? b.order_by);
		const parsed = order ? parseOrder(order) : null;
		const test = compileRules(rules, b.operator, this.attributes);
		const live = () => (groups.length ? groups.flatMap((g) => [...this._rowsOf(g).values()]) : this._allRows());
		let sorted: Row[];
		if (this.search) {
			const inGroups = (r: Row) => !groups.length || groups.includes(r.groupId);
			sorted = [...this.search.visible(this._now(), live())].filter((r) => inGroups(r) && test(r));
			sorted.sort(comparator(parsed ?? parseOrder('')));
		} else {
			sorted = this._sorted(`f:${JSON.stringify([groups, b.operator ?? '', rules ?? []])}`, live, test, order);
		}
		const cap = this.config.realism.pageCaps.filter;
		const rows = this._page(this._present(sorted, parsed), b, 0, cap ? Math.min(cap, this.config.maxPageSize) : undefined);
		if (this.config.realism.searchRowsLackDetails) {
			for (const row of rows) {
				delete row.attributes;
				delete row.tags;
			}
		}
		return rows;
	}

	/** `GET /receivers/{id|email}` (optionally `group_id`): the receiver, or a one-element list (`receiverLookupShape`). */
	findReceiver(idOrEmail: unknown, groupId?: unknown): Record<string, unknown> | Array<Record<string, unknown>> {
		const receiver = this.renderReceiver(this._anyRow(idOrEmail, groupId));
		return this.config.receiverLookupShape === 'list' ? [receiver] : receiver;
	}

	/** `DELETE /receivers/{id|email}`: removes the email from all groups (or only `group_id`). */
	deleteEverywhere(idOrEmail: unknown, groupId?: unknown): true {
		const row = this._anyRow(idOrEmail, groupId);
		const hasGroup = groupId !== undefined && groupId !== null && groupId !== '' && String(groupId) !== '0';
		const rows = hasGroup ? [row] : [...(this.rowsByEmail.get(row.key) ?? [])];
		for (const r of rows) this._removeRow(r);
		return true;
	}

	/** `POST /receivers/delete.json` `{receivers:[emails]}`. */
	deleteEmails(body: unknown): number {
		const list = isPlainObject(body) && Array.isArray(body.receivers) ? body.receivers : Array.isArray(body) ? body : null;
		if (!list) throw badRequest('receivers must be an array of emails');
		let removed = 0;
		for (const e of list) {
			const s = asString(e);
			const rows = this.rowsByEmail.get(emailKey(s)) ?? (this.rowsById.has(s) ? [this.rowsById.get(s) as Row] : []);
			for (const r of [...rows]) {
				this._removeRow(r);
				removed++;
			}
		}
		return removed;
	}

	receiverGroups(idOrEmail: unknown): unknown[] {
		const row = this._anyRow(idOrEmail);
		const groups = (this.rowsByEmail.get(row.key) ?? []).map((r) => this._group(r.groupId));
		return this.config.receiverGroupsShape === 'ids' ? groups.map((g) => g.id) : groups.map((g) => this.renderGroup(g));
	}

	/** `PUT /receivers/{id}/email` `{email}`: changes the email of that row (409 if taken in its group). */
	changeEmail(idOrEmail: unknown, body: unknown): Record<string, unknown> {
		const row = this._anyRow(idOrEmail);
		const email = isPlainObject(body) ? body.email : body;
		if (!isEmail(email)) throw badRequest('invalid email');
		const key = emailKey(email);
		const rows = this.groupRows.get(row.groupId) as Map<string, Row>;
		const other = rows.get(key);
		if (other && other !== row) throw conflict('email already exists');
		rows.delete(row.key);
		this._unindexEmail(row);
		const sibling = this.rowsByEmail.get(key)?.[0];
		row.globals = sibling ? sibling.globals : { ...row.globals };
		row.email = email.trim();
		row.key = key;
		rows.set(key, row);
		this.rowsByEmail.set(key, [...(this.rowsByEmail.get(key) ?? []), row]);
		row.last_changed = this._now();
		this._event(row, 'api', 'REST update');
		this._changed(row);
		return this.renderReceiver(row);
	}

	/** `POST /receivers/{id}/clone` `{email}`: a copy of the row under a new email in the same group. */
	cloneReceiver(idOrEmail: unknown, body: unknown): Record<string, unknown> {
		const src = this._anyRow(idOrEmail);
		const email = isPlainObject(body) ? body.email : body;
		if (!isEmail(email)) throw badRequest('invalid email');
		if (this._rowsOf(src.groupId).has(emailKey(email))) throw conflict('receiver already exists');
		const row = this._newRow(src.groupId, email.trim());
		for (const [k, v] of Object.entries(src.globals)) if (row.globals[k] === undefined) row.globals[k] = v;
		Object.assign(row, {
			activated: src.activated, registered: src.registered, deactivated: src.deactivated, source: src.source,
			attrs: { ...src.attrs }, tags: [...src.tags], last_changed: this._now(),
		});
		this._event(row, 'api', 'REST insert');
		this._changed(row);
		return this.renderReceiver(row);
	}

	listEvents(idOrEmail: unknown, groupId?: unknown): ReceiverEvent[] {
		return this._anyRow(idOrEmail, groupId).events.map((e) => ({ ...e }));
	}

	addEvent(idOrEmail: unknown, body: unknown, groupId?: unknown): ReceiverEvent {
		const row = this._anyRow(idOrEmail, groupId);
		const b = isPlainObject(body) ? body : {};
		const now = this._now();
		const ev: ReceiverEvent = {
			stamp: b.stamp === undefined ? now : toTimestamp(b.stamp, 'stamp', now), type: asString(b.type, 'api'),
			type_id: asString(b.type_id), value: asString(b.value), mailing_id: asString(b.mailing_id, '0'), groups_id: row.groupId,
		};
		this._pushEvent(row, ev);
		row.last_changed = now;
		this._changed(row);
		return { ...ev };
	}

	listOrders(idOrEmail: unknown, groupId?: unknown): OrderItem[] {
		return this._anyRow(idOrEmail, groupId).orders.map((o) => ({ ...o }));
	}

	addOrders(idOrEmail: unknown, body: unknown, groupId?: unknown): unknown {
		const row = this._anyRow(idOrEmail, groupId);
		const now = this._now();
		const items = (Array.isArray(body) ? body : [body]).map((o) => this._order(o, now));
		for (const o of items) this._putOrder(row, o);
		row.last_changed = now;
		this._changed(row);
		return Array.isArray(body) ? items : items[0];
	}

	updateOrder(idOrEmail: unknown, orderId: unknown, body: unknown, groupId?: unknown): OrderItem {
		const row = this._anyRow(idOrEmail, groupId);
		const b = isPlainObject(body) ? body : {};
		const oid = asString(orderId);
		const i = row.orders.findIndex((o) => o.order_id === oid && (b.product_id === undefined || o.product_id === asString(b.product_id)));
		if (i < 0) throw notFound('invalid order');
		row.orders[i] = this._order({ ...row.orders[i], ...b, order_id: oid }, this._now());
		row.last_changed = this._now();
		this._changed(row);
		return { ...row.orders[i] };
	}

	deleteOrder(idOrEmail: unknown, orderId: unknown, groupId?: unknown): true {
		const row = this._anyRow(idOrEmail, groupId);
		const before = row.orders.length;
		row.orders = row.orders.filter((o) => o.order_id !== asString(orderId));
		if (row.orders.length === before) throw notFound('invalid order');
		row.last_changed = this._now();
		this._changed(row);
		return true;
	}

	/** `GET /bounces.json`: bounce records (`bounces.ts`), paged; `group_id` is ignored (account-level records). */
	listBounces(query: Query = {}): unknown[] {
		const cap = this.config.realism.pageCaps.bounces;
		const { page, pagesize } = this._paging(query, cap ? Math.min(cap, this.config.maxPageSize) : undefined);
		return pageOf(this.bounceRecords.list(this._now()), page, pagesize);
	}

	/** `GET /receivers/bounced` (unconfirmed): receiver objects with `bounced > 0`. */
	bouncedReceivers(query: Query = {}): Record<string, unknown>[] {
		const gid = query.group_id !== undefined && String(query.group_id) !== '0' ? String(query.group_id) : '';
		const rows = this._sorted(`b:${gid}`, () => (gid ? this._rowsOf(gid).values() : this._allRows()), (r) => r.bounced > 0, query.order_by ?? 'bounced desc');
		return this._page(rows, query);
	}

	/** `POST /receivers.json/isvalid` `{emails, group_id, invert}`: syntactically valid, not blacklisted, not bounced. */
	validReceivers(body: unknown): string[] {
		const b = isPlainObject(body) ? body : {};
		const emails = Array.isArray(b.emails) ? b.emails.map((e) => asString(e)) : Array.isArray(body) ? (body as unknown[]).map((e) => asString(e)) : [];
		const gid = b.group_id !== undefined && String(b.group_id) !== '0' ? String(b.group_id) : '';
		const ok = (e: string): boolean => {
			if (!isEmail(e) || this._blacklisted(e, gid)) return false;
			const rows = this.rowsByEmail.get(emailKey(e)) ?? [];
			return !rows.some((r) => r.bounced > 0 && (!gid || r.groupId === gid));
		};
		return emails.filter((e) => ok(e) !== !!b.invert);
	}

	// ───────────────────────── tags ─────────────────────────

	_tagCounts(groupId: unknown): Map<string, { tag: string; count: number }> {
		const gid = groupId !== undefined && String(groupId) !== '0' && groupId !== '' ? String(groupId) : '';
		const counts = new Map<string, { tag: string; count: number }>();
		for (const r of gid ? this._rowsOf(gid).values() : this._allRows()) {
			for (const t of r.tags) {
				const k = t.toLowerCase();
				const c = counts.get(k);
				if (c) c.count++;
				else counts.set(k, { tag: t, count: 1 });
			}
		}
		return counts;
	}

	/** `GET /tags.json?group_id&origin&order_by=tag|count&limit&page|offset` → `[{tag, origin, count}]`. */
	listTags(query: Query = {}): unknown[] {
		const origin = asString(query.origin, '*');
		// `tag` is the part after the origin: the full tag is `origin.tag` (as real clients build it).
		let tags = [...this._tagCounts(query.group_id).values()].map((t) => {
			const origin = tagOrigin(t.tag);
			return { tag: origin ? t.tag.slice(origin.length + 1) : t.tag, origin, count: t.count };
		});
		if (origin !== '*' && origin !== '') tags = tags.filter((t) => t.origin.toLowerCase() === origin.toLowerCase());
		const byCount = asString(query.order_by).toLowerCase().startsWith('count');
		const full = (t: { tag: string; origin: string }) => (t.origin ? `${t.origin}.${t.tag}` : t.tag).toLowerCase();
		tags.sort((a, b) => (byCount ? b.count - a.count : 0) || (full(a) < full(b) ? -1 : 1));
		const limit = Math.max(1, toInt(query.limit ?? query.pagesize, 100));
		const offset = query.offset !== undefined ? Math.max(0, toInt(query.offset, 0)) : Math.max(0, toInt(query.page, 0)) * limit;
		return tags.slice(offset, offset + limit);
	}

	countTag(tag: unknown, groupId?: unknown): number {
		if (tag === undefined || tag === '') throw badRequest('tag is required');
		return this._tagCounts(groupId).get(asString(tag).toLowerCase())?.count ?? 0;
	}

	// ───────────────────────── filters (segments) ─────────────────────────

	renderFilter(f: Filter): Record<string, unknown> {
		return { id: f.id, name: f.name, rules: f.rules.map((r) => ({ ...r })) };
	}

	_filter(groupId: unknown, filterId: unknown): Filter {
		this._group(groupId);
		const f = this.filters.get(String(filterId));
		if (!f || f.groupId !== String(groupId)) throw notFound('invalid filter');
		return f;
	}

	listFilters(groupId: unknown): unknown[] {
		const gid = this._group(groupId).id;
		return [...this.filters.values()].filter((f) => f.groupId === gid).map((f) => this.renderFilter(f));
	}

	getFilter(groupId: unknown, filterId: unknown): unknown {
		return this.renderFilter(this._filter(groupId, filterId));
	}

	_filterFields(body: unknown, base?: Filter): Omit<Filter, 'id' | 'groupId' | 'stamp'> {
		const b = isPlainObject(body) ? body : {};
		const name = b.name !== undefined ? asString(b.name).trim() : base?.name ?? '';
		if (!name) throw badRequest('name is required');
		const operator = b.operator !== undefined ? (asString(b.operator).toUpperCase() === 'OR' ? 'OR' : 'AND') : base?.operator ?? 'AND';
		const rules = b.rules !== undefined ? normaliseRules(b.rules, operator) : base?.rules ?? [];
		compileRules(rules, operator, this.attributes);
		return { name, rules, operator };
	}

	createFilter(groupId: unknown, body: unknown): unknown {
		const gid = this._group(groupId).id;
		const f: Filter = { id: String(++this.seq.filter), groupId: gid, stamp: this._now(), ...this._filterFields(body) };
		this.filters.set(f.id, f);
		return this.renderFilter(f);
	}

	updateFilter(groupId: unknown, filterId: unknown, body: unknown): unknown {
		const f = this._filter(groupId, filterId);
		Object.assign(f, this._filterFields(body, f));
		return this.renderFilter(f);
	}

	deleteFilter(groupId: unknown, filterId: unknown): true {
		this.filters.delete(this._filter(groupId, filterId).id);
		return true;
	}

	_filterRows(groupId: unknown, filterId: unknown, query: Query): Row[] {
		const f = this._filter(groupId, filterId);
		const type = asString(query.type, 'all').toLowerCase() || 'all';
		const typeTest = this._typeTest(type);
		const ruleTest = compileRules(f.rules, f.operator, this.attributes);
		const key = `s:${f.id}|${JSON.stringify([f.rules, f.operator])}|${type}`;
		return this._sorted(key, () => this._rowsOf(f.groupId).values(), (r) => typeTest(r) && ruleTest(r), query.order_by ?? query.orderby);
	}

	filterReceiverList(groupId: unknown, filterId: unknown, query: Query = {}): Record<string, unknown>[] {
		return this._page(this._filterRows(groupId, filterId, query), query);
	}

	filterCount(groupId: unknown, filterId: unknown, query: Query = {}): number {
		return this._filterRows(groupId, filterId, query).length;
	}

	filterStats(groupId: unknown, filterId: unknown): Record<string, number> {
		return this._stats(this._filterRows(groupId, filterId, {}));
	}

	// ───────────────────────── forms ─────────────────────────

	renderForm(f: Form): Record<string, unknown> {
		return { id: f.id, name: f.name, customer_tables_id: f.customer_tables_id, type: f.type, description: f.description, title: f.title, stamp: f.stamp };
	}

	_form(id: unknown): Form {
		const f = this.forms.get(String(id));
		if (!f) throw notFound('invalid form');
		return f;
	}

	listForms(groupId?: unknown): unknown[] {
		const gid = groupId === undefined ? '' : this._group(groupId).id;
		return [...this.forms.values()].filter((f) => !gid || f.customer_tables_id === gid).map((f) => this.renderForm(f));
	}

	getForm(id: unknown): unknown {
		return this.renderForm(this._form(id));
	}

	/** `POST /forms/{group_id}/createfromtemplate/{type}`. */
	createForm(groupId: unknown, type: unknown = 'default', body: unknown = {}): unknown {
		const g = this._group(groupId);
		const b = isPlainObject(body) ? body : {};
		const f: Form = {
			id: String(++this.seq.form), name: asString(b.name, `${g.name} form`), customer_tables_id: g.id, type: asString(type, 'default'),
			description: asString(b.description), title: asString(b.title, asString(b.name, g.name)), stamp: this._now(),
		};
		this.forms.set(f.id, f);
		this._notify({ entity: 'form', kind: 'created', id: f.id, groupId: g.id });
		return this.renderForm(f);
	}

	formCode(id: unknown): string {
		const f = this._form(id);
		return `<form class="layout_form cr_form cr_font" action="https://${this.account.login_domain}/f/${this.account.id}-${f.id}/wcs/" method="post" target="_blank"><div class="cr_body"><h2>${f.title}</h2><input type="email" name="email" required><button type="submit">Subscribe</button></div></form>`;
	}

	/** `POST /forms/{id}/send/activate|deactivate` `{email, doidata}`: records the DOI mail; 404 if the email is not in the form's group. */
	sendDoi(formId: unknown, kind: 'activate' | 'deactivate', body: unknown): true {
		const f = this._form(formId);
		const b = isPlainObject(body) ? body : {};
		if (!isEmail(b.email)) throw badRequest('invalid email');
		const row = this._row(f.customer_tables_id, b.email);
		this.doiMails.push({
			kind, formId: f.id, groupId: f.customer_tables_id, email: row.email,
			doidata: isPlainObject(b.doidata) ? { ...b.doidata } : {}, at: this._now(),
		});
		return true;
	}

	// ───────────────────────── blacklist ─────────────────────────

	_blacklist(groupId: unknown = '0'): Map<string, BlacklistEntry> {
		const gid = String(groupId ?? '0') || '0';
		if (gid !== '0') this._group(gid);
		if (!this.blacklists.has(gid)) this.blacklists.set(gid, new Map());
		return this.blacklists.get(gid) as Map<string, BlacklistEntry>;
	}

	_blacklisted(email: string, groupId = ''): boolean {
		const key = emailKey(email);
		return !!this.blacklists.get('0')?.has(key) || (!!groupId && !!this.blacklists.get(groupId)?.has(key));
	}

	listBlacklist(groupId: unknown = '0'): BlacklistEntry[] {
		return [...this._blacklist(groupId).values()].map((e) => ({ ...e }));
	}

	getBlacklisted(email: unknown, groupId: unknown = '0'): BlacklistEntry {
		const e = this._blacklist(groupId).get(emailKey(asString(email)));
		if (!e) throw notFound('email not blacklisted');
		return { ...e };
	}

	addBlacklist(body: unknown, groupId: unknown = '0'): BlacklistEntry {
		const b = isPlainObject(body) ? body : { email: body };
		if (!isEmail(b.email)) throw badRequest('invalid email');
		const list = this._blacklist(groupId);
		const key = emailKey(b.email);
		const entry: BlacklistEntry = list.get(key) ?? { email: b.email.trim(), comment: '', stamp: this._now(), isLocked: false };
		if (b.comment !== undefined) entry.comment = asString(b.comment);
		if (b.isLocked !== undefined) entry.isLocked = !!b.isLocked;
		list.set(key, entry);
		return { ...entry };
	}

	updateBlacklist(email: unknown, body: unknown, groupId: unknown = '0'): BlacklistEntry {
		const b = isPlainObject(body) ? body : {};
		const target = email ?? b.email;
		this.getBlacklisted(target, groupId);
		return this.addBlacklist({ ...b, email: asString(target) }, groupId);
	}

	removeBlacklist(email: unknown, groupId: unknown = '0'): true {
		const list = this._blacklist(groupId);
		if (!list.delete(emailKey(asString(email)))) throw notFound('email not blacklisted');
		return true;
	}

	/** `POST /blacklist/validate` `{emails:[...]}` → the emails that are valid and not blacklisted. */
	validateEmails(body: unknown): string[] {
		const emails = isPlainObject(body) && Array.isArray(body.emails) ? body.emails : Array.isArray(body) ? body : [];
		return emails.map((e) => asString(e)).filter((e) => isEmail(e) && !this._blacklisted(e));
	}

	// ───────────────────────── mailings ─────────────────────────

	/** Moves released mailings along the clock (waiting → running → finished) and writes reports. */
	settle(): void {
		const now = this._now();
		for (const m of this.mailings.values()) {
			if (!m.sendAt || m.finished) continue;
			if (now >= m.sendAt && !m.started) m.started = m.sendAt;
			if (now >= m.sendAt + this.config.mailingSendSeconds) this._finish(m, m.sendAt + this.config.mailingSendSeconds);
		}
	}

	mailingState(m: Mailing): MailingState {
		if (!m.sendAt) return 'draft';
		if (m.finished) return 'finished';
		const now = this._now();
		if (now < m.sendAt) return 'waiting';
		return now < m.sendAt + this.config.mailingSendSeconds ? 'running' : 'finished';
	}

	_targets(m: Mailing): Row[] {
		let groups = m.groups;
		let test: (r: Row) => boolean = isActive;
		const f = m.filterId ? this.filters.get(m.filterId) : undefined;
		if (f) {
			const rules = compileRules(f.rules, f.operator, this.attributes);
			groups = groups.length ? groups : [f.groupId];
			test = (r) => isActive(r) && rules(r);
		}
		const seen = new Set<string>();
		const out: Row[] = [];
		for (const gid of groups) {
			for (const r of this.groupRows.get(gid)?.values() ?? []) {
				if (!test(r) || seen.has(r.key) || this._blacklisted(r.email, r.groupId)) continue;
				seen.add(r.key);
				out.push(r);
			}
		}
		return out;
	}

	_finish(m: Mailing, at: number): void {
		m.started = m.started || m.sendAt || at;
		m.finished = at;
		const recipients = new Map<string, RecipientStat>();
		for (const r of this._targets(m)) {
			this._pushEvent(r, { stamp: at, type: 'mail_send', type_id: m.id, value: '', mailing_id: m.id, groups_id: r.groupId });
			recipients.set(r.id, { rowId: r.id, email: r.email, groupId: r.groupId, sent: at, opened: 0, opens: 0, clicked: 0, clicks: [], bounced: 0, unsubscribed: 0 });
		}
		for (const gid of m.groups) {
			const g = this.groups.get(gid);
			if (g) g.last_mailing = m.started;
		}
		this.reports.set(m.id, { id: m.id, started: m.started, finished: at, links: this._links(m), recipients });
		this._touch();
	}

	_links(m: Mailing): Array<{ id: string; link: string }> {
		const links: Array<{ id: string; link: string }> = [];
		for (const match of m.body_html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
			if (!links.some((l) => l.link === match[1])) links.push({ id: String(++this.seq.link), link: match[1] });
		}
		return links;
	}

	renderMailing(m: Mailing): Record<string, unknown> {
		const state = this.mailingState(m);
		const hasHtml = m.body_html !== '';
		return {
			id: m.id, category_id: m.settings.category_id || '0', name: m.name, subject: m.subject, sender_name: m.sender_name,
			sender_email: m.sender_email, body_html: m.body_html, body_text: m.body_text, stamp: m.stamp, last_changed: m.last_changed,
			started: state === 'draft' || state === 'waiting' ? 0 : m.started || m.sendAt, finished: state === 'finished' ? m.finished : 0,
			ready: m.ready, send_on: m.sendAt, m_type: 0, position: 0, is_html: hasHtml, is_text: m.body_text !== '', is_fixed: false,
			is_mailing: true, is_campaign: false, is_dynamic: false, is_splittest: false,
			is_trackable: m.settings.open_tracking || m.settings.click_tracking, type_name: 'mailing', external_id: '',
			unsubscribe_link: '', last_version_id: '0', mailing_groups: { group_ids: [...m.groups] }, state, tags: [...m.tags],
			unsubscribe_form_id: m.settings.unsubscribe_form_id || '0',
		};
	}

	_mailing(id: unknown): Mailing {
		const m = this.mailings.get(String(id));
		if (!m) throw notFound('invalid mailing');
		return m;
	}

	/** Validates and merges a create/update body into `base`. */
	_mailingFields(body: unknown, base: Mailing): Mailing {
		if (!isPlainObject(body)) throw badRequest('invalid mailing');
		const m: Mailing = { ...base, settings: { ...base.settings }, groups: [...base.groups], tags: [...base.tags] };
		for (const f of ['name', 'subject', 'sender_name'] as const) if (body[f] !== undefined) m[f] = asString(body[f]);
		if (body.sender_email !== undefined) {
			if (!isEmail(body.sender_email)) throw badRequest('invalid sender_email');
			m.sender_email = body.sender_email.trim();
		}
		if (!m.name.trim()) throw badRequest('name is required');
		if (!m.subject.trim()) throw badRequest('subject is required');
		const content = isPlainObject(body.content) ? body.content : null;
		if (content) {
			if (content.type !== undefined) m.contentType = asString(content.type);
			if (content.html !== undefined) m.body_html = asString(content.html);
			if (content.text !== undefined) m.body_text = asString(content.text);
		}
		if (body.body_html !== undefined) m.body_html = asString(body.body_html);
		if (body.body_text !== undefined) m.body_text = asString(body.body_text);
		const receivers = isPlainObject(body.receivers) ? body.receivers : null;
		if (receivers) {
			if (receivers.groups !== undefined) m.groups = (Array.isArray(receivers.groups) ? receivers.groups : [receivers.groups]).map(String);
			if (receivers.filter !== undefined) m.filterId = asString(receivers.filter);
		}
		for (const g of m.groups) this._group(g);
		if (m.filterId && m.filterId !== '0' && !this.filters.has(m.filterId)) throw notFound('invalid filter');
		if (isPlainObject(body.settings)) {
			const s = body.settings;
			for (const k of ['editor', 'link_tracking_url', 'link_tracking_type', 'google_campaign_name', 'unsubscribe_form_id', 'campaign_id', 'category_id'] as const) {
				if (s[k] !== undefined) m.settings[k] = asString(s[k]);
			}
			if (s.editor !== undefined && !this.config.mailingEditors.includes(asString(s.editor))) throw badRequest(`invalid editor "${asString(s.editor)}"`);
			if (s.open_tracking !== undefined) m.settings.open_tracking = !!s.open_tracking;
			if (s.click_tracking !== undefined) m.settings.click_tracking = !!s.click_tracking;
		}
		if (body.tags !== undefined) m.tags = parseTags(body.tags);
		const htmlType = m.contentType === '' || m.contentType.includes('html');
		if (m.settings.open_tracking && (!htmlType || !m.body_html)) throw badRequest('open tracking requires HTML content');
		if (m.settings.google_campaign_name && m.settings.link_tracking_type !== 'google') {
			throw badRequest('google_campaign_name requires link_tracking_type google');
		}
		if (m.settings.link_tracking_type && !['google', 'intelliad', 'crconnect'].includes(m.settings.link_tracking_type)) {
			throw badRequest('invalid link_tracking_type');
		}
		m.last_changed = this._now();
		return m;
	}

	createMailing(body: unknown): Record<string, unknown> {
		const now = this._now();
		const blank: Mailing = {
			id: String(++this.seq.mailing), name: '', subject: '', sender_name: '', sender_email: '', contentType: '', body_html: '',
			body_text: '', groups: [], filterId: '', tags: [], stamp: now, last_changed: now, sendAt: 0, ready: 0, started: 0, finished: 0,
			previews: [], settings: {
				editor: 'wizard', open_tracking: false, click_tracking: false, link_tracking_url: '', link_tracking_type: '',
				google_campaign_name: '', unsubscribe_form_id: '', campaign_id: '', category_id: '',
			},
		};
		const m = this._mailingFields(body, blank);
		this.mailings.set(m.id, m);
		return this.renderMailing(m);
	}

	getMailing(id: unknown): Record<string, unknown> {
		this.settle();
		return this.renderMailing(this._mailing(id));
	}

	updateMailing(id: unknown, body: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) !== 'draft') throw badRequest('only draft mailings can be changed');
		const next = this._mailingFields(body, m);
		this.mailings.set(next.id, next);
		return this.renderMailing(next);
	}

	deleteMailing(id: unknown): true {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) === 'running') throw badRequest('a running mailing cannot be deleted');
		this.mailings.delete(m.id);
		return true;
	}

	/** `GET /mailings?state&limit&start&group_id`: object keyed by state, newest first; `start` is an offset. */
	listMailings(query: Query = {}): Record<string, unknown[]> {
		this.settle();
		const asked = asString(query.state).toLowerCase();
		if (asked && asked !== 'all' && !MAILING_STATES.includes(asked as MailingState)) throw badRequest(`invalid state "${asked}"`);
		const states = asked && asked !== 'all' ? [asked as MailingState] : MAILING_STATES;
		const limit = toInt(query.limit, 0);
		const start = Math.max(0, toInt(query.start, 0));
		const gid = query.group_id !== undefined && String(query.group_id) !== '0' ? String(query.group_id) : '';
		const all = this._listOrder(
			[...this.mailings.values()].filter((m) => !gid || m.groups.includes(gid)),
			(m) => m.stamp,
			(m) => Number(m.id),
		);
		const out: Record<string, unknown[]> = {};
		for (const s of states) {
			const list = all.filter((m) => this.mailingState(m) === s);
			out[s] = list.slice(start, limit > 0 ? start + limit : undefined).map((m) => this.renderMailing(m));
		}
		return out;
	}

	/**
	 * Mailing and report lists: newest first by default; the "list order" profile answers them oldest first, by id,
	 * or in a new random order on every request (the real API guarantees none of these).
	 */
	_listOrder<T>(items: T[], time: (item: T) => number, id: (item: T) => number): T[] {
		const order = this.config.realism.listOrder;
		if (order === 'random') {
			const out = [...items];
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(this.rng() * (i + 1));
				[out[i], out[j]] = [out[j], out[i]];
			}
			return out;
		}
		if (order === 'id') return [...items].sort((a, b) => id(a) - id(b));
		const dir = order === 'oldest' ? -1 : 1;
		return [...items].sort((a, b) => dir * (time(b) - time(a) || id(b) - id(a)));
	}

	/** `POST /mailings/{id}/release` `{time}` (0/absent/past = now). */
	releaseMailing(id: unknown, time?: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) !== 'draft') throw badRequest('mailing is not a draft');
		if (!m.groups.length && !m.filterId) throw badRequest('mailing has no receivers');
		if (!m.body_html && !m.body_text) throw badRequest('mailing has no content');
		const now = this._now();
		const t = isPlainObject(time) ? time.time : time;
		const at = t === undefined || t === null || t === '' ? now : toTimestamp(t, 'time', now);
		m.sendAt = Math.max(at, now);
		m.ready = now;
		m.last_changed = now;
		this.settle();
		return this.renderMailing(m);
	}

	/** `POST /mailings/{id}/stop`: a waiting mailing goes back to draft, a running one finishes now. */
	stopMailing(id: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		const state = this.mailingState(m);
		if (state === 'waiting') {
			m.sendAt = 0;
			m.ready = 0;
		} else if (state === 'running') this._finish(m, this._now());
		else throw badRequest('mailing is not waiting or running');
		m.last_changed = this._now();
		return this.renderMailing(m);
	}

	/** Finishes a released (or draft: released now) mailing immediately. */
	finishMailing(id: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) === 'draft') this.releaseMailing(m.id);
		if (!m.finished) {
			if (!m.started) m.started = this._now();
			this._finish(m, this._now());
		}
		return this.renderMailing(m);
	}

	sendPreview(id: unknown, body: unknown): true {
		const m = this._mailing(id);
		const b = isPlainObject(body) ? body : {};
		const receivers = Array.isArray(b.receivers) ? b.receivers.map((e) => asString(e)) : [];
		if (!receivers.length) throw badRequest('receivers is required');
		for (const e of receivers) if (!isEmail(e)) throw badRequest('invalid email');
		m.previews.push({ receivers, previewText: asString(b.previewText), at: this._now() });
		return true;
	}

	mailingLinks(id: unknown): unknown[] {
		this.settle();
		const m = this._mailing(id);
		return (this.reports.get(m.id)?.links ?? this._links(m)).map((l) => ({ ...l }));
	}

	mailingOrders(id: unknown): unknown[] {
		const m = this._mailing(id);
		const out: unknown[] = [];
		for (const r of this._allRows()) for (const o of r.orders) if (o.mailing_id === m.id) out.push({ ...o, email: r.email });
		return out;
	}

	listChannels(): unknown[] {
		return this.channels.map((c) => ({ ...c }));
	}

	getChannel(id: unknown): unknown {
		const c = this.channels.find((x) => x.id === String(id));
		if (!c) throw notFound('invalid channel');
		return { ...c };
	}

	deleteChannel(id: unknown): true {
		this.getChannel(id);
		this.channels = this.channels.filter((x) => x.id !== String(id));
		return true;
	}

	// ───────────────────────── reports ─────────────────────────

	_report(id: unknown): Report {
		this.settle();
		const r = this.reports.get(String(id));
		if (!r) throw notFound('invalid report');
		return r;
	}

	_recipient(mailingId: unknown, email: unknown): { rep: Report; stat: RecipientStat } {
		const rep = this._report(mailingId);
		const key = emailKey(asString(email));
		const stat = [...rep.recipients.values()].find((s) => emailKey(s.email) === key);
		if (!stat) throw notFound('invalid receiver');
		return { rep, stat };
	}

	_reportStats(rep: Report): Record<string, number> {
		let sent = 0, bounced = 0, opened = 0, opens = 0, clicked = 0, clicks = 0, unsub = 0;
		for (const s of rep.recipients.values()) {
			sent++;
			if (s.bounced) bounced++;
			if (s.opened) opened++;
			opens += s.opens;
			if (s.clicked) clicked++;
			clicks += s.clicks.length;
			if (s.unsubscribed) unsub++;
		}
		return {
			sent, delivered: sent - bounced, unique_opened: opened, opened: opens, unique_clicks: clicked, clicks,
			bounced, unsubscribed: unsub, spam: 0,
		};
	}

	renderReport(rep: Report): Record<string, unknown> {
		const m = this.mailings.get(rep.id);
		return {
			id: rep.id, name: m?.name ?? '', subject: m?.subject ?? '', sender_name: m?.sender_name ?? '', sender_email: m?.sender_email ?? '',
			started: rep.started, finished: rep.finished, mailing_groups: { group_ids: [...(m?.groups ?? [])] },
			stats: { [this.config.reportStatsKey]: this._reportStats(rep) },
		};
	}

	/** `GET /reports?start&end&page&pagesize` (≤ reportsMaxPageSize); start/end filter on `finished`. */
	listReports(query: Query = {}): unknown[] {
		this.settle();
		const start = toInt(query.start, 0);
		const end = toInt(query.end, 0);
		const { page, pagesize } = this._paging(query, this.config.reportsMaxPageSize);
		const list = this._listOrder(
			[...this.reports.values()].filter((r) => r.finished >= start && (!end || r.finished <= end)),
			(r) => r.finished,
			(r) => Number(r.id),
		);
		return pageOf(list, page, pagesize).map((r) => this.renderReport(r));
	}

	getReport(id: unknown): unknown {
		return this.renderReport(this._report(id));
	}

	deleteReport(id: unknown): true {
		this.reports.delete(this._report(id).id);
		return true;
	}

	reportLinks(id: unknown): unknown[] {
		const rep = this._report(id);
		const links = rep.links.map((l) => {
			let total = 0, unique = 0;
			for (const s of rep.recipients.values()) {
				const n = s.clicks.filter((c) => c === l.id).length;
				total += n;
				if (n) unique++;
			}
			return { id: l.id, link: l.link, total_clicks: total, unique_clicks: unique };
		});
		return [{ mailing_id: rep.id, links }];
	}

	reportDaily(id: unknown): unknown[] {
		const rep = this._report(id);
		const days = new Map<string, Record<string, number | string>>();
		const day = (t: number): Record<string, number | string> => {
			const d = new Date(t * 1000).toISOString().slice(0, 10);
			if (!days.has(d)) days.set(d, { date: d, sent: 0, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0 });
			return days.get(d) as Record<string, number | string>;
		};
		const inc = (t: number, k: string): void => {
			if (t) day(t)[k] = (day(t)[k] as number) + 1;
		};
		for (const s of rep.recipients.values()) {
			inc(s.sent, 'sent');
			inc(s.opened, 'opened');
			inc(s.clicked, 'clicked');
			inc(s.bounced, 'bounced');
			inc(s.unsubscribed, 'unsubscribed');
		}
		return [...days.values()].sort((a, b) => (String(a.date) < String(b.date) ? -1 : 1));
	}

	/** `GET /reports/{id}/receivers/{type}?detail&from&to&linkid&page&pagesize`. */
	reportReceivers(id: unknown, type: unknown, query: Query = {}): unknown[] {
		const rep = this._report(id);
		const t = asString(type).toLowerCase();
		if (!REPORT_RECEIVER_TYPES.includes(t)) throw notFound('invalid type');
		const from = toInt(query.from, 0);
		const to = toInt(query.to, 0);
		const link = query.linkid !== undefined ? asString(query.linkid) : '';
		const when = (s: RecipientStat): number => {
			if (t === 'sent' || t.startsWith('not')) return s.sent;
			return t === 'opened' ? s.opened : t === 'clicked' ? s.clicked : t === 'bounced' ? s.bounced : s.unsubscribed;
		};
		const matches = (s: RecipientStat): boolean => {
			if (t === 'notopened') return !s.opened;
			if (t === 'notclicked') return !s.clicked;
			if (t === 'clicked' && link) return s.clicks.includes(link);
			return when(s) > 0;
		};
		const stats = [...rep.recipients.values()].filter((s) => matches(s) && when(s) >= from && (!to || when(s) <= to));
		const rows = stats.map((s) => this.rowsById.get(s.rowId)).filter((r): r is Row => r !== undefined);
		return this._page(rows, query);
	}

	/** Ground-truth helpers for reports: a receiver opens / clicks / bounces / unsubscribes from a finished mailing. */
	openMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		const now = this._now();
		stat.opened = stat.opened || now;
		stat.opens++;
		const row = this.rowsById.get(stat.rowId);
		if (row) this._event(row, 'mail_open', String(mailingId), '127.0.0.1', String(mailingId));
		this._touch();
		return true;
	}

	clickMailing(mailingId: unknown, email: unknown, linkId?: unknown): true {
		const { rep, stat } = this._recipient(mailingId, email);
		const link = linkId !== undefined ? asString(linkId) : rep.links[0]?.id ?? '0';
		const now = this._now();
		if (!stat.opened) {
			stat.opened = now;
			stat.opens++;
		}
		stat.clicked = stat.clicked || now;
		stat.clicks.push(link);
		const row = this.rowsById.get(stat.rowId);
		if (row) this._event(row, 'mail_click', link, '', String(mailingId));
		this._touch();
		return true;
	}

	bounceMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		stat.bounced = stat.bounced || this._now();
		if (this.rowsById.has(stat.rowId)) this.bounce(stat.email, stat.groupId, String(mailingId));
		return true;
	}

	unsubscribeMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		stat.unsubscribed = stat.unsubscribed || this._now();
		if (this.rowsById.has(stat.rowId)) this.unsubscribe(stat.groupId, stat.email, String(mailingId));
		return true;
	}

	// ───────────────────────── bulk seeding ─────────────────────────

	/** Fast bulk insert without per-row validation (benchmarks). Returns the number of rows created. */
	bulkInsert(groupId: unknown, rows: Array<Partial<Row> & { email: string }>): number {
		const gid = this._group(groupId).id;
		const map = this.groupRows.get(gid) as Map<string, Row>;
		let created = 0;
		const now = this._now();
		for (const data of rows) {
			const key = emailKey(data.email);
			if (map.has(key)) continue;
			const row = this._newRowQuiet(gid, data.email, key, data);
			// Seeded rows existed before the test: known to the event log and the search, but not a change.
			this.history.baseline(row, isActive(row));
			this.search?.record(row, now, false, true);
			if (row.bounced) this.bounceRecords.add(row.email, row.bounced);
			created++;
		}
		this._touch();
		return created;
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
