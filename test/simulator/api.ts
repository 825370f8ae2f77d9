/**
 * `Simulator`: the HTTP-shaped front of the model. `handle(req)` does routing, auth, faults,
 * error bodies and logging; adapters (nock.ts, server.ts) only move bytes.
 */
import { Clock } from './clock.ts';
import type { ClockMode } from './clock.ts';
import { defaultConfig } from './config.ts';
import type { SimConfig } from './config.ts';
import { errorBody, OAuthError, SimError } from './errors.ts';
import { Eventhooks } from './eventhooks.ts';
import { Faults } from './faults.ts';
import { Model } from './model.ts';
import type { Account } from './model.ts';
import { OAuth } from './oauth.ts';
import type { Realism } from './realism.ts';
import { resolveRealism } from './realism.ts';
import { matchRoute, Reply, ROUTES } from './routes.ts';
import type { Ctx } from './routes.ts';

export interface SimRequest {
	method: string;
	/** Path plus query, e.g. `/v3/groups.json/5/receivers?page=0`. */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string | undefined;
}

export interface SimResponse {
	status: number;
	headers: Record<string, string>;
	/** Already serialised JSON, or ''. */
	body: string;
	/** When set, the adapter must break the connection instead of answering. */
	fault?: { kind: 'reset' | 'timeout'; delayMs?: number };
}

export type AuthKind = 'bearer' | 'query' | 'basic' | 'none';

export interface LogEntry {
	method: string;
	/** Normalised path: decoded segments, no `.json`. */
	path: string;
	rawPath: string;
	query: Record<string, unknown>;
	body: unknown;
	status: number;
	auth: AuthKind;
	at: number;
	/** Set when a fault was injected (`'http'` for 429/5xx, else the connection fault kind, or a slow answer). */
	fault?: 'http' | 'reset' | 'timeout' | 'delay';
}

export interface SimulatorOptions {
	/** `manual` (default) or `real`, or a ready Clock. */
	clock?: ClockMode | Clock;
	/** Start time of a manual clock (unix seconds). */
	start?: number;
	config?: Partial<SimConfig>;
	account?: Partial<Account>;
	/** OAuth clients to register: `{ client_id: client_secret }`. */
	clients?: Record<string, string>;
	/** Realism profiles (realism.ts): `'realistic'` for all of them, or some of them. */
	realism?: 'realistic' | Partial<Realism>;
}

