/** Fault injection: scripted rules and a seeded random mode. */
import { errorBody } from './errors.ts';

export type FaultStatus = 429 | 500 | 502 | 503 | 504;
/** `delay`: the request is answered normally, `delayMs` (real time) later. */
export type FaultKind = 'reset' | 'timeout' | 'delay';

export interface FaultRule {
	method?: string;
	/** Exact normalised path (`/v3/groups/5/receivers`, no `.json`) or a RegExp tested against it. */
	path?: string | RegExp;
	status?: FaultStatus;
	/** Seconds, sent as `Retry-After`. */
	retryAfter?: number;
	kind?: FaultKind;
	delayMs?: number;
	/** How many matching requests fail (default 1; `Infinity` or a negative number = forever). */
	times?: number;
	/** Let this many matching requests through first. */
	skip?: number;
	/** Apply the request to the model, then answer with the fault ("may already have been applied"). */
	afterApply?: boolean;
}

export interface ActiveFault extends FaultRule {
	/** Matching requests seen so far. */
	seen: number;
	/** Faults injected so far. */
	hits: number;
}

export interface RandomFaults {
	seed: number;
	/** Share of requests that fail, 0..1. */
	rate: number;
	kinds?: Array<FaultStatus | FaultKind>;
	method?: string;
	path?: string | RegExp;
	retryAfter?: number;
	delayMs?: number;
}

export interface FaultReply {
	status: number;
	headers: Record<string, string>;
	body: string;
	fault?: { kind: 'reset' | 'timeout'; delayMs?: number };
}

/** mulberry32: small seeded PRNG. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function matches(rule: { method?: string; path?: string | RegExp }, method: string, path: string): boolean {
	if (rule.method && rule.method.toUpperCase() !== method) return false;
	if (rule.path === undefined) return true;
	if (typeof rule.path === 'string') return rule.path === path || rule.path.replace(/\.json/g, '') === path;
	rule.path.lastIndex = 0;
	return rule.path.test(path);
}

export class Faults {
	rules: ActiveFault[] = [];
	private randomMode: (RandomFaults & { next: () => number }) | null = null;

	add(rule: FaultRule): ActiveFault {
		if (rule.status === undefined && rule.kind === undefined) throw new Error('a fault rule needs a status or a kind');
		const active: ActiveFault = { ...rule, seen: 0, hits: 0 };
		this.rules.push(active);
		return active;
	}

	random(opts: RandomFaults): void {
		this.randomMode = { ...opts, next: mulberry32(opts.seed) };
	}

	clear(): void {
		this.rules = [];
		this.randomMode = null;
	}

	/** The fault for this request, if any (consumes one use of the matching rule). */
	match(method: string, path: string): FaultRule | null {
		for (const rule of this.rules) {
			if (!matches(rule, method, path)) continue;
			const times = rule.times ?? 1;
			const unlimited = times < 0 || !Number.isFinite(times);
			if (!unlimited && rule.hits >= times) continue;
			rule.seen++;
			if (rule.seen <= (rule.skip ?? 0)) continue;
			rule.hits++;
			return rule;
		}
		const r = this.randomMode;
		if (r && matches(r, method, path) && r.next() < r.rate) {
			const kinds: Array<FaultStatus | FaultKind> = r.kinds?.length ? r.kinds : [429, 500, 502, 503, 'reset'];
			const pick = kinds[Math.floor(r.next() * kinds.length)];
			return typeof pick === 'number'
				? { status: pick, retryAfter: pick === 429 ? r.retryAfter ?? 1 : r.retryAfter }
				: { kind: pick, delayMs: r.delayMs };
		}
		return null;
	}

	/** The response that carries a fault (an HTTP error, or a connection fault for the adapter to enact). */
	static reply(rule: FaultRule): FaultReply {
		if (rule.kind === 'reset' || rule.kind === 'timeout') {
			return { status: 0, headers: {}, body: '', fault: { kind: rule.kind, delayMs: rule.delayMs ?? (rule.kind === 'timeout' ? 100 : 0) } };
		}
		const status = rule.status ?? 500;
		const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
		if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
		return { status, headers, body: JSON.stringify(errorBody(status)) };
	}
}
