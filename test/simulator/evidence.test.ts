/**
 * The simulator against the evidence about the real CleverReach (docs/cleverreach-api.md): every behaviour the
 * evidence contradicts in a kind simulator, and every realism profile, each on its own and in the realistic preset.
 */
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import type { Realism, SimulatorOptions } from './index.ts';
import { installNock, REALISTIC, Simulator } from './index.ts';

const ORIGIN = 'https://rest.cleverreach.com';
let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

function start(options: SimulatorOptions = {}): { sim: Simulator; api: AxiosInstance } {
	const sim = new Simulator(options);
	uninstall?.();
	uninstall = installNock(sim);
	const { access_token } = sim.oauth.issueToken({});
	const api = axios.create({ baseURL: `${ORIGIN}/v3`, headers: { Authorization: `Bearer ${access_token}` }, validateStatus: () => true });
	return { sim, api };
}

const realism = (profile: Partial<Realism>): SimulatorOptions => ({ realism: profile });
const emails = (rows: Array<{ email: string }>) => rows.map((r) => r.email);

describe('shapes the evidence shows (always on)', () => {
	it('GET /bounces.json answers bounce records, not receivers, and ignores group_id', async () => {
		const { sim, api } = start();
		const a = sim.model.createGroup('A').id;
		const b = sim.model.createGroup('B').id;
		sim.model.addReceiver(a, { email: 'x@example.com' });
		sim.model.addReceiver(b, { email: 'y@example.com' });
		sim.model.addReceiver(b, { email: 'x@example.com' });
		sim.model.bounce('x@example.com', undefined, '9000001');
		sim.clock.advance(10);
		sim.model.bounce('y@example.com');
		sim.clock.advance(10);
		sim.model.bounce('x@example.com');
		const res = await api.get(`/bounces.json?page=0&pagesize=500&group_id=${a}`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual([
			{
				email: 'x@example.com', category: 'hardbounce', occurences: 2, last_update: 1_700_000_020,
				last_update_gmt: '2023-11-14 22:13:40', expires_by: 1_700_000_020 + 180 * 86_400, expires_by_gmt: expect.any(String),
				bounce_message: expect.any(String), type: 'mailing', type_id: '0',
			},
			expect.objectContaining({ email: 'y@example.com', occurences: 1, last_update: 1_700_000_010 }),
		]);
		expect(res.data[0]).not.toHaveProperty('group_id');
	});

	it('GET /tags.json rows carry origin and tag separately (the full tag is origin.tag)', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'a@example.com', tags: ['Shop.VIP', 'plain'] });
		sim.model.addReceiver(g, { email: 'b@example.com', tags: ['Shop.VIP', 'Shop.Gold.Plus'] });
		const rows = (await api.get('/tags.json?group_id=0&limit=5000&page=0')).data;
		expect(rows).toEqual([
			{ tag: 'plain', origin: '', count: 1 },
			{ tag: 'Gold.Plus', origin: 'Shop', count: 1 },
			{ tag: 'VIP', origin: 'Shop', count: 2 },
		]);
		const full = rows.map((t: { origin: string; tag: string }) => (t.origin ? `${t.origin}.${t.tag}` : t.tag));
		expect((await api.get(`/tags/count.json?tag=${full[2]}`)).data).toBe(2);
	});

	it('report stats are under "basic"', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'a@example.com' });
		const { id } = sim.model.createMailing({ name: 'M', subject: 'S', content: { type: 'html', html: '<p>x</p>' }, receivers: { groups: [g] } }) as { id: string };
		sim.model.finishMailing(id);
		const report = (await api.get(`/reports.json/${id}`)).data;
		expect(Object.keys(report.stats)).toEqual(['basic']);
		expect(report.stats.basic).toMatchObject({ sent: 1, delivered: 1 });
	});

	it('a receiver keeps its last 250 events only', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'a@example.com' });
		for (let i = 0; i < 300; i++) {
			sim.clock.advance(1);
			sim.model.addEvent('a@example.com', { type: 'api', type_id: `e${i}` }, g);
		}
		const events = (await api.get(`/groups.json/${g}/receivers/a@example.com`)).data.events;
		expect(events).toHaveLength(250);
		expect(events[0].type_id).toBe('e50');
		expect(events[249].type_id).toBe('e299');
	});

	it("the body's error.code can differ from the HTTP status (the official core reads the body's code)", async () => {
		const { sim, api } = start({ config: { errorHttpStatus: { 413: 200, 404: 400 } } });
		const g = sim.model.createGroup('G').id;
		const rows = Array.from({ length: 1001 }, (_, i) => ({ email: `u${i}@example.com` }));
		const big = await api.post(`/groups.json/${g}/receivers/upsertplus`, rows);
		expect(big.status).toBe(200);
		expect(big.data).toEqual({ error: { code: 413, message: expect.stringMatching(/^Request Entity Too Large/) } });
		const missing = await api.get('/groups.json/77');
		expect(missing.status).toBe(400);
		expect(missing.data.error.code).toBe(404);
	});

	it('settings.editor "eddytor" is valid; an unknown editor is refused', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		const body = (editor: string) => ({
			name: 'M', subject: 'S', sender_email: 'a@example.com', content: { type: 'html', html: '<p>x</p>' },
			receivers: { groups: [g] }, settings: { editor },
		});
		expect((await api.post('/mailings.json', body('eddytor'))).data).toEqual({ success: true, id: expect.any(String) });
		const bad = await api.post('/mailings.json', body('word'));
		expect(bad.status).toBe(400);
		expect(bad.data.error.message).toBe('Bad Request: invalid editor "word"');
	});

	it('account-wide GET /receivers/{id} may answer a one-element list', async () => {
		const { sim, api } = start({ config: { receiverLookupShape: 'list' } });
		const g = sim.model.createGroup('G').id;
		const { id } = sim.model.addReceiver(g, { email: 'a@example.com' }) as { id: string };
		const res = (await api.get(`/receivers.json/${id}`)).data;
		expect(Array.isArray(res)).toBe(true);
		expect(res).toHaveLength(1);
		expect(res[0]).toMatchObject({ id, email: 'a@example.com' });
	});

	it('group stats are cached and lag behind writes', async () => {
		const { sim, api } = start({ config: { groupStatsTtl: 300 } });
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'a@example.com' });
		expect((await api.get(`/groups.json/${g}/stats`)).data.total_count).toBe(1);
		sim.model.addReceiver(g, { email: 'b@example.com' });
		sim.clock.advance(299);
		expect((await api.get(`/groups.json/${g}/stats`)).data.total_count).toBe(1);
		sim.clock.advance(1);
		expect((await api.get(`/groups.json/${g}/stats`)).data.total_count).toBe(2);
	});

	it('every answer carries CleverReach’s clock in its Date header', async () => {
		const { sim, api } = start();
		sim.clock.set(1_750_000_000);
		const res = await api.get('/debug/whoami.json');
		expect(Date.parse(res.headers.date) / 1000).toBe(1_750_000_000);
	});

	it('a write that changes nothing leaves last_changed and the event log as they were', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		await api.post(`/groups.json/${g}/receivers/upsertplus`, [{ email: 'a@example.com', source: 'shop' }]);
		const before = sim.model.getReceiver(g, 'a@example.com');
		sim.clock.advance(100);
		await api.post(`/groups.json/${g}/receivers/upsertplus`, [{ email: 'a@example.com', source: 'shop' }]);
		const after = sim.model.getReceiver(g, 'a@example.com');
		expect(after.last_changed).toBe(before.last_changed);
		expect(sim.model.history.changes).toHaveLength(1);
		await api.post(`/groups.json/${g}/receivers/upsertplus`, [{ email: 'a@example.com', source: 'web' }]);
		expect(sim.model.getReceiver(g, 'a@example.com').last_changed).toBe(1_700_000_100);
		expect(sim.model.history.changes).toHaveLength(2);
	});
});

