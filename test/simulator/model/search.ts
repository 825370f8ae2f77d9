/**
 * Reading receivers in bulk: group lists, `filter.json` (with the realism profiles: strict API, search lag,
 * unstable ties, page caps, rows without details), bounce records, tags and segments (filters).
 */
import { badRequest, notFound } from '../errors.ts';
import { strictRequest } from '../realism.ts';
import { comparator, compileRules, normaliseRules, parseOrder } from '../rules.ts';
import type { Order } from '../rules.ts';
import type { Filter, Row } from '../types.ts';
import { asString, isPlainObject, tagOrigin, toInt } from '../values.ts';
import { ReceiverRecordsModel } from './receiverRecords.ts';
import { isActive, pageOf } from './store.ts';
import type { Query } from './store.ts';

const RECEIVER_TYPES = ['all', 'active', 'inactive', 'bounce'];

export class SearchModel extends ReceiverRecordsModel {
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
}
