/**
 * Admin API under `/__sim/` (not part of CleverReach; no auth). Served by the real-server adapter
 * when `admin: true` (the CLI), so end-to-end tests can drive a simulator running in another process.
 */
import type { SimRequest, SimResponse, Simulator } from './api.ts';
import { errorBody, SimError } from './errors.ts';
import type { FaultRule, RandomFaults } from './faults.ts';
import { isPlainObject } from './values.ts';

function reply(status: number, value: unknown): SimResponse {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** JSON cannot carry a RegExp: `{"path": "/v3/groups", "pathRegex": true}` or `{"path": {"regex": "^/v3/groups", "flags": "i"}}`. */
function toRegExp(path: unknown, asRegex: unknown): string | RegExp | undefined {
	if (path === undefined || path === null) return undefined;
	if (isPlainObject(path) && typeof path.regex === 'string') return new RegExp(path.regex, typeof path.flags === 'string' ? path.flags : '');
	return asRegex ? new RegExp(String(path)) : String(path);
}

function faultRule(body: Record<string, unknown>): FaultRule {
	const rule = { ...body, path: toRegExp(body.path, body.pathRegex) } as FaultRule & { pathRegex?: unknown };
	delete rule.pathRegex;
	if (rule.times === null) rule.times = Number.POSITIVE_INFINITY;
	return rule;
}

function callModel(sim: Simulator, body: Record<string, unknown>): unknown {
	const op = String(body.op ?? '');
	const target = sim.model as unknown as Record<string, unknown>;
	const fn = target[op];
	if (!op || op.startsWith('_') || op === 'constructor' || typeof fn !== 'function') throw new SimError(400, `unknown model method "${op}"`);
	const args = Array.isArray(body.args) ? body.args : [];
	const result = (fn as (...a: unknown[]) => unknown).apply(sim.model, args);
	return result === undefined ? null : result;
}

type AdminHandler = (sim: Simulator, body: Record<string, unknown>) => unknown;

/**
 * Admin API (`/__sim/eventhooks`, test-only, no auth): `GET` → `{options, registrations (with their tokens),
 * calls, held}`; `POST {options?, release?: 'fifo'|'lifo', send?: {url, token?, body?, headers?}, clearCalls?}`.
 */
const EVENTHOOK_ADMIN: Record<string, AdminHandler> = {
	'GET /__sim/eventhooks': ({ eventhooks }) => ({
		options: eventhooks.options,
		registrations: eventhooks.registrations,
		calls: eventhooks.calls,
		held: eventhooks.heldCount,
	}),
	'POST /__sim/eventhooks': async ({ eventhooks }, body) => {
		if (isPlainObject(body.options)) Object.assign(eventhooks.options, body.options);
		if (body.clearCalls) eventhooks.calls = [];
		const released = body.release === 'fifo' || body.release === 'lifo' ? eventhooks.release(body.release) : 0;
		const sent = isPlainObject(body.send) ? await eventhooks.send(body.send as Parameters<Simulator['eventhooks']['send']>[0]) : undefined;
		return { options: eventhooks.options, released, ...(sent ? { sent } : {}) };
	},
};

const ADMIN: Record<string, AdminHandler> = {
	'GET /__sim/log': (sim) => sim.log,
	'POST /__sim/reset-log': (sim) => (sim.resetLog(), true),
	'GET /__sim/faults': (sim) => sim.faults.rules.map((r) => ({ ...r, path: r.path instanceof RegExp ? String(r.path) : r.path })),
	'POST /__sim/faults': (sim, body) => {
		if (body.clear) return (sim.faults.clear(), true);
		if (isPlainObject(body.random)) {
			const r = body.random;
			sim.faults.random({ ...(r as unknown as RandomFaults), path: toRegExp(r.path, r.pathRegex) });
			return true;
		}
		const rule = sim.faults.add(faultRule(body));
		return { ...rule, path: rule.path instanceof RegExp ? String(rule.path) : rule.path };
	},
	'DELETE /__sim/faults': (sim) => (sim.faults.clear(), true),
	'GET /__sim/clock': (sim) => ({ now: sim.clock.now(), mode: sim.clock.mode }),
	'POST /__sim/clock': (sim, body) => {
		if (body.set !== undefined) sim.clock.set(Number(body.set));
		if (body.advance !== undefined) sim.clock.advance(Number(body.advance));
		sim.model.settle();
		return { now: sim.clock.now(), mode: sim.clock.mode };
	},
	'POST /__sim/expire-tokens': (sim) => (sim.oauth.expireAccessTokens(), true),
	'POST /__sim/revoke-refresh-tokens': (sim) => (sim.oauth.revokeRefreshTokens(), true),
	'POST /__sim/token': (sim, body) => sim.oauth.issueToken({ refresh: body.refresh !== false, clientId: body.clientId as string | undefined }),
	'POST /__sim/clients': (sim, body) => (sim.oauth.registerClient(String(body.id), String(body.secret)), true),
	'GET /__sim/state': (sim) => ({ now: sim.clock.now(), ...sim.model.summary(), requests: sim.log.length }),
	'GET /__sim/doi-mails': (sim) => sim.model.doiMails,
	'GET /__sim/oauth-codes': (sim) => sim.oauth.issuedCodes,
	'POST /__sim/config': (sim, body) => (Object.assign(sim.config, body), sim.config),
	'POST /__sim/model': callModel,
	...EVENTHOOK_ADMIN,
};

/** Answers `/__sim/*` requests; returns null for anything else. */
export async function handleAdmin(sim: Simulator, req: SimRequest): Promise<SimResponse | null> {
	const url = new URL(req.url, 'http://simulator.invalid');
	if (!url.pathname.startsWith('/__sim/')) return null;
	const handler = ADMIN[`${req.method.toUpperCase()} ${url.pathname.replace(/\/$/, '')}`];
	if (!handler) return reply(404, errorBody(404, 'unknown admin route'));
	try {
		const parsed: unknown = req.body ? JSON.parse(req.body) : {};
		return reply(200, await handler(sim, isPlainObject(parsed) ? parsed : {}));
	} catch (e) {
		if (e instanceof SimError) return reply(e.status, errorBody(e.status, e.detail));
		return reply(400, errorBody(400, e instanceof Error ? e.message : String(e)));
	}
}