describe('the event log (ground truth for the tests)', () => {
	it('logs every change with its time and the state before and after', async () => {
		const { sim, api } = start();
		const g = sim.model.createGroup('G').id;
		await api.post(`/groups.json/${g}/receivers/upsertplus`, [{ email: 'a@example.com', registered: 1_600_000_000, activated: 0 }]);
		sim.clock.advance(5);
		sim.model.activate(g, 'a@example.com');
		sim.clock.advance(5);
		sim.model.unsubscribe(g, 'a@example.com');
		sim.clock.advance(5);
		sim.model.deleteReceiver(g, 'a@example.com');
		const log = sim.model.history.changes.map((c) => ({
			at: c.at, before: c.before && { active: c.before.active, deactivated: c.before.deactivated }, after: c.after && { active: c.after.active, registered: c.after.registered },
		}));
		expect(log).toEqual([
			{ at: 1_700_000_000, before: null, after: { active: false, registered: 1_600_000_000 } },
			{ at: 1_700_000_005, before: { active: false, deactivated: 0 }, after: { active: true, registered: 1_600_000_000 } },
			{ at: 1_700_000_010, before: { active: true, deactivated: 0 }, after: { active: false, registered: 1_600_000_000 } },
			{ at: 1_700_000_015, before: { active: false, deactivated: 1_700_000_010 }, after: null },
		]);
	});
});

