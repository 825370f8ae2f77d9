/**
 * Receiver writes in a group: validation against the attribute definitions, CleverReach's activation
 * rules, upsert and batch semantics, status changes (API-side and system-side), bounces, and bulk seeding.
 */
import { badRequest, conflict, notFound, SimError } from '../errors.ts';
import { snapshot } from '../history.ts';
import type { Attribute, OrderItem, Row } from '../types.ts';
import {
	asString,
	checkAttributeValue,
	emailKey,
	isEmail,
	isPlainObject,
	mergeTags,
	parseAttributeMap,
	parseTags,
	toInt,
	toTimestamp,
} from '../values.ts';
import type { ValueChange } from '../values.ts';
import { FormsModel } from './forms.ts';
import { DETAIL_ALL, DETAIL_TAGS, isActive } from './store.ts';

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

export class ReceiversModel extends FormsModel {
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
}
