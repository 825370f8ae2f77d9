/**
 * The account itself, groups and attribute definitions.
 */
import { badRequest, conflict, notFound } from '../errors.ts';
import type { Attribute, Group, Row } from '../types.ts';
import { asString, ATTR_TYPES, isPlainObject, toInt } from '../values.ts';
import type { AttrType } from '../values.ts';
import { isActive, ModelStore } from './store.ts';
import type { Account } from './store.ts';


export class GroupsModel extends ModelStore {
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
}
