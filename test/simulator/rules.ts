/** Filter rules (segments, receivers/filter.json) and `order_by` for receiver lists. */
import { badRequest } from './errors.ts';
import type { Attribute, FilterRule, Row } from './types.ts';

type Predicate = (row: Row) => boolean;

const TIME_FIELDS = ['activated', 'registered', 'deactivated', 'bounced', 'last_changed', 'imported'] as const;
const NUMBER_FIELDS = new Set<string>([...TIME_FIELDS, 'points', 'stars', 'id']);
const STRING_FIELDS = new Set(['email', 'source', 'last_ip', 'last_location', 'last_client', 'group_id']);
const LOGICS = new Set(['eq', 'neq', 'contains', 'notcontains', 'bg', 'sm', 'isnull', 'notisnull']);
const LOGIC_ALIASES: Record<string, string> = { ne: 'neq', nocontains: 'notcontains', notcontain: 'notcontains', gt: 'bg', lt: 'sm' };

function numberOf(cond: string): number {
	const n = Number(cond);
	if (Number.isFinite(n)) return n;
	const t = Date.parse(cond);
	return Number.isFinite(t) ? Math.floor(t / 1000) : NaN;
}

function numberTest(logic: string, cond: string): (v: number) => boolean {
	const c = numberOf(cond);
	switch (logic) {
		case 'eq': return (v) => v === c;
		case 'neq': return (v) => v !== c;
		case 'bg': return (v) => v > c;
		case 'sm': return (v) => v < c;
		case 'isnull': return (v) => !v;
		case 'notisnull': return (v) => !!v;
		case 'contains': return (v) => String(v).includes(cond);
		default: return (v) => !String(v).includes(cond);
	}
}

function stringTest(logic: string, cond: string): (v: string) => boolean {
	const c = cond.toLowerCase();
	const cn = Number(cond);
	const cmp = (v: string): number => {
		const vn = Number(v);
		if (v !== '' && cond !== '' && Number.isFinite(vn) && Number.isFinite(cn)) return vn - cn;
		const lv = v.toLowerCase();
		return lv < c ? -1 : lv > c ? 1 : 0;
	};
	switch (logic) {
		case 'eq': return (v) => v.toLowerCase() === c;
		case 'neq': return (v) => v.toLowerCase() !== c;
		case 'contains': return (v) => v.toLowerCase().includes(c);
		case 'notcontains': return (v) => !v.toLowerCase().includes(c);
		case 'bg': return (v) => v !== '' && cmp(v) > 0;
		case 'sm': return (v) => v !== '' && cmp(v) < 0;
		case 'isnull': return (v) => v === '';
		default: return (v) => v !== '';
	}
}

function tagsTest(logic: string, cond: string): (tags: string[]) => boolean {
	const c = cond.toLowerCase();
	switch (logic) {
		case 'eq': return (t) => t.some((x) => x.toLowerCase() === c);
		case 'neq': return (t) => !t.some((x) => x.toLowerCase() === c);
		case 'contains': return (t) => t.some((x) => x.toLowerCase().includes(c));
		case 'notcontains': return (t) => !t.some((x) => x.toLowerCase().includes(c));
		case 'isnull': return (t) => t.length === 0;
		case 'notisnull': return (t) => t.length > 0;
		default: throw badRequest(`logic "${logic}" is not supported for tags`);
	}
}

function normaliseLogic(raw: unknown): string {
	const l = String(raw ?? 'eq').trim().toLowerCase();
	const logic = LOGIC_ALIASES[l] ?? l;
	if (!LOGICS.has(logic)) throw badRequest(`invalid logic "${String(raw)}"`);
	return logic;
}

/** Attribute fields may be given by name or as `a<id>.value` / `a<id>` aliases. */
function attributeName(field: string, attributes: Map<number, Attribute>): string | undefined {
	const alias = /^a(\d+)(\.value)?$/.exec(field);
	if (alias) return attributes.get(Number(alias[1]))?.name;
	for (const a of attributes.values()) if (a.name === field) return a.name;
	return undefined;
}