describe('realism profiles, each on its own', () => {
	it('strict API (reject): unconfirmed rule fields, operators and orders answer 400; confirmed ones work', async () => {
		const { sim, api } = start(realism({ strictApi: 'reject' }));
		const g = sim.model.createGroup('G').id;
		sim.model.createAttribute({ name: 'city', type: 'text' });
		sim.model.addReceiver(g, { email: 'a@example.com', tags: ['Shop.VIP'], global_attributes: { city: 'Kiel' } });
		const search = (body: Record<string, unknown>) => api.post('/receivers/filter.json', { groups: [], operator: 'AND', ...body });
		const ok = [
			{ rules: [{ field: 'activated', logic: 'bg', condition: '1' }], orderby: 'activated desc' },
			{ rules: [{ field: 'deactivated', logic: 'eq', condition: '0' }, { field: 'email', logic: 'contains', condition: 'a@' }] },
			{ rules: [{ field: 'tags', logic: 'contains', condition: 'Shop.VIP' }, { field: 'bounced', logic: 'eq', condition: '0' }] },
			{ rules: [{ field: 'tags', logic: 'nocontains', condition: 'x' }, { field: 'city', logic: 'eq', condition: 'kiel' }] },
			{ rules: [{ field: 'email', logic: 'notisnull', condition: '' }] },
		];
		for (const body of ok) expect(emails((await search(body)).data)).toEqual(['a@example.com']);
		const refused: Array<[Record<string, unknown>, string]> = [
			[{ rules: [{ field: 'registered', logic: 'bg', condition: '1' }] }, 'invalid rule field "registered"'],
			[{ rules: [{ field: 'last_changed', logic: 'bg', condition: '1' }] }, 'invalid rule field "last_changed"'],
			[{ rules: [{ field: 'bounced', logic: 'bg', condition: '0' }] }, 'invalid rule logic "bg" on "bounced"'],
			[{ rules: [{ field: 'tags', logic: 'notcontains', condition: 'x' }] }, 'invalid rule logic "notcontains" on "tags"'],
			[{ rules: [{ field: 'email', logic: 'neq', condition: 'x' }] }, 'invalid rule logic "neq" on "email"'],
			[{ rules: [{ field: 'email', logic: 'isnull', condition: '' }] }, 'invalid rule logic "isnull" on "email"'],
			[{ rules: [], orderby: 'last_changed asc' }, 'invalid orderby "last_changed asc"'],
			[{ rules: [], orderby: 'registered desc' }, 'invalid orderby "registered desc"'],
		];
		for (const [body, message] of refused) {
			const res = await search(body);
			expect({ status: res.status, message: res.data.error?.message }).toEqual({ status: 400, message: `Bad Request: ${message}` });
		}
		expect((await api.get(`/groups.json/${g}/receivers?order_by=registered%20desc`)).status).toBe(200);
		expect((await api.get(`/groups.json/${g}/receivers?order_by=email%20asc`)).status).toBe(200);
		expect((await api.get(`/groups.json/${g}/receivers?order_by=last_changed%20desc`)).status).toBe(400);
		expect((await api.get(`/groups.json/${g}/receivers?order_by=activated%20desc`)).status).toBe(400);
	});

	it('strict API (ignore): unconfirmed rules and orders are silently dropped', async () => {
		const { sim, api } = start(realism({ strictApi: 'ignore' }));
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'old@example.com', registered: 1_600_000_000 });
		sim.model.addReceiver(g, { email: 'new@example.com' });
		const res = await api.post('/receivers/filter.json', {
			groups: [], rules: [{ field: 'registered', logic: 'bg', condition: '1650000000' }], orderby: 'registered desc',
		});
		expect(res.status).toBe(200);
		// The rule did nothing and the order is the default one: the whole account, by id.
		expect(emails(res.data)).toEqual(['old@example.com', 'new@example.com']);
		expect(emails((await api.get(`/groups.json/${g}/receivers?order_by=last_changed%20desc`)).data)).toEqual(['old@example.com', 'new@example.com']);
	});

	it('search lag: filter.json sees each write only after its own delay, in write order; lists are instant', async () => {
		const { sim, api } = start(realism({ searchLag: { min: 0, max: 180 }, seed: 7 }));
		const g = sim.model.createGroup('G').id;
		sim.model.addReceiver(g, { email: 'a@example.com', source: 'v1' });
		const search = async () => (await api.post('/receivers/filter.json', { groups: [g], rules: [] })).data as Array<{ email: string; source: string }>;
		const seen: Array<[number, string]> = [];
		for (let t = 0; t <= 500; t += 10) {
			if (t === 200) sim.model.updateReceiver(g, 'a@example.com', { source: 'v2' });
			if (t === 300) sim.model.deleteReceiver(g, 'a@example.com');
			const rows = await search();
			seen.push([t, rows.length ? rows[0].source : '-']);
			sim.clock.advance(10);
		}
		// Each state shows up late (at most 180 s after its write), never out of write order, and finally the deletion.
		const distinct = seen.map(([, s]) => s).filter((s, i, all) => i === 0 || s !== all[i - 1]);
		const writeOrder = ['-', 'v1', 'v2', '-'];
		let at = 0;
		for (const state of distinct) {
			while (at < writeOrder.length && writeOrder[at] !== state) at++;
			expect(at).toBeLessThan(writeOrder.length);
		}
		expect(distinct).toContain('v1');
		expect(seen.find(([, s]) => s === 'v1')![0]).toBeLessThanOrEqual(180);
		expect(seen.filter(([t, s]) => t >= 390 && s === 'v1')).toEqual([]);
		expect(seen[seen.length - 1][1]).toBe('-');
		// The group list reads the live data.
		sim.model.addReceiver(g, { email: 'b@example.com' });
		expect(emails((await api.get(`/groups.json/${g}/receivers`)).data)).toEqual(['b@example.com']);
	});

	it('search lag is drawn per write: some writes are late, some at once', async () => {
		const { sim, api } = start(realism({ searchLag: { min: 0, max: 180 }, seed: 3 }));
		const g = sim.model.createGroup('G').id;
		for (let i = 0; i < 40; i++) sim.model.addReceiver(g, { email: `u${i}@example.com` });
		const visibleAfter = async (seconds: number) => {
			sim.clock.advance(seconds);
			return (await api.post('/receivers/filter.json', { groups: [g], rules: [], pagesize: 100 })).data.length as number;
		};
		const counts = [await visibleAfter(0), await visibleAfter(60), await visibleAfter(60), await visibleAfter(61)];
		expect(counts[0]).toBeGreaterThan(0);
		expect(counts[0]).toBeLessThan(40);
		expect(counts).toEqual([...counts].sort((a, b) => a - b));
		expect(counts[3]).toBe(40);
	});

	it('unstable ties: equal sort values come back in a new order on every request; no sort = any order', async () => {
		const { sim, api } = start(realism({ unstableTies: true, seed: 11 }));
		const g = sim.model.createGroup('G').id;
		for (let i = 0; i < 30; i++) sim.model.addReceiver(g, { email: `u${i}@example.com` });
		sim.clock.advance(1);
		sim.model.addReceiver(g, { email: 'last@example.com' });
		const orders = new Set<string>();
		for (let i = 0; i < 5; i++) {
			const rows = (await api.post('/receivers/filter.json', { groups: [g], rules: [], orderby: 'activated desc' })).data;
			expect(rows[0].email).toBe('last@example.com');
			orders.add(emails(rows).join(','));
			expect(new Set(emails(rows)).size).toBe(31);
		}
		expect(orders.size).toBeGreaterThan(1);
		const pages = async () => {
			const p0 = (await api.get(`/groups.json/${g}/receivers?page=0&pagesize=16`)).data;
			const p1 = (await api.get(`/groups.json/${g}/receivers?page=1&pagesize=16`)).data;
			return new Set(emails([...p0, ...p1])).size;
		};
		// Page-number paging over an unstable order loses and repeats rows.
		const sizes = [await pages(), await pages(), await pages()];
		expect(Math.min(...sizes)).toBeLessThan(31);
	});

	it('client-written timestamps: kept exactly as sent, future and milliseconds included', async () => {
		const sent = { registered: 1_500_000_000, activated: 1_700_000_000_000, deactivated: 0 };
		const future = { email: 'f@example.com', registered: 1_700_007_200 };
		for (const profile of [false, true]) {
			const { sim, api } = start(realism({ clientTimestamps: profile }));
			const g = sim.model.createGroup('G').id;
			await api.post(`/groups.json/${g}/receivers/upsertplus`, [{ email: 'a@example.com', ...sent }, future]);
			const a = sim.model.getReceiver(g, 'a@example.com');
			const f = sim.model.getReceiver(g, 'f@example.com');
			if (profile) {
				expect([a.registered, a.activated, f.registered]).toEqual([1_500_000_000, 1_700_000_000_000, 1_700_007_200]);
			} else {
				expect([a.registered, a.activated, f.registered]).toEqual([1_500_000_000, 1_700_000_000, 1_700_000_000]);
			}
		}
	});

	it('clock skew: the real clock and its Date header run ahead of (or behind) this machine', async () => {
		const sim = new Simulator({ clock: 'real', realism: { clockSkew: -600 } });
		expect(Math.abs(sim.clock.now() - (Math.floor(Date.now() / 1000) - 600))).toBeLessThanOrEqual(1);
	});

	it('list order: mailings and reports oldest first, by id, or random', async () => {
		for (const listOrder of ['newest', 'oldest', 'id', 'random'] as const) {
			const { sim, api } = start(realism({ listOrder, seed: 5 }));
			const g = sim.model.createGroup('G').id;
			sim.model.addReceiver(g, { email: 'a@example.com' });
			const ids: string[] = [];
			for (let i = 0; i < 8; i++) {
				sim.clock.advance(i % 2 ? 100 : 1);
				ids.push(String((sim.model.createMailing({ name: `M${i}`, subject: 'S', content: { type: 'html', html: '<p>x</p>' }, receivers: { groups: [g] } }) as { id: string }).id));
			}
			// Finish them in another order than they were created.
			for (const id of [...ids].reverse()) {
				sim.clock.advance(10);
				sim.model.finishMailing(id);
			}
			const listed = async () => ((await api.get('/mailings.json?state=finished&limit=100')).data.finished as Array<{ id: string }>).map((m) => m.id);
			const first = await listed();
			expect([...first].sort()).toEqual([...ids].sort());
			if (listOrder === 'newest') expect(first).toEqual([...ids].reverse());
			if (listOrder === 'oldest' || listOrder === 'id') expect(first).toEqual(ids);
			if (listOrder === 'random') {
				const orders = new Set([first.join(), (await listed()).join(), (await listed()).join()]);
				expect(orders.size).toBeGreaterThan(1);
			}
			const reports = ((await api.get('/reports.json?start=0&pagesize=100')).data as Array<{ id: string }>).map((r) => r.id);
			expect([...reports].sort()).toEqual([...ids].sort());
			if (listOrder === 'newest') expect(reports).toEqual(ids); // newest finished first
		}
	});

	it('silent page-size caps on filter.json and bounces.json', async () => {
		const { sim, api } = start(realism({ pageCaps: { filter: 500, bounces: 500 } }));
		const g = sim.model.createGroup('G').id;
		sim.model.bulkInsert(g, Array.from({ length: 1200 }, (_, i) => ({ email: `u${i}@example.com`, bounced: i < 700 ? 1_699_000_000 : 0 })));
		const page = async (path: string, p: number) =>
			path === 'filter'
				? (await api.post('/receivers/filter.json', { groups: [g], rules: [], page: p, pagesize: 5000 })).data.length
				: (await api.get(`/bounces.json?page=${p}&pagesize=5000`)).data.length;
		expect([await page('filter', 0), await page('filter', 1), await page('filter', 2), await page('filter', 3)]).toEqual([500, 500, 200, 0]);
		expect([await page('bounces', 0), await page('bounces', 1), await page('bounces', 2)]).toEqual([500, 200, 0]);
		// The group list keeps the documented 5000.
		expect((await api.get(`/groups.json/${g}/receivers?pagesize=5000`)).data).toHaveLength(1200);
	});

	it('filter.json rows may lack local attributes and tags', async () => {
		const { sim, api } = start(realism({ searchRowsLackDetails: true }));
		const g = sim.model.createGroup('G').id;
		sim.model.createAttribute({ name: 'shoe', type: 'number' }, g);
		sim.model.addReceiver(g, { email: 'a@example.com', tags: ['x'], attributes: { shoe: 42 } });
		const [row] = (await api.post('/receivers/filter.json', { groups: [g], rules: [], detail: 7 })).data;
		expect(row).not.toHaveProperty('attributes');
		expect(row).not.toHaveProperty('tags');
		expect(row).toHaveProperty('global_attributes');
		expect((await api.get(`/groups.json/${g}/receivers/a@example.com`)).data).toMatchObject({ tags: ['x'], attributes: { shoe: '42' } });
	});
});

describe('the realistic preset', () => {
	it('turns every profile on', () => {
		const sim = new Simulator({ realism: 'realistic' });
		expect(sim.config.realism).toEqual(REALISTIC);
		expect(sim.config.realism.strictApi).toBe('reject');
		expect(sim.config.realism.searchLag).toEqual({ min: 0, max: 180 });
		expect(sim.config.realism.unstableTies && sim.config.realism.clientTimestamps && sim.config.realism.searchRowsLackDetails).toBe(true);
		expect(Math.abs(sim.config.realism.clockSkew)).toBeGreaterThan(0);
		expect(sim.config.realism.pageCaps).toEqual({ filter: 500, bounces: 500 });
		expect(sim.config.realism.listOrder).toBe('random');
	});
});
