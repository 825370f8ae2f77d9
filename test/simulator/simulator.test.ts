import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addReceivers, installNock, seedDemo, Simulator, startSimulatorServer } from './index.ts';
import type { SimResponse } from './index.ts';

const ORIGIN = 'https://rest.cleverreach.com';
const CLIENT = 'client-a';
const SECRET = 'secret-a';

const RECEIVER_FIELDS = [
	'id', 'email', 'imported', 'bounced', 'group_id', 'activated', 'registered', 'deactivated', 'last_ip', 'last_location',
	'last_client', 'last_changed', 'points', 'stars', 'source', 'attributes', 'global_attributes', 'tags', 'active',
	'conversion_rate', 'open_rate', 'click_rate', 'events', 'orders',
];
const GROUP_FIELDS = ['id', 'name', 'locked', 'backup', 'receiver_info', 'stamp', 'last_mailing', 'last_changed'];

let sim: Simulator;
let uninstall: () => void;
let api: AxiosInstance;
let raw: AxiosInstance;
let token: { access_token: string; refresh_token?: string };

beforeEach(() => {
	sim = new Simulator({ clients: { [CLIENT]: SECRET } });
	uninstall = installNock(sim);
	token = sim.oauth.issueToken({ clientId: CLIENT } as never);
	api = axios.create({ baseURL: `${ORIGIN}/v3`, headers: { Authorization: `Bearer ${token.access_token}` }, validateStatus: () => true });
	raw = axios.create({ baseURL: ORIGIN, validateStatus: () => true, maxRedirects: 0 });
});
afterEach(() => uninstall());

async function group(name = 'G'): Promise<string> {
	const res = await api.post('/groups.json', { name });
	return res.data.id as string;
}

function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe('documented shapes', () => {
	it('group (§2.1), receiver (§3.1) and attribute (§4.1) objects', async () => {
		const created = await api.post('/groups.json', { name: 'Newsletter' });
		expect(created.status).toBe(200);
		expect(Object.keys(created.data)).toEqual(GROUP_FIELDS);
		expect(created.data.id).toMatch(/^\d+$/);
		const gid = created.data.id;
		const attr = await api.post('/attributes.json', { name: 'FirstName', type: 'text' });
		expect(attr.data).toEqual({ id: expect.any(Number), groups_id: 0, name: 'firstname', description: 'firstname', preview_value: '', value: null, type: 'text', tag: '{FIRSTNAME}' });
		await api.post('/attributes.json', { name: 'age', type: 'number' });
		const local = await api.post(`/groups.json/${gid}/attributes`, { name: 'shoe', type: 'number' });
		expect(local.data.groups_id).toBe(Number(gid));
		expect((await api.get(`/attributes.json?group_id=${gid}`)).data).toHaveLength(1);
		expect((await api.post('/attributes.json', { name: 'firstname', type: 'text' })).status).toBe(409);

		const rec = await api.post(`/groups.json/${gid}/receivers`, {
			email: 'John@Example.org', firstname: 'ignored', attributes: { shoe: 44, unknown: 'x' }, global_attributes: { firstname: 'John' }, tags: ['a'],
		});
		expect(rec.status).toBe(200);
		expect(Object.keys(rec.data)).toEqual(RECEIVER_FIELDS);
		expect(rec.data).toMatchObject({
			email: 'John@Example.org', group_id: gid, activated: 1_700_000_000, registered: 1_700_000_000, deactivated: 0, active: true,
			attributes: { shoe: '44' }, global_attributes: { firstname: 'John', age: '' }, tags: ['a'], orders: [],
			events: [{ stamp: 1_700_000_000, type: 'api', type_id: 'REST insert', value: '', mailing_id: '0', groups_id: gid }],
		});
		expect(rec.data.id).toMatch(/^\d+$/);
		expect(rec.data).not.toHaveProperty('firstname');
	});

	it('error bodies, 409 on duplicate receiver, 400 on invalid email and on attribute types', async () => {
		const gid = await group();
		await api.post('/attributes.json', { name: 'birthday', type: 'date' });
		expect((await api.get('/groups.json/999')).data).toEqual({ error: { code: 404, message: 'Not Found: invalid group' } });
		expect((await api.get(`/groups.json/${gid}/receivers/nobody@x.de`)).data).toEqual({ error: { code: 404, message: 'Not Found: invalid receiver' } });
		const bad = await api.post(`/groups.json/${gid}/receivers`, { email: 'not-an-email' });
		expect(bad.status).toBe(400);
		expect(bad.data).toEqual({ error: { code: 400, message: 'Bad Request: invalid email' } });
		const badDate = await api.post(`/groups.json/${gid}/receivers`, { email: 'a@b.de', global_attributes: { birthday: '31.12.1999' } });
		expect(badDate.status).toBe(400);
		expect(badDate.data.error.message).toContain('birthday');
		await api.post(`/groups.json/${gid}/receivers`, { email: 'a@b.de' });
		expect((await api.post(`/groups.json/${gid}/receivers`, { email: 'A@B.de' })).data).toEqual({ error: { code: 409, message: 'Conflict: receiver already exists' } });
		expect((await api.get('/nothing/here')).status).toBe(404);
		expect((await api.delete(`/groups.json/${gid}/receivers/a@b.de`)).data).toBe(true);
	});

	it('mailings keyed by state and the create response', async () => {
		const gid = await group();
		const created = await api.post('/mailings.json', { name: 'M', subject: 'S', sender_email: 'x@y.de', content: { type: 'html/text', html: '<p>Hi</p>', text: 'Hi' }, receivers: { groups: [gid] } });
		expect(created.data).toEqual({ success: true, id: expect.stringMatching(/^\d+$/) });
		const all = await api.get('/mailings.json');
		expect(Object.keys(all.data).sort()).toEqual(['draft', 'finished', 'running', 'waiting']);
		expect(all.data.draft[0]).toMatchObject({ id: created.data.id, state: 'draft', started: 0, finished: 0, mailing_groups: { group_ids: [gid] } });
		expect(Object.keys((await api.get('/mailings.json?state=draft&limit=1')).data)).toEqual(['draft']);
		expect((await api.post('/mailings.json', { subject: 'S' })).data.error.message).toBe('Bad Request: name is required');
		const tracking = await api.post('/mailings.json', { name: 'M', subject: 'S', content: { type: 'text', text: 'Hi' }, settings: { open_tracking: true } });
		expect(tracking.data).toEqual({ error: { code: 400, message: 'Bad Request: open tracking requires HTML content' } });
		const google = await api.post('/mailings.json', { name: 'M', subject: 'S', settings: { google_campaign_name: 'c', link_tracking_type: 'crconnect' } });
		expect(google.status).toBe(400);
	});
});