function compileRule(rule: FilterRule, attributes: Map<number, Attribute>): Predicate {
	if (typeof rule !== 'object' || rule === null) throw badRequest('invalid rule');
	const field = String(rule.field ?? '').trim().toLowerCase();
	const logic = normaliseLogic(rule.logic);
	const cond = rule.condition === undefined || rule.condition === null ? '' : String(rule.condition);
	if (field === 'tags') {
		const test = tagsTest(logic, cond);
		return (row) => test(row.tags);
	}
	if (NUMBER_FIELDS.has(field)) {
		const test = numberTest(logic, cond);
		if (field === 'id') return (row) => test(row.n);
		const f = field as (typeof TIME_FIELDS)[number] | 'points' | 'stars';
		return (row) => test(row[f]);
	}
	if (STRING_FIELDS.has(field)) {
		const test = stringTest(logic, cond);
		if (field === 'group_id') return (row) => test(row.groupId);
		const f = field as 'email' | 'source' | 'last_ip' | 'last_location' | 'last_client';
		return (row) => test(row[f]);
	}
	const name = attributeName(field, attributes);
	if (name === undefined) throw badRequest(`invalid filter field "${String(rule.field)}"`);
	const test = stringTest(logic, cond);
	return (row) => test(row.attrs[name] ?? row.globals[name] ?? '');
}

/** Combines rules left to right; a rule's own `operator` (AND/OR) wins over the top-level one. */
export function compileRules(rules: unknown, operator: unknown, attributes: Map<number, Attribute>): Predicate {
	if (rules === undefined || rules === null) return () => true;
	if (!Array.isArray(rules)) throw badRequest('rules must be an array');
	const top = String(operator ?? 'AND').toUpperCase() === 'OR' ? 'OR' : 'AND';
	let result: Predicate | null = null;
	for (const raw of rules as FilterRule[]) {
		const pred = compileRule(raw, attributes);
		if (result === null) {
			result = pred;
			continue;
		}
		const op = raw.operator ? (String(raw.operator).toUpperCase() === 'OR' ? 'OR' : 'AND') : top;
		const prev: Predicate = result;
		result = op === 'OR' ? (row) => prev(row) || pred(row) : (row) => prev(row) && pred(row);
	}
	return result ?? (() => true);
}

/** Stored form of segment rules: every rule carries its operator (the first one '' unless given, the others the top-level operator unless given). */
export function normaliseRules(rules: unknown, operator = 'AND'): FilterRule[] {
	if (rules === undefined || rules === null) return [];
	if (!Array.isArray(rules)) throw badRequest('rules must be an array');
	return rules.map((r: unknown, i: number) => {
		const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
		if (!o.field) throw badRequest(`rule ${i} has no field`);
		const given = o.operator === undefined || o.operator === null ? '' : String(o.operator).toUpperCase();
		return {
			operator: given || (i === 0 ? '' : operator),
			field: String(o.field),
			logic: String(o.logic ?? 'eq'),
			condition: o.condition === undefined || o.condition === null ? '' : String(o.condition),
		};
	});
}

const ORDER_FIELDS = new Set(['registered', 'activated', 'deactivated', 'last_changed', 'bounced', 'imported', 'id', 'email', 'points']);

export interface Order {
	field: string;
	desc: boolean;
}

/** `registered desc`, `email ASC`, `id`; empty = id ascending. */
export function parseOrder(raw: unknown): Order {
	const s = String(raw ?? '').trim();
	if (!s) return { field: 'id', desc: false };
	const [f, d = 'asc'] = s.split(/\s+/);
	const field = f.toLowerCase();
	const dir = d.toLowerCase();
	if (!ORDER_FIELDS.has(field) || (dir !== 'asc' && dir !== 'desc')) throw badRequest(`invalid order_by "${s}"`);
	return { field, desc: dir === 'desc' };
}

/** Comparator with a stable tie-break on the receiver id (ascending). */
export function comparator(order: Order): (a: Row, b: Row) => number {
	const dir = order.desc ? -1 : 1;
	if (order.field === 'id') return (a, b) => dir * (a.n - b.n);
	if (order.field === 'email') return (a, b) => (a.key < b.key ? -dir : a.key > b.key ? dir : a.n - b.n);
	const f = order.field as 'registered' | 'activated' | 'deactivated' | 'last_changed' | 'bounced' | 'imported' | 'points';
	return (a, b) => dir * (a[f] - b[f]) || a.n - b.n;
}
