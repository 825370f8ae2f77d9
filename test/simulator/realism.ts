/**
 * Realism profiles: ways in which the real CleverReach is harder than a kind simulator, each from the evidence in
 * docs/cleverreach-api.md. Every profile is off by default and usable on its own; `REALISTIC` turns all of them on.
 *
 *   new Simulator({ realism: 'realistic' })                 // everything
 *   new Simulator({ realism: { searchLag: { min: 0, max: 180 } } })   // one profile
 */

export type StrictMode = 'off' | 'reject' | 'ignore';
export type ListOrder = 'newest' | 'oldest' | 'id' | 'random';

export interface Realism {
	/**
	 * `POST /receivers/filter.json` rule fields, rule operators and `orderby` values, and group-list `order_by`
	 * values, that no real client has been seen using: `reject` answers 400, `ignore` silently drops them.
	 */
	strictApi: StrictMode;
	/** `POST /receivers/filter.json` sees each write only after a delay drawn per write from [min, max] seconds. */
	searchLag: { min: number; max: number } | null;
	/** Rows with equal sort values come back in a different order on every request; without a sort, in any order. */
	unstableTies: boolean;
	/**
	 * `registered` / `activated` / `deactivated` are stored exactly as clients send them, including future values
	 * and milliseconds sent by mistake (without this profile the simulator keeps back-dated values but turns
	 * milliseconds into seconds and future values into "now").
	 */
	clientTimestamps: boolean;
	/** CleverReach's clock (and its `Date` response header) minus n8n's clock, in seconds (e.g. ±600). */
	clockSkew: number;
	/** Order of `GET /mailings.json` lists and `GET /reports.json` (nothing is guaranteed in the real API). */
	listOrder: ListOrder;
	/** Silent page-size caps below the documented 5000 (0 = none). */
	pageCaps: { filter: number; bounces: number };
	/** filter.json rows come without local `attributes` and without `tags` whatever `detail` says. */
	searchRowsLackDetails: boolean;
	/** Seed of the random draws of these profiles (lag per write, tie shuffles, random list order). */
	seed: number;
}

export function noRealism(): Realism {
	return {
		strictApi: 'off',
		searchLag: null,
		unstableTies: false,
		clientTimestamps: false,
		clockSkew: 0,
		listOrder: 'newest',
		pageCaps: { filter: 0, bounces: 0 },
		searchRowsLackDetails: false,
		seed: 1,
	};
}

/** Every profile on, with the values the evidence suggests (lag up to the 120 s a production client waits, and more). */
export const REALISTIC: Readonly<Realism> = Object.freeze({
	strictApi: 'reject',
	searchLag: { min: 0, max: 180 },
	unstableTies: true,
	clientTimestamps: true,
	clockSkew: 120,
	listOrder: 'random',
	pageCaps: { filter: 500, bounces: 500 },
	searchRowsLackDetails: true,
	seed: 4242,
}) as Realism;

export function resolveRealism(value: 'realistic' | Partial<Realism> | undefined): Realism {
	if (value === 'realistic') return { ...REALISTIC, searchLag: { ...REALISTIC.searchLag! }, pageCaps: { ...REALISTIC.pageCaps } };
	const base = noRealism();
	return { ...base, ...value, pageCaps: { ...base.pageCaps, ...value?.pageCaps } };
}

/**
 * What public clients have been seen sending (docs/cleverreach-api.md, "Receiver search"). Rule fields beyond
 * these (and the account's attribute names) are unverified.
 */
export const CONFIRMED = {
	ruleFields: new Set(['email', 'tags', 'activated', 'deactivated', 'bounced']),
	/** Per rule field, the operators seen; fields not listed accept every confirmed operator. */
	fieldLogics: { bounced: new Set(['eq']) } as Record<string, Set<string>>,
	logics: new Set(['eq', 'bg', 'sm', 'contains', 'notisnull', 'nocontains']),
	searchOrders: new Set(['activated desc']),
	groupListOrders: new Set(['registered desc', 'registered asc', 'email asc']),
};

/** A receiver search or list request as the strict API profile lets it through (or a 400 naming what it refused). */
export interface StrictResult {
	rules: unknown;
	order: unknown;
	/** What was refused or dropped, for the error text. */
	refused: string[];
}

function ruleProblem(rule: unknown, attributeNames: Set<string>): string | undefined {
	if (!rule || typeof rule !== 'object') return undefined; // the rule compiler reports malformed rules
	const r = rule as Record<string, unknown>;
	const field = String(r.field ?? '').trim().toLowerCase();
	const logic = String(r.logic ?? 'eq').trim().toLowerCase();
	if (!CONFIRMED.ruleFields.has(field) && !attributeNames.has(field)) return `rule field "${String(r.field)}"`;
	const allowed = CONFIRMED.fieldLogics[field] ?? CONFIRMED.logics;
	if (!allowed.has(logic)) return `rule logic "${String(r.logic)}" on "${field}"`;
	return undefined;
}

/**
 * Applies the strict API profile to `POST /receivers/filter.json` (`kind: 'search'`) or to a group receiver list
 * (`kind: 'list'`, only `order_by`): unconfirmed rule fields, operators and orders are refused (mode `reject`)
 * or silently dropped (mode `ignore`).
 */
export function strictRequest(
	mode: StrictMode,
	kind: 'search' | 'list',
	rules: unknown,
	order: unknown,
	attributeNames: Set<string>,
): StrictResult {
	if (mode === 'off') return { rules, order, refused: [] };
	const refused: string[] = [];
	let kept = rules;
	if (kind === 'search' && Array.isArray(rules)) {
		kept = rules.filter((rule) => {
			const problem = ruleProblem(rule, attributeNames);
			if (problem) refused.push(problem);
			return !problem;
		});
	}
	let keptOrder = order;
	const text = String(order ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
	if (text) {
		const orders = kind === 'search' ? CONFIRMED.searchOrders : CONFIRMED.groupListOrders;
		const normalised = text.includes(' ') ? text : `${text} asc`;
		if (!orders.has(normalised)) {
			refused.push(`${kind === 'search' ? 'orderby' : 'order_by'} "${String(order)}"`);
			keptOrder = undefined;
		}
	}
	return { rules: kept, order: keptOrder, refused };
}
