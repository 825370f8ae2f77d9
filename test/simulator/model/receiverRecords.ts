/**
 * A receiver across the account (`/receivers/{id|email}`): look-up, deletion everywhere, its groups, email
 * changes and clones, and its sub-resources (events, orders, single attributes).
 */
import { badRequest, conflict, notFound } from '../errors.ts';
import type { OrderItem, ReceiverEvent, Row } from '../types.ts';
import { asString, checkAttributeValue, emailKey, isEmail, isPlainObject, toTimestamp } from '../values.ts';
import { ReceiversModel } from './receivers.ts';
import { isActive } from './store.ts';


export class ReceiverRecordsModel extends ReceiversModel {
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
}