describe('routing and auth', () => {
	it('.json is optional on every segment form', async () => {
		const gid = await group();
		await api.post(`/groups/${gid}/receivers`, { email: 'a@b.de' });
		const a = await api.get(`/groups.json/${gid}/receivers`);
		const b = await api.get(`/groups/${gid}/receivers`);
		expect(a.data).toEqual(b.data);
		expect((await api.get('/debug/whoami.json')).data.id).toBe('123456');
		expect((await api.get('/debug/whoami')).data.id).toBe('123456');
		expect((await api.post('/receivers/filter.json', { groups: [], rules: [] })).data).toHaveLength(1);
		expect((await api.get('/tags/count.json?tag=x')).data).toBe(0);
		expect((await api.get(`/groups.json/${gid}/receivers/a%40b.de`)).data.email).toBe('a@b.de');
	});

	it('accepts ?token= and answers 401 without, with an unknown or an expired token', async () => {
		const noAuth = axios.create({ baseURL: `${ORIGIN}/v3`, validateStatus: () => true });
		expect((await noAuth.get('/debug/ping.json')).status).toBe(200);
		const unauth = await noAuth.get('/groups.json');
		expect(unauth.status).toBe(401);
		expect(unauth.data).toEqual({ error: { code: 401, message: 'Unauthorized: invalid or expired token' } });
		expect((await noAuth.get(`/groups.json?token=${token.access_token}`)).status).toBe(200);
		expect((await noAuth.get('/groups.json?token=nope')).status).toBe(401);
		sim.clock.advance(sim.config.accessTokenTtl - 1);
		expect((await api.get('/groups.json')).status).toBe(200);
		expect((await api.get('/debug/ttl.json')).data.ttl).toBe(1);
		sim.clock.advance(1);
		expect((await api.get('/groups.json')).status).toBe(401);
		const fresh = sim.oauth.issueToken();
		sim.oauth.expireAccessTokens();
		expect((await noAuth.get(`/groups.json?token=${fresh.access_token}`)).status).toBe(401);
	});

	it('forbidden routes answer 403', async () => {
		sim.config.forbid.push({ method: 'DELETE', path: /^\/v3\/groups\// });
		const gid = await group();
		expect((await api.delete(`/groups.json/${gid}`)).data).toEqual({ error: { code: 403, message: 'Forbidden: insufficient scope' } });
	});
});

describe('OAuth', () => {
	it('authorize requires grant=basic, codes are single use and bound to redirect_uri', async () => {
		const q = `response_type=code&client_id=${CLIENT}&redirect_uri=${encodeURIComponent('https://n8n.local/cb')}&state=xyz`;
		expect((await raw.get(`/oauth/authorize.php?${q}`)).status).toBe(400);
		const ok = await raw.get(`/oauth/authorize.php?${q}&grant=basic`);
		expect(ok.status).toBe(302);
		const location = new URL(ok.headers.location as string);
		expect(location.origin + location.pathname).toBe('https://n8n.local/cb');
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code');
		const exchange = { grant_type: 'authorization_code', client_id: CLIENT, client_secret: SECRET, code, redirect_uri: 'https://n8n.local/cb' };
		const wrongRedirect = await raw.post('/oauth/token.php', { ...exchange, redirect_uri: 'https://evil/cb' });
		expect(wrongRedirect.data.error).toBe('invalid_grant');
		const q2 = await raw.get(`/oauth/authorize.php?${q}&grant=basic`);
		const code2 = new URL(q2.headers.location as string).searchParams.get('code');
		const tok = await raw.post('/oauth/token.php', { ...exchange, code: code2 });
		expect(tok.status).toBe(200);
		expect(tok.data).toEqual({ access_token: expect.any(String), expires_in: 2_592_000, token_type: 'bearer', scope: expect.any(String), refresh_token: expect.any(String) });
		const again = await raw.post('/oauth/token.php', { ...exchange, code: code2 });
		expect(again.status).toBe(400);
		expect(again.data).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
	});

	it('refresh rotates the refresh token and rejects the old one', async () => {
		const form = (rt: string): string => new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt }).toString();
		const headers = { Authorization: basic(CLIENT, SECRET), 'Content-Type': 'application/x-www-form-urlencoded' };
		const first = await raw.post('/oauth/token.php', form(token.refresh_token as string), { headers });
		expect(first.status).toBe(200);
		expect(first.data.refresh_token).not.toBe(token.refresh_token);
		expect(first.data.access_token).not.toBe(token.access_token);
		const old = await raw.post('/oauth/token.php', form(token.refresh_token as string), { headers });
		expect(old.status).toBe(400);
		expect(old.data.error).toBe('invalid_grant');
		// credentials in the body work too
		const second = await raw.post('/oauth/token.php', new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.data.refresh_token, client_id: CLIENT, client_secret: SECRET }).toString());
		expect(second.status).toBe(200);
		expect((await raw.get(`/v3/groups.json?token=${second.data.access_token}`)).status).toBe(200);
	});

	it('client credentials via Basic (JSON body) and via the body (form)', async () => {
		const viaBasic = await raw.post('/oauth/token.php', { grant_type: 'client_credentials' }, { headers: { Authorization: basic(CLIENT, SECRET) } });
		expect(viaBasic.status).toBe(200);
		expect(viaBasic.data.refresh_token).toBeUndefined();
		expect(viaBasic.data.token_type).toBe('bearer');
		const viaBody = await raw.post('/oauth/token.php', new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: SECRET }).toString());
		expect(viaBody.status).toBe(200);
		expect(viaBody.data.access_token).not.toBe(viaBasic.data.access_token);
		const wrong = await raw.post('/oauth/token.php', { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 'x' });
		expect(wrong.status).toBe(401);
		expect(wrong.data.error).toBe('invalid_client');
		expect((await raw.post('/oauth/token.php', { grant_type: 'password' }, { headers: { Authorization: basic(CLIENT, SECRET) } })).data.error).toBe('unsupported_grant_type');
	});
});