export interface ParsedRequest {
	method: string;
	rawPath: string;
	path: string;
	segments: string[];
	query: Record<string, unknown>;
	headers: Record<string, string>;
	body: unknown;
	bodyError: boolean;
	auth: AuthKind;
	token?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function headerMap(h: SimRequest['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	return out;
}

function formObject(text: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of new URLSearchParams(text)) out[k] = v;
	return out;
}

function parseBody(text: string | undefined, contentType: string): { body: unknown; error: boolean } {
	if (text === undefined || text === '') return { body: undefined, error: false };
	if (contentType.includes('application/x-www-form-urlencoded')) return { body: formObject(text), error: false };
	try {
		return { body: JSON.parse(text), error: false };
	} catch {
		if (!contentType.includes('json') && /^[^{[\s"]*=/.test(text)) return { body: formObject(text), error: false };
		return { body: text, error: true };
	}
}

function decode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** `/v3/groups.json/5/receivers/a%40b.de` → segments `['v3','groups','5','receivers','a@b.de']`. */
export function normalisePath(rawPath: string): string[] {
	return rawPath
		.split('/')
		.filter((s) => s !== '')
		.map(decode)
		.map((s) => (s.includes('@') ? s : s.replace(/\.json$/i, '')));
}

export function parseRequest(req: SimRequest): ParsedRequest {
	const url = new URL(req.url, 'http://simulator.invalid');
	const headers = headerMap(req.headers);
	const query: Record<string, unknown> = {};
	for (const [k, v] of url.searchParams) {
		const prev = query[k];
		query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	const segments = normalisePath(url.pathname);
	const { body, error } = parseBody(req.body, (headers['content-type'] ?? '').toLowerCase());
	const authz = headers.authorization ?? '';
	const bearer = /^Bearer\s+(.+)$/i.exec(authz);
	let auth: AuthKind = 'none';
	let token: string | undefined;
	if (bearer) {
		auth = 'bearer';
		token = bearer[1].trim();
	} else if (typeof query.token === 'string' && query.token) {
		auth = 'query';
		token = query.token;
	} else if (/^Basic\s/i.test(authz)) auth = 'basic';
	return {
		method: req.method.toUpperCase(), rawPath: url.pathname, path: `/${segments.join('/')}`, segments, query, headers,
		body, bodyError: error, auth, token,
	};
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
	return { status, headers: { ...JSON_HEADERS, ...headers }, body: status === 204 ? '' : JSON.stringify(value) };
}

export class Simulator {
	clock: Clock;
	config: SimConfig;
	model: Model;
	oauth: OAuth;
	faults = new Faults();
	log: LogEntry[] = [];
	/** `/hooks/eventhook`: registrations, verification calls and deliveries (eventhooks.ts). */
	eventhooks: Eventhooks;

	constructor(opts: SimulatorOptions = {}) {
		this.clock = opts.clock instanceof Clock ? opts.clock : new Clock(opts.clock ?? 'manual', opts.start);
		this.config = { ...defaultConfig(), ...opts.config };
		if (opts.realism) this.config.realism = resolveRealism(opts.realism);
		// The real clock runs on this machine's time; CleverReach's differs by the skew.
		if (this.clock.mode === 'real' && this.config.realism.clockSkew) this.clock.advance(this.config.realism.clockSkew);
		this.model = new Model(this.clock, this.config, opts.account);
		this.oauth = new OAuth(this.clock, this.config);
		this.eventhooks = new Eventhooks(this.model, this.clock);
		for (const [id, secret] of Object.entries(opts.clients ?? {})) this.oauth.registerClient(id, secret);
	}

	async handle(req: SimRequest): Promise<SimResponse> {
		const r = parseRequest(req);
		const entry: LogEntry = {
			method: r.method, path: r.path, rawPath: r.rawPath, query: r.query, body: r.body, status: 0, auth: r.auth, at: this.clock.now(),
		};
		this.log.push(entry);
		let fault = this.faults.match(r.method, r.path);
		if (fault?.kind === 'delay') {
			// A slow answer: the request is served normally after a real-time pause (e.g. to overlap two polls).
			await new Promise((resolve) => setTimeout(resolve, fault?.delayMs ?? 0));
			entry.fault = 'delay';
			fault = null;
		}
		let res: SimResponse;
		if (fault && !fault.afterApply) res = Faults.reply(fault);
		else {
			res = await this.dispatch(r);
			if (fault) res = Faults.reply(fault);
		}
		if (fault) entry.fault = res.fault ? res.fault.kind : 'http';
		entry.status = res.status;
		// Requests take time (a test harness may set a latency to measure time budgets).
		if (this.config.requestLatencyMs > 0 && this.clock.mode === 'manual') this.clock.advanceMs(this.config.requestLatencyMs);
		// Every answer carries CleverReach's clock, as a real server does.
		res.headers = { ...res.headers, date: new Date(this.clock.nowMs()).toUTCString() };
		return res;
	}

	private async dispatch(r: ParsedRequest): Promise<SimResponse> {
		try {
			this.model.settle();
			const found = matchRoute(ROUTES, r.method, r.segments);
			if (!found) throw new SimError(404, 'unknown route');
			const { route, params } = found;
			if (!route.public) this.authorise(r);
			if (this.config.forbid.some((f) => (!f.method || f.method.toUpperCase() === r.method) && (f.path.lastIndex = 0, f.path.test(r.path)))) {
				throw new SimError(403, 'insufficient scope');
			}
			if (r.bodyError && !route.rawBody) throw new SimError(400, 'invalid JSON');
			const ctx: Ctx = { p: params, q: r.query, body: r.body, sim: this, m: this.model, req: r };
			const result = await route.handler(ctx);
			if (result instanceof Reply) return { status: result.status, headers: { ...result.headers }, body: result.body };
			if (route.list && Array.isArray(result) && result.length === 0) return json(this.config.emptyListStatus, result);
			return json(route.created ? this.config.createdStatus : 200, result);
		} catch (e) {
			// The body's code is the error; the HTTP status may differ (`errorHttpStatus`).
			if (e instanceof SimError) return json(this.config.errorHttpStatus[e.status] ?? e.status, errorBody(e.status, e.detail));
			if (e instanceof OAuthError) return json(e.status, { error: e.code, error_description: e.message });
			const message = e instanceof Error ? e.message : String(e);
			return json(500, errorBody(500, message));
		}
	}

	private authorise(r: ParsedRequest): void {
		if (this.oauth.check(r.token) !== 'ok') throw new SimError(401, 'invalid or expired token');
	}

	/** Log entries, optionally filtered by method and/or normalised path. */
	requests(filter: { method?: string; path?: string | RegExp } = {}): LogEntry[] {
		return this.log.filter((e) => {
			if (filter.method && filter.method.toUpperCase() !== e.method) return false;
			if (filter.path === undefined) return true;
			return typeof filter.path === 'string' ? filter.path === e.path : filter.path.test(e.path);
		});
	}

	count(method?: string, path?: RegExp | string): number {
		return this.requests({ method, path }).length;
	}

	resetLog(): void {
		this.log = [];
	}

	/** Convenience for tests: a registered client plus a valid token pair. */
	issueToken(opts: { refresh?: boolean } = {}): { access_token: string; refresh_token?: string } {
		return this.oauth.issueToken(opts);
	}
}
