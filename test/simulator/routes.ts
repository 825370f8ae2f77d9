/**
 * The route table. Patterns are matched against the normalised path segments (decoded, no `.json`),
 * so `/v3/groups.json/5/receivers` and `/v3/groups/5/receivers` hit the same route.
 * Literal routes come before parameter routes that could swallow them.
 */
import type { ParsedRequest, Simulator } from './api.ts';
import { SimError } from './errors.ts';
import type { Model, Query } from './model.ts';
import { DETAIL_ALL } from './model.ts';
import { isPlainObject, toInt } from './values.ts';

export interface Ctx {
	/** Path parameters (decoded). */
	p: Record<string, string>;
	q: Query;
	body: unknown;
	sim: Simulator;
	m: Model;
	req: ParsedRequest;
}

export type Handler = (c: Ctx) => unknown;

export interface Route {
	method: string;
	pattern: string;
	segments: string[];
	handler: Handler;
	/** No token needed. */
	public?: boolean;
	/** Answers `config.createdStatus` on success. */
	created?: boolean;
	/** An empty array answers `config.emptyListStatus`. */
	list?: boolean;
	/** Accepts a body that is not JSON. */
	rawBody?: boolean;
}

/** A full response from a handler (status/headers/body as-is). */
export class Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	constructor(status: number, body: string, headers: Record<string, string> = {}) {
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

type Flags = Pick<Route, 'public' | 'created' | 'list' | 'rawBody'>;

function route(method: string, pattern: string, handler: Handler, flags: Flags = {}): Route {
	return { method, pattern, segments: pattern.split('/').filter(Boolean), handler, ...flags };
}

export function matchRoute(routes: Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
	for (const r of routes) {
		if (r.method !== method || r.segments.length !== segments.length) continue;
		const params: Record<string, string> = {};
		let ok = true;
		for (let i = 0; i < segments.length && ok; i++) {
			const pat = r.segments[i];
			if (pat.startsWith(':')) params[pat.slice(1)] = segments[i];
			else ok = pat.toLowerCase() === segments[i].toLowerCase();
		}
		if (ok) return { route: r, params };
	}
	return null;
}

const groupOf = (q: Query): unknown => (q.group_id === undefined || q.group_id === '' ? undefined : q.group_id);
const obj = (b: unknown): Record<string, unknown> => (isPlainObject(b) ? b : {});
const detail = (q: Query, fallback = DETAIL_ALL): number => toInt(q.detail, fallback) & DETAIL_ALL;

function tokenOf(c: Ctx): string {
	return c.req.token ?? '';
}

function ttl(c: Ctx): Record<string, unknown> {
	const exp = c.sim.oauth.expiresAt(tokenOf(c));
	return { ttl: c.sim.oauth.ttl(tokenOf(c)), date: new Date(exp * 1000).toISOString().replace('T', ' ').slice(0, 19) };
}

/** Receiver sub-resources exist both per group and account-wide; `gid` is undefined for the account-wide form. */
function receiverRoutes(prefix: string, gid: (c: Ctx) => unknown): Route[] {
	const rid = (c: Ctx): string => c.p.rid;
	return [
		route('GET', `${prefix}/:rid/events`, (c) => c.m.listEvents(rid(c), gid(c)), { list: true }),
		route('POST', `${prefix}/:rid/events`, (c) => c.m.addEvent(rid(c), c.body, gid(c)), { created: true }),
		route('GET', `${prefix}/:rid/orders`, (c) => c.m.listOrders(rid(c), gid(c)), { list: true }),
		route('POST', `${prefix}/:rid/orders`, (c) => c.m.addOrders(rid(c), c.body, gid(c)), { created: true }),
		route('PUT', `${prefix}/:rid/orders/:oid`, (c) => c.m.updateOrder(rid(c), c.p.oid, c.body, gid(c))),
		route('DELETE', `${prefix}/:rid/orders/:oid`, (c) => c.m.deleteOrder(rid(c), c.p.oid, gid(c))),
		route('PUT', `${prefix}/:rid/attributes/:aid`, (c) => c.m.setReceiverAttribute(rid(c), c.p.aid, c.body, gid(c))),
	];
}

function groupReceiverList(c: Ctx): unknown {
	return c.m.listReceivers(c.p.gid, c.q);
}

/** POST /groups/{id}/receivers: one object, or (unconfirmed) an array inserted row by row, skipping bad rows. */
function createReceivers(c: Ctx): unknown {
	if (!Array.isArray(c.body)) return c.m.addReceiver(c.p.gid, c.body);
	const out: unknown[] = [];
	for (const row of c.body) {
		try {
			out.push(c.m.addReceiver(c.p.gid, row));
		} catch (e) {
			if (!(e instanceof SimError)) throw e;
		}
	}
	return out;
}

export const ROUTES: Route[] = [
	// OAuth (no /v3)
	route('GET', '/oauth/authorize.php', (c) => new Reply(302, '', { location: c.sim.oauth.authorize(c.q) }), { public: true }),
	route('POST', '/oauth/token.php', (c) => c.sim.oauth.token(obj(c.body), c.req.headers.authorization), { public: true, rawBody: true }),
	route('DELETE', '/v3/oauth/token', (c) => (c.sim.oauth.revoke(tokenOf(c)), true)),

	// debug
	route('GET', '/v3/debug/ping', (c) => c.sim.config.pingResponse, { public: true }),
	route('GET', '/v3/debug/whoami', (c) => c.m.whoami()),
	route('GET', '/v3/debug/validate', (c) => c.sim.config.validateResponse),
	route('GET', '/v3/debug/ttl', ttl),
	route('GET', '/v3/debug/exchange', (c) => c.sim.oauth.exchange(tokenOf(c))),

	// clients
	route('GET', '/v3/clients/:cid/receivercount', (c) => c.m.receiverCount(c.p.cid)),
	route('GET', '/v3/clients/:cid/users', (c) => c.m.clientUsers(c.p.cid)),

	// groups
	route('GET', '/v3/groups', (c) => c.m.listGroups(), { list: true }),
	route('POST', '/v3/groups', (c) => c.m.createGroup(c.body), { created: true }),
	route('GET', '/v3/groups/:gid', (c) => c.m.getGroup(c.p.gid)),
	route('PUT', '/v3/groups/:gid', (c) => c.m.updateGroup(c.p.gid, c.body)),
	route('DELETE', '/v3/groups/:gid', (c) => c.m.deleteGroup(c.p.gid)),
	route('GET', '/v3/groups/:gid/stats', (c) => c.m.groupStats(c.p.gid)),
	route('DELETE', '/v3/groups/:gid/clear', (c) => c.m.clearGroup(c.p.gid)),
	route('PUT', '/v3/groups/:gid/truncate', (c) => c.m.clearGroup(c.p.gid)),
	route('POST', '/v3/groups/:gid/truncate', (c) => c.m.clearGroup(c.p.gid)),
	route('GET', '/v3/groups/:gid/attributes', (c) => c.m.listAttributes(c.p.gid), { list: true }),
	route('POST', '/v3/groups/:gid/attributes', (c) => c.m.createAttribute(c.body, c.p.gid), { created: true }),
	route('PUT', '/v3/groups/:gid/attributes/:aid', (c) => (groupAttr(c), c.m.updateAttribute(c.p.aid, c.body))),
	route('DELETE', '/v3/groups/:gid/attributes/:aid', (c) => (groupAttr(c), c.m.deleteAttribute(c.p.aid))),
	route('GET', '/v3/groups/:gid/forms', (c) => c.m.listForms(c.p.gid), { list: true }),
	route('GET', '/v3/groups/:gid/filters', (c) => c.m.listFilters(c.p.gid), { list: true }),
	route('POST', '/v3/groups/:gid/filters', (c) => c.m.createFilter(c.p.gid, c.body), { created: true }),
	route('GET', '/v3/groups/:gid/filters/:fid', (c) => c.m.getFilter(c.p.gid, c.p.fid)),
	route('PUT', '/v3/groups/:gid/filters/:fid', (c) => c.m.updateFilter(c.p.gid, c.p.fid, c.body)),
	route('DELETE', '/v3/groups/:gid/filters/:fid', (c) => c.m.deleteFilter(c.p.gid, c.p.fid)),
	route('GET', '/v3/groups/:gid/filters/:fid/receivers', (c) => c.m.filterReceiverList(c.p.gid, c.p.fid, c.q), { list: true }),
	route('GET', '/v3/groups/:gid/filters/:fid/count', (c) => c.m.filterCount(c.p.gid, c.p.fid, c.q)),
	route('GET', '/v3/groups/:gid/filters/:fid/stats', (c) => c.m.filterStats(c.p.gid, c.p.fid)),
	route('GET', '/v3/groups/:gid/blacklist', (c) => c.m.listBlacklist(c.p.gid), { list: true }),
	route('POST', '/v3/groups/:gid/blacklist', (c) => c.m.addBlacklist(c.body, c.p.gid), { created: true }),
	route('GET', '/v3/groups/:gid/blacklist/:email', (c) => c.m.getBlacklisted(c.p.email, c.p.gid)),
	route('DELETE', '/v3/groups/:gid/blacklist/:email', (c) => c.m.removeBlacklist(c.p.email, c.p.gid)),

	// group receivers
	route('GET', '/v3/groups/:gid/receivers', groupReceiverList, { list: true }),
	route('POST', '/v3/groups/:gid/receivers', createReceivers, { created: true }),
	route('POST', '/v3/groups/:gid/receivers/upsertplus', (c) => c.m.upsertPlus(c.p.gid, c.body)),
	route('POST', '/v3/groups/:gid/receivers/upsert', (c) => c.m.upsertBatch(c.p.gid, c.body)),
	route('POST', '/v3/groups/:gid/receivers/insert', (c) => c.m.upsertBatch(c.p.gid, c.body, true)),
	route('POST', '/v3/groups/:gid/receivers/delete', (c) => c.m.deleteBatch(c.p.gid, c.body)),
	route('GET', '/v3/groups/:gid/receivers/:rid', (c) => c.m.getReceiver(c.p.gid, c.p.rid, detail(c.q))),
	route('PUT', '/v3/groups/:gid/receivers/:rid', (c) => c.m.updateReceiver(c.p.gid, c.p.rid, c.body)),
	route('DELETE', '/v3/groups/:gid/receivers/:rid', (c) => c.m.deleteReceiver(c.p.gid, c.p.rid)),
	route('PUT', '/v3/groups/:gid/receivers/:rid/activate', (c) => c.m.activate(c.p.gid, c.p.rid)),
	route('POST', '/v3/groups/:gid/receivers/:rid/activate', (c) => c.m.activate(c.p.gid, c.p.rid)),
	route('PUT', '/v3/groups/:gid/receivers/:rid/deactivate', (c) => c.m.deactivate(c.p.gid, c.p.rid)),
	route('POST', '/v3/groups/:gid/receivers/:rid/deactivate', (c) => c.m.deactivate(c.p.gid, c.p.rid)),
	...receiverRoutes('/v3/groups/:gid/receivers', (c) => c.p.gid),

	// account-wide receivers
	route('POST', '/v3/receivers/filter', (c) => c.m.filterReceivers(c.body), { list: true }),
	route('POST', '/v3/receivers/delete', (c) => (c.m.deleteEmails(c.body), c.sim.config.bulkDeleteResponse)),
	route('POST', '/v3/receivers/isvalid', (c) => c.m.validReceivers(c.body)),
	route('GET', '/v3/receivers/bounced', (c) => c.m.bouncedReceivers(c.q), { list: true }),
	route('GET', '/v3/receivers/:rid', (c) => c.m.findReceiver(c.p.rid, groupOf(c.q))),
	route('DELETE', '/v3/receivers/:rid', (c) => c.m.deleteEverywhere(c.p.rid, groupOf(c.q))),
	route('GET', '/v3/receivers/:rid/groups', (c) => c.m.receiverGroups(c.p.rid)),
	route('PUT', '/v3/receivers/:rid/email', (c) => c.m.changeEmail(c.p.rid, c.body)),
	route('POST', '/v3/receivers/:rid/clone', (c) => c.m.cloneReceiver(c.p.rid, c.body), { created: true }),
	...receiverRoutes('/v3/receivers', (c) => groupOf(c.q)),
	route('GET', '/v3/bounces', (c) => c.m.listBounces(c.q), { list: true }),

	// tags
	route('GET', '/v3/tags', (c) => c.m.listTags(c.q)),
	route('GET', '/v3/tags/count', (c) => c.m.countTag(c.q.tag, groupOf(c.q))),

	// attributes
	route('GET', '/v3/attributes', (c) => c.m.listAttributes(c.q.group_id ?? 0)),
	route('POST', '/v3/attributes', (c) => c.m.createAttribute(c.body, obj(c.body).group_id ?? c.q.group_id), { created: true }),
	route('GET', '/v3/attributes/:aid', (c) => c.m.getAttribute(c.p.aid)),
	route('PUT', '/v3/attributes/:aid', (c) => c.m.updateAttribute(c.p.aid, c.body)),
	route('DELETE', '/v3/attributes/:aid', (c) => c.m.deleteAttribute(c.p.aid)),

	// mailings
	route('GET', '/v3/mailings', (c) => c.m.listMailings(c.q)),
	route('POST', '/v3/mailings', (c) => ({ success: true, id: c.m.createMailing(c.body).id }), { created: true }),
	route('GET', '/v3/mailings/channel', (c) => c.m.listChannels()),
	route('GET', '/v3/mailings/channel/:cid', (c) => c.m.getChannel(c.p.cid)),
	route('DELETE', '/v3/mailings/channel/:cid', (c) => c.m.deleteChannel(c.p.cid)),
	route('GET', '/v3/mailings/templates/user', () => ({ templates: [] })),
	route('GET', '/v3/mailings/:mid', (c) => c.m.getMailing(c.p.mid)),
	route('PUT', '/v3/mailings/:mid', (c) => ({ success: true, id: c.m.updateMailing(c.p.mid, c.body).id })),
	route('DELETE', '/v3/mailings/:mid', (c) => c.m.deleteMailing(c.p.mid)),
	route('POST', '/v3/mailings/:mid/release', (c) => (c.m.releaseMailing(c.p.mid, obj(c.body).time), c.sim.config.actionResponse)),
	route('POST', '/v3/mailings/:mid/stop', (c) => (c.m.stopMailing(c.p.mid), c.sim.config.actionResponse)),
	route('POST', '/v3/mailings/:mid/sendpreview', (c) => (c.m.sendPreview(c.p.mid, c.body), c.sim.config.actionResponse)),
	route('GET', '/v3/mailings/:mid/links', (c) => c.m.mailingLinks(c.p.mid)),
	route('GET', '/v3/mailings/:mid/orders', (c) => c.m.mailingOrders(c.p.mid)),

	// reports
	route('GET', '/v3/reports', (c) => c.m.listReports(c.q)),
	route('GET', '/v3/reports/:id', (c) => c.m.getReport(c.p.id)),
	route('DELETE', '/v3/reports/:id', (c) => c.m.deleteReport(c.p.id)),
	route('GET', '/v3/reports/:id/stats/links', (c) => c.m.reportLinks(c.p.id)),
	route('GET', '/v3/reports/:id/stats/daily', (c) => c.m.reportDaily(c.p.id)),
	route('GET', '/v3/reports/:id/receivers/:type', (c) => c.m.reportReceivers(c.p.id, c.p.type, c.q), { list: true }),

	// forms
	route('GET', '/v3/forms', (c) => c.m.listForms(), { list: true }),
	route('GET', '/v3/forms/:fid', (c) => c.m.getForm(c.p.fid)),
	route('GET', '/v3/forms/:fid/code', (c) => c.m.formCode(c.p.fid)),
	route('POST', '/v3/forms/:fid/send/activate', (c) => (c.m.sendDoi(c.p.fid, 'activate', c.body), c.sim.config.actionResponse)),
	route('POST', '/v3/forms/:fid/send/deactivate', (c) => (c.m.sendDoi(c.p.fid, 'deactivate', c.body), c.sim.config.actionResponse)),
	route('POST', '/v3/forms/:gid/createfromtemplate/:type', (c) => c.m.createForm(c.p.gid, c.p.type, c.body), { created: true }),

	// blacklist
	route('GET', '/v3/blacklist', (c) => c.m.listBlacklist(), { list: true }),
	route('POST', '/v3/blacklist', (c) => c.m.addBlacklist(c.body), { created: true }),
	route('PUT', '/v3/blacklist', (c) => c.m.updateBlacklist(obj(c.body).email, c.body)),
	route('POST', '/v3/blacklist/validate', (c) => c.m.validateEmails(c.body)),
	route('GET', '/v3/blacklist/:email', (c) => c.m.getBlacklisted(c.p.email)),
	route('PUT', '/v3/blacklist/:email', (c) => c.m.updateBlacklist(c.p.email, c.body)),
	route('DELETE', '/v3/blacklist/:email', (c) => c.m.removeBlacklist(c.p.email)),

	// eventhooks (no /v3; token required, like /v3): eventhooks.ts
	route('GET', '/hooks/eventhook', (c) => c.sim.eventhooks.list(), { list: true }),
	route('POST', '/hooks/eventhook', (c) => c.sim.eventhooks.register(c.body)),
	route('DELETE', '/hooks/eventhook/:event', (c) => c.sim.eventhooks.remove(c.p.event, c.q.condition)),
];

/** A group-local attribute must belong to the group of the path. */
function groupAttr(c: Ctx): void {
	const a = c.m.attributes.get(Number(c.p.aid));
	if (!a || String(a.groups_id) !== c.m.getGroup(c.p.gid).id) throw new SimError(404, 'invalid attribute');
}