describe('receivers', () => {
	it('pages 0-based, orders with a stable id tie-break, clamps pagesize', async () => {
		const gid = await group();
		for (let i = 0; i < 25; i++) {
			await api.post(`/groups.json/${gid}/receivers`, { email: `r${i}@x.de`, registered: 1_600_000_000 + Math.floor(i / 5) });
		}
		const page0 = await api.get(`/groups.json/${gid}/receivers?page=0&pagesize=10&order_by=${encodeURIComponent('registered desc')}`);
		const page2 = await api.get(`/groups.json/${gid}/receivers?page=2&pagesize=10&order_by=registered%20DESC`);
		expect(page0.data).toHaveLength(10);
		expect(page2.data).toHaveLength(5);
		expect(page0.data.slice(0, 5).map((r: { email: string }) => r.email)).toEqual(['r20@x.de', 'r21@x.de', 'r22@x.de', 'r23@x.de', 'r24@x.de']);
		expect(page2.data.map((r: { email: string }) => r.email)).toEqual(['r0@x.de', 'r1@x.de', 'r2@x.de', 'r3@x.de', 'r4@x.de']);
		const byEmail = await api.get(`/groups.json/${gid}/receivers?order_by=email%20asc&pagesize=3`);
		expect(byEmail.data.map((r: { email: string }) => r.email)).toEqual(['r0@x.de', 'r10@x.de', 'r11@x.de']);
		expect((await api.get(`/groups.json/${gid}/receivers?order_by=nonsense`)).status).toBe(400);
		addReceivers(sim, gid, 6000);
		expect((await api.get(`/groups.json/${gid}/receivers?pagesize=10000`)).data).toHaveLength(5000);
	});

	it('detail is a bitmask: 1 events, 2 orders, 4 tags; type filters by state', async () => {
		const gid = await group();
		await api.post(`/groups.json/${gid}/receivers`, { email: 'a@b.de', tags: ['t'], orders: [{ order_id: 'o1', product: 'Shoe', price: 5 }] });
		await api.post(`/groups.json/${gid}/receivers`, { email: 'b@b.de', activated: 0 });
		const keys = async (d: number): Promise<string[]> => Object.keys((await api.get(`/groups.json/${gid}/receivers?detail=${d}`)).data[0]);
		expect(await keys(0)).not.toEqual(expect.arrayContaining(['events']));
		expect(await keys(0)).not.toContain('tags');
		expect(await keys(0)).not.toContain('orders');
		expect(await keys(4)).toContain('tags');
		expect(await keys(4)).not.toContain('events');
		const three = await keys(3);
		expect(three).toContain('events');
		expect(three).toContain('orders');
		expect(three).not.toContain('tags');
		expect(Object.keys((await api.get(`/groups.json/${gid}/receivers?detail=7`)).data[0])).toEqual(RECEIVER_FIELDS);
		expect((await api.get(`/groups.json/${gid}/receivers?type=active`)).data.map((r: { email: string }) => r.email)).toEqual(['a@b.de']);
		expect((await api.get(`/groups.json/${gid}/receivers?type=inactive`)).data.map((r: { email: string }) => r.email)).toEqual(['b@b.de']);
		expect((await api.get(`/groups.json/${gid}/stats`)).data).toMatchObject({ total_count: 2, active_count: 1, inactive_count: 1, bounce_count: 0, order_count: 1 });
	});

	it('upsertplus: 413 above the batch limit, invalid rows skipped, tag removal, increments, kept fields', async () => {
		const gid = await group();
		await api.post('/attributes.json', { name: 'visits', type: 'number' });
		await api.post(`/groups.json/${gid}/attributes`, { name: 'city', type: 'text' });
		const tooBig = await api.post(`/groups.json/${gid}/receivers/upsertplus`, Array.from({ length: 1001 }, (_, i) => ({ email: `u${i}@x.de` })));
		expect(tooBig.status).toBe(413);
		expect(tooBig.data).toEqual({ error: { code: 413, message: 'Request Entity Too Large: not successful for defined batch size' } });
		const first = await api.post(`/groups.json/${gid}/receivers/upsertplus`, [
			{ email: 'a@x.de', source: 'shop', tags: ['A', 'B'], global_attributes: { visits: '3' }, attributes: 'city:Kiel' },
			{ email: 'broken' },
			{ email: 'c@x.de', global_attributes: { visits: 'many' } },
		]);
		expect(first.status).toBe(200);
		expect(first.data.map((r: { email: string }) => r.email)).toEqual(['a@x.de']);
		expect(Object.keys(first.data[0])).toEqual(RECEIVER_FIELDS.filter((k) => k !== 'events' && k !== 'orders'));
		sim.clock.advance(10);
		const second = await api.post(`/groups.json/${gid}/receivers/upsertplus`, [{ email: 'A@x.de', tags: ['-A', 'C'], global_attributes: { visits: '+2' } }]);
		expect(second.data).toHaveLength(1);
		const a = (await api.get(`/groups.json/${gid}/receivers/a@x.de`)).data;
		expect(a).toMatchObject({ source: 'shop', tags: ['B', 'C'], global_attributes: { visits: '5' }, attributes: { city: 'Kiel' }, last_changed: 1_700_000_010, registered: 1_700_000_000 });
		expect(a.events.map((e: { type_id: string }) => e.type_id)).toEqual(['REST insert', 'REST update']);
		expect((await api.post(`/groups.json/${gid}/receivers/upsertplus`, [{ email: 'nope' }])).data).toBe(false);
	});

	it('filter.json searches across groups with ordering and paging', async () => {
		const g1 = await group('one');
		const g2 = await group('two');
		await api.post('/attributes.json', { name: 'city', type: 'text' });
		for (let i = 0; i < 6; i++) {
			await api.post(`/groups.json/${i % 2 ? g1 : g2}/receivers`, { email: `p${i}@x.de`, global_attributes: { city: i < 4 ? 'Kiel' : 'Bonn' }, tags: i % 3 === 0 ? ['vip'] : [] });
			sim.clock.advance(1);
		}
		sim.model.unsubscribe(g1, 'p1@x.de');
		const body = { groups: [], operator: 'AND', rules: [{ field: 'city', logic: 'eq', condition: 'kiel' }], orderby: 'activated desc', pagesize: 3, page: 0 };
		const p0 = await api.post('/receivers/filter.json', body);
		const p1 = await api.post('/receivers/filter.json', { ...body, page: 1 });
		expect(p0.data.map((r: { email: string }) => r.email)).toEqual(['p3@x.de', 'p2@x.de', 'p1@x.de']);
		expect(p1.data.map((r: { email: string }) => r.email)).toEqual(['p0@x.de']);
		const or = await api.post('/receivers/filter.json', { groups: [g1], operator: 'OR', rules: [{ field: 'tags', logic: 'contains', condition: 'VIP' }, { field: 'email', logic: 'eq', condition: 'p5@x.de' }], order_by: 'email asc' });
		expect(or.data.map((r: { email: string }) => r.email)).toEqual(['p3@x.de', 'p5@x.de']);
		const unsub = await api.post('/receivers/filter.json', { groups: [], rules: [{ field: 'deactivated', logic: 'BG', condition: '1' }] });
		expect(unsub.data.map((r: { email: string }) => r.email)).toEqual(['p1@x.de']);
		expect((await api.post('/receivers/filter.json', { rules: [{ field: 'nope', logic: 'eq', condition: '1' }] })).status).toBe(400);
	});

	it('a system-side unsubscribe is not undone by writing activated, /activate does; delete removes the row', async () => {
		const gid = await group();
		await api.post(`/groups.json/${gid}/receivers`, { email: 'u@x.de' });
		sim.clock.advance(5);
		sim.model.unsubscribe(gid, 'u@x.de');
		let u = (await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data;
		expect(u).toMatchObject({ active: false, deactivated: 1_700_000_005, activated: 1_700_000_000 });
		await api.post(`/groups.json/${gid}/receivers/upsertplus`, [{ email: 'u@x.de', activated: 1_700_000_100 }]);
		u = (await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data;
		expect(u.active).toBe(false);
		expect((await api.put(`/groups.json/${gid}/receivers/u@x.de/activate`)).data).toBe(true);
		expect((await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data).toMatchObject({ active: true, deactivated: 0 });
		// an API deactivation can be undone by writing activated
		await api.put(`/groups.json/${gid}/receivers/u@x.de/deactivate`);
		await api.post(`/groups.json/${gid}/receivers/upsertplus`, [{ email: 'u@x.de', activated: 1_700_000_200 }]);
		expect((await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data.active).toBe(true);
		// inserted inactive (DOI pending)
		const pending = await api.post(`/groups.json/${gid}/receivers`, { email: 'p@x.de', activated: 0 });
		expect(pending.data).toMatchObject({ activated: 0, deactivated: 0, active: false });
		// delete
		const id = (await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data.id;
		expect((await api.delete(`/groups.json/${gid}/receivers/${id}`)).data).toBe(true);
		expect((await api.get(`/groups.json/${gid}/receivers/u@x.de`)).data).toEqual({ error: { code: 404, message: 'Not Found: invalid receiver' } });
		expect((await api.get(`/receivers.json/${id}`)).status).toBe(404);
	});

	it('account-wide receiver endpoints, email change, clone, isvalid, blacklist, DOI', async () => {
		const g1 = await group('one');
		const g2 = await group('two');
		const form = (await api.post(`/forms.json/${g1}/createfromtemplate/default`, { name: 'F' })).data;
		expect(form.customer_tables_id).toBe(g1);
		await api.post(`/groups.json/${g1}/receivers`, { email: 'a@x.de', activated: 0 });
		await api.post(`/groups.json/${g2}/receivers`, { email: 'a@x.de' });
		expect((await api.get('/receivers.json/a@x.de/groups')).data.map((g: { id: string }) => g.id)).toEqual([g1, g2]);
		const doi = await api.post(`/forms.json/${form.id}/send/activate`, { email: 'a@x.de', doidata: { user_ip: '1.2.3.4', referer: 'https://shop/', user_agent: 'UA' } });
		expect(doi.data).toBe(true);
		expect(sim.model.doiMails).toEqual([expect.objectContaining({ kind: 'activate', email: 'a@x.de', groupId: g1, doidata: { user_ip: '1.2.3.4', referer: 'https://shop/', user_agent: 'UA' } })]);
		expect((await api.post(`/forms.json/${form.id}/send/activate`, { email: 'other@x.de' })).status).toBe(404);
		expect(typeof (await api.get(`/forms.json/${form.id}/code?badget=false&embedded=true`)).data).toBe('string');
		sim.model.confirmDoi('a@x.de');
		expect((await api.get(`/groups.json/${g1}/receivers/a@x.de`)).data.active).toBe(true);
		const changed = await api.put(`/receivers/${(await api.get(`/groups.json/${g2}/receivers/a@x.de`)).data.id}/email`, { email: 'new@x.de' });
		expect(changed.data.email).toBe('new@x.de');
		await api.post(`/groups.json/${g2}/receivers`, { email: 'b@x.de' });
		expect((await api.put(`/receivers/${changed.data.id}/email`, { email: 'b@x.de' })).status).toBe(409);
		expect((await api.post(`/receivers/${changed.data.id}/clone`, { email: 'c@x.de' })).data.email).toBe('c@x.de');
		expect((await api.get('/blacklist.json/b@x.de')).status).toBe(404);
		await api.post('/blacklist.json', { email: 'b@x.de', comment: 'no' });
		expect((await api.get('/blacklist.json/b%40x.de')).data).toMatchObject({ email: 'b@x.de', comment: 'no', isLocked: false });
		expect((await api.post('/receivers.json/isvalid', { emails: ['b@x.de', 'c@x.de', 'bad'], group_id: g2, invert: false })).data).toEqual(['c@x.de']);
		expect((await api.delete('/receivers.json/a@x.de')).data).toBe(true);
		expect((await api.get(`/groups.json/${g1}/receivers/a@x.de`)).status).toBe(404);
		expect((await api.post('/receivers/delete.json', { receivers: ['b@x.de'] })).data).toBe(true);
		expect((await api.get(`/groups.json/${g2}/receivers/b@x.de`)).status).toBe(404);
	});
});

describe('segments, tags, uninstall', () => {
	it('group filters CRUD with receivers/count/stats; tags.json and tags/count.json', async () => {
		const gid = await group();
		for (const [email, tags] of [['a@x.de', ['Shop.VIP']], ['b@x.de', ['Shop.VIP', 'sale']], ['c@x.de', []]] as const) {
			await api.post(`/groups/${gid}/receivers`, { email, tags });
		}
		const f = (await api.post(`/groups/${gid}/filters`, { name: 'VIP', operator: 'AND', rules: [{ field: 'tags', logic: 'CONTAINS', condition: 'vip' }] })).data;
		expect(f).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'VIP', rules: [{ operator: '', field: 'tags', logic: 'CONTAINS', condition: 'vip' }] });
		expect((await api.get(`/groups/${gid}/filters/${f.id}/count`)).data).toBe(2);
		expect((await api.get(`/groups/${gid}/filters/${f.id}/receivers?type=active&pagesize=1&page=1`)).data.map((r: { email: string }) => r.email)).toEqual(['b@x.de']);
		expect((await api.get(`/groups/${gid}/filters/${f.id}/stats`)).data.total_count).toBe(2);
		await api.put(`/groups/${gid}/filters/${f.id}`, { rules: [{ field: 'tags', logic: 'eq', condition: 'sale' }] });
		expect((await api.get(`/groups/${gid}/filters/${f.id}/count`)).data).toBe(1);
		expect((await api.delete(`/groups/${gid}/filters/${f.id}`)).data).toBe(true);
		expect((await api.get(`/groups/${gid}/filters`)).data).toEqual([]);
		expect((await api.get('/tags.json?group_id=0&origin=*&order_by=count')).data).toEqual([
			{ tag: 'VIP', origin: 'Shop', count: 2 },
			{ tag: 'sale', origin: '', count: 1 },
		]);
		expect((await api.get(`/tags/count.json?tag=shop.vip&group_id=${gid}`)).data).toBe(2);
	});

	it('uninstall removes the interceptors', async () => {
		uninstall();
		const before = sim.log.length;
		const res = await api.get('/groups.json').catch((e: unknown) => e);
		expect((res as { status?: number }).status).not.toBe(200); // nock answers 501 ERR_NOCK_NO_MATCH (or refuses the connection)
		expect(sim.log.length).toBe(before);
		uninstall = installNock(sim);
		expect((await api.get('/groups.json')).status).toBe(200);
	});
});

describe('mailings and reports on the clock', () => {
	it('draft → waiting → running → finished with a report', async () => {
		const gid = await group();
		await api.post(`/groups.json/${gid}/receivers`, { email: 'a@x.de' });
		await api.post(`/groups.json/${gid}/receivers`, { email: 'b@x.de' });
		await api.post(`/groups.json/${gid}/receivers`, { email: 'c@x.de', activated: 0 });
		const { id } = (await api.post('/mailings.json', { name: 'M', subject: 'S', content: { type: 'html', html: '<a href="https://x.de/1">1</a>' }, receivers: { groups: [gid] } })).data;
		expect((await api.post(`/mailings.json/${id}/release`, { time: 1_700_000_100 })).status).toBe(200);
		expect((await api.get(`/mailings.json/${id}`)).data.state).toBe('waiting');
		expect((await api.post(`/mailings.json/${id}/release`, { time: 0 })).status).toBe(400);
		sim.clock.advance(100);
		expect((await api.get(`/mailings.json/${id}`)).data).toMatchObject({ state: 'running', started: 1_700_000_100, finished: 0 });
		expect((await api.get('/mailings.json?state=running')).data.running).toHaveLength(1);
		sim.clock.advance(60);
		const done = (await api.get(`/mailings.json/${id}`)).data;
		expect(done).toMatchObject({ state: 'finished', started: 1_700_000_100, finished: 1_700_000_160 });
		const reports = (await api.get('/reports.json?start=0&end=1800000000&page=0&pagesize=500')).data;
		expect(reports).toHaveLength(1);
		sim.model.openMailing(id, 'a@x.de');
		const report = (await api.get(`/reports.json/${id}`)).data;
		expect(report.stats.basic).toMatchObject({ delivered: 2, unique_opened: 1, bounced: 0, unsubscribed: 0, unique_clicks: 0 });
		expect((await api.get(`/reports.json/${id}/receivers/sent?detail=1`)).data.map((r: { email: string }) => r.email)).toEqual(['a@x.de', 'b@x.de']);
		expect((await api.get(`/reports.json/${id}/receivers/notopened`)).data.map((r: { email: string }) => r.email)).toEqual(['b@x.de']);
		const events = (await api.get(`/groups.json/${gid}/receivers/b@x.de`)).data.events;
		expect(events).toContainEqual(expect.objectContaining({ type: 'mail_send', mailing_id: id, stamp: 1_700_000_160 }));
		expect((await api.get(`/reports.json/${id}/stats/links`)).data[0].links[0]).toMatchObject({ link: 'https://x.de/1', total_clicks: 0 });
		expect((await api.get(`/groups.json/${gid}`)).data.last_mailing).toBe(1_700_000_100);
	});
});

describe('faults and log', () => {
	it('429 with Retry-After, then the request goes through', async () => {
		sim.faults.add({ method: 'GET', path: '/v3/groups', status: 429, retryAfter: 7 });
		const first = await api.get('/groups.json');
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('7');
		expect(first.data).toEqual({ error: { code: 429, message: 'Too Many Requests' } });
		expect((await api.get('/groups.json')).status).toBe(200);
	});

	it('a reset is seen by axios as an error with a code; skip/times; regex paths; OAuth too', async () => {
		sim.faults.add({ path: /^\/v3\/groups/, kind: 'reset', skip: 1, times: 2 });
		expect((await api.get('/groups.json')).status).toBe(200);
		await expect(api.get('/groups.json')).rejects.toMatchObject({ code: 'ECONNRESET' });
		await expect(api.get('/groups.json')).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect((await api.get('/groups.json')).status).toBe(200);
		sim.faults.add({ path: '/oauth/token.php', kind: 'timeout', delayMs: 5 });
		await expect(raw.post('/oauth/token.php', { grant_type: 'client_credentials' })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
	});

	it('afterApply applies the write and still fails', async () => {
		sim.faults.add({ method: 'POST', path: '/v3/groups', status: 502, afterApply: true });
		expect((await api.post('/groups.json', { name: 'maybe' })).status).toBe(502);
		expect((await api.get('/groups.json')).data.map((g: { name: string }) => g.name)).toEqual(['maybe']);
	});

	it('random faults are reproducible from the seed', async () => {
		const run = async (): Promise<number[]> => {
			const s = new Simulator();
			const t = s.oauth.issueToken();
			s.faults.random({ seed: 42, rate: 0.3, kinds: [500, 503] });
			const out: number[] = [];
			for (let i = 0; i < 30; i++) out.push((await s.handle({ method: 'GET', url: '/v3/groups.json', headers: { authorization: `Bearer ${t.access_token}` }, body: undefined })).status);
			return out;
		};
		const a = await run();
		expect(a).toEqual(await run());
		expect(a.filter((s) => s !== 200).length).toBeGreaterThan(3);
	});

	it('logs every request with normalised path, auth kind, query and body', async () => {
		const gid = await group();
		await axios.get(`${ORIGIN}/v3/groups.json/${gid}/receivers?page=0&token=${token.access_token}`);
		await raw.post('/oauth/token.php', 'grant_type=client_credentials', { headers: { Authorization: basic(CLIENT, SECRET) } });
		expect(sim.log.map((e) => [e.method, e.path, e.auth, e.status])).toEqual([
			['POST', '/v3/groups', 'bearer', 200],
			['GET', `/v3/groups/${gid}/receivers`, 'query', 200],
			['POST', '/oauth/token.php', 'basic', 200],
		]);
		expect(sim.log[0].body).toEqual({ name: 'G' });
		expect(sim.log[1]).toMatchObject({ rawPath: `/v3/groups.json/${gid}/receivers`, query: { page: '0' }, at: 1_700_000_000 });
		expect(sim.log[2].body).toEqual({ grant_type: 'client_credentials' });
		expect(sim.count('POST')).toBe(2);
		expect(sim.count(undefined, /receivers/)).toBe(1);
		expect(sim.requests({ method: 'GET' })).toHaveLength(1);
		sim.resetLog();
		expect(sim.log).toEqual([]);
	});
});

describe('scale', () => {
	it('filter.json pages over 100,000 rows in < 50 ms', async () => {
		const gid = sim.model.createGroup('big').id;
		const t0 = performance.now();
		addReceivers(sim, gid, 100_000, { unsubscribedShare: 0.1, tags: ['bulk'] });
		expect(performance.now() - t0).toBeLessThan(10_000); // ~0.3 s on an idle machine
		const call = async (page: number): Promise<SimResponse> => sim.handle({
			method: 'POST', url: '/v3/receivers/filter.json', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ groups: [], rules: [{ field: 'deactivated', logic: 'bg', condition: '1' }], orderby: 'registered desc', pagesize: 500, page }),
		});
		const first = await call(0);
		expect(JSON.parse(first.body)).toHaveLength(500);
		const times: number[] = [];
		for (let p = 1; p < 6; p++) {
			const t = performance.now();
			const res = await call(p);
			times.push(performance.now() - t);
			expect(JSON.parse(res.body)).toHaveLength(500);
		}
		// the median, so one GC pause on a busy CI machine does not fail the run
		expect([...times].sort((a, b) => a - b)[2]).toBeLessThan(50);
	});
});

describe('server adapter and CLI', () => {
	it('serves over real HTTP, resets sockets on reset faults', async () => {
		const server = await startSimulatorServer(sim);
		try {
			const http = axios.create({ baseURL: `${server.url}/v3`, headers: { Authorization: `Bearer ${token.access_token}` }, validateStatus: () => true });
			expect((await http.post('/groups.json', { name: 'real' })).status).toBe(200);
			expect((await http.get('/groups.json')).data).toHaveLength(1);
			sim.faults.add({ kind: 'reset' });
			await expect(http.get('/groups.json')).rejects.toMatchObject({ code: 'ECONNRESET' });
			expect((await http.get('/__sim/state')).status).toBe(404);
		} finally {
			await server.close();
		}
	});

	it('cli.ts starts under Node 24 with --demo and --access-token, admin API works', async () => {
		const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
		const child = spawn(process.execPath, [cli, '--port', '0', '--demo', '--access-token', 'cli-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let buf = '';
				child.stdout.on('data', (d: Buffer) => {
					buf += d.toString();
					if (buf.includes('\n')) resolve(buf.split('\n')[0]);
				});
				child.once('exit', (code) => reject(new Error(`cli exited ${code}`)));
			});
			const { url } = JSON.parse(line) as { url: string };
			const groups = await axios.get(`${url}/v3/groups.json`, { headers: { Authorization: 'Bearer cli-token' } });
			expect(groups.data).toHaveLength(3);
			const gid = groups.data[0].id;
			await axios.post(`${url}/__sim/model`, { op: 'unsubscribe', args: [gid, 'anna.schmidt@example.com'] });
			const anna = await axios.get(`${url}/v3/groups.json/${gid}/receivers/anna.schmidt@example.com?token=cli-token`);
			expect(anna.data.active).toBe(false);
			await axios.post(`${url}/__sim/expire-tokens`);
			expect((await axios.get(`${url}/v3/groups.json?token=cli-token`, { validateStatus: () => true })).status).toBe(401);
			const state = await axios.get(`${url}/__sim/state`);
			expect(state.data).toMatchObject({ groups: 3, mailings: 3, reports: 1 });
		} finally {
			child.kill();
		}
	});

	it('seedDemo builds the documented mix', () => {
		const ids = seedDemo(sim);
		const stats = sim.model.groupStats(ids.groups[0]);
		expect(stats.total_count).toBe(12);
		expect(stats.bounce_count).toBe(1);
		expect(stats.inactive_count).toBeGreaterThan(1);
		expect(sim.model.listMailings().draft).toHaveLength(2);
		expect(sim.model.listMailings().finished).toHaveLength(1);
	});
});
