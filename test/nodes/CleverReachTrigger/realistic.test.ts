/**
 * The CleverReach Trigger against what the real CleverReach and n8n do (docs/cleverreach-api.md §10–§12,
 * docs/n8n-runtime.md): clocks, client-written dates, search lag, a strict or forgetful API, ties and bursts in one
 * second, n8n's schedulers (overlapping ticks, poll budget, static data saved only on emit, restarts), transient
 * trouble, and mailings listed in any order.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import type { FixtureOptions } from '../../harness/simulator';
import { useSimulator } from '../../harness/simulator';
import { judge } from '../../harness/truth';

const FILTER = '/v3/receivers/filter';
const emails = (items: IDataObject[]) => items.map((i) => String(i.email));
const sorted = (items: IDataObject[]) => emails(items).sort();

function bed(options: FixtureOptions) {
	const cr = useSimulator(options);
	const trigger = (parameters: IDataObject, scheduler?: 'memory' | 'durable' | 'durableCursors') =>
		cr.trigger({ watch: 'all', ...parameters }, scheduler ? { scheduler } : {});
	return { cr, trigger };
}

/** Polls every `every` seconds until `seconds` have passed; returns everything emitted. */
async function pollFor(cr: ReturnType<typeof useSimulator>, t: ReturnType<ReturnType<typeof bed>['trigger']>, seconds: number, every = 60) {
	const out: IDataObject[] = [];
	for (let waited = 0; waited < seconds; waited += every) {
		cr.sim.clock.advance(every);
		const r = await t.tick();
		if (r.error) throw r.error;
		out.push(...(r.items ?? []).map((i) => i.json));
	}
	return out;
}

describe('clocks: CleverReach’s clock, not n8n’s and not the newest timestamp a client wrote', () => {
	for (const skew of [-600, 600]) {
		describe(`n8n’s clock ${skew > 0 ? 'behind' : 'ahead of'} CleverReach’s by 10 minutes`, () => {
			const { cr, trigger } = bed({ realism: { clockSkew: skew, clientTimestamps: true } });

			it('starts at CleverReach’s now; what happens after is emitted once, what happened before never', async () => {
				const g = cr.sim.model.createGroup({ name: 'G' });
				cr.sim.model.addReceiver(g.id, { email: 'before@example.com' });
				cr.sim.model.addReceiver(g.id, { email: 'leaves@example.com' });
				cr.sim.model.unsubscribe(g.id, 'leaves@example.com');
				const added = trigger({ event: 'newReceiver' });
				const active = trigger({ event: 'newReceiver', onlyActive: true });
				const left = trigger({ event: 'receiverUnsubscribed' });
				for (const t of [added, active, left]) expect((await t.activate()).error).toBeUndefined();
				expect(added.nodeStaticData['newReceiver|all']).toMatchObject({ settled: cr.sim.clock.now() - 1 });
				cr.sim.clock.advance(1);
				// Our own action node as it was: "activated" written with n8n's clock.
				const n8nNow = Math.floor(Date.now() / 1000);
				cr.sim.model.upsertReceiver(g.id, { email: 'ours@example.com', activated: n8nNow, registered: n8nNow });
				cr.sim.model.addReceiver(g.id, { email: 'theirs@example.com' });
				cr.sim.model.unsubscribe(g.id, 'theirs@example.com');
				expect(sorted(await pollFor(cr, added, 600))).toEqual(['ours@example.com', 'theirs@example.com']);
				// n8n behind: "activated" lies 10 minutes in the past, inside a look-back of 15 minutes.
				expect(sorted(await pollFor(cr, active, 600))).toEqual(skew > 0 ? [] : ['ours@example.com']);
				expect(emails(await pollFor(cr, left, 600))).toEqual(['theirs@example.com']);
			});
		});
	}

	describe('future-dated and millisecond timestamps', () => {
		const { cr, trigger } = bed({ realism: { clientTimestamps: true, strictApi: 'reject' } });

		it('a receiver registered two hours ahead is emitted once and does not blind the trigger to later sign-ups', async () => {
			const g = cr.sim.model.createGroup({ name: 'G' });
			const t = trigger({ event: 'newReceiver' });
			await t.activate();
			expect(t.nodeStaticData['newReceiver|all']).toMatchObject({ strategy: 'lists:registered' });
			cr.sim.clock.advance(10);
			cr.sim.model.upsertReceiver(g.id, { email: 'future@example.com', registered: cr.sim.clock.now() + 7200 });
			cr.sim.model.upsertReceiver(g.id, { email: 'millis@example.com', registered: cr.sim.clock.now() * 1000 });
			const out = await pollFor(cr, t, 120);
			expect(sorted(out)).toEqual(['future@example.com', 'millis@example.com']);
			const later: string[] = [];
			for (let i = 0; i < 150; i++) {
				cr.sim.clock.advance(60);
				if (i % 10 === 0) cr.sim.model.addReceiver(g.id, { email: `later${i}@example.com` });
				later.push(...emails(await t.pollOk()));
			}
			// Every real sign-up while the future one is still ahead, and after it: each once, none replayed.
			expect(later).toEqual(Array.from({ length: 15 }, (_, k) => `later${k * 10}@example.com`));
		});
	});
});

describe('client-written dates', () => {
	const { cr, trigger } = bed({ realism: { clientTimestamps: true, searchLag: { min: 0, max: 180 }, seed: 3 } });

	it('an old list imported into a group empty at activation replays none of last year’s unsubscribes', async () => {
		const g = cr.sim.model.createGroup({ name: 'Empty' });
		const t = trigger({ event: 'receiverUnsubscribed' });
		await t.activate();
		cr.sim.clock.advance(60);
		for (let i = 0; i < 50; i++) {
			cr.sim.model.upsertReceiver(g.id, { email: `old${i}@example.com`, registered: 1_600_000_000, activated: 1_600_000_000, deactivated: 1_650_000_000 });
		}
		expect(await pollFor(cr, t, 900)).toEqual([]);
	});

	it('a shop sync that writes the unsubscribe time as it was in the shop (up to the look-back ago) is still emitted, once', async () => {
		const g = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.addReceiver(g.id, { email: 'customer@example.com' });
		const t = trigger({ event: 'receiverUnsubscribed', options: { lookBackMinutes: 60 } });
		await t.activate();
		cr.sim.clock.advance(3000);
		// Unsubscribed in the shop 45 minutes ago; the hourly sync writes it now.
		cr.sim.model.updateReceiver(g.id, 'customer@example.com', { deactivated: cr.sim.clock.now() - 45 * 60 });
		expect(emails(await pollFor(cr, t, 5400))).toEqual(['customer@example.com']);
	});

	it('with the default look-back of 5 minutes, an event written more than 60 s behind the newest one is emitted', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'newReceiver', onlyActive: true });
		await t.activate();
		cr.sim.clock.advance(200);
		cr.sim.model.addReceiver(g.id, { email: 'newest@example.com' });
		cr.sim.clock.advance(20);
		cr.sim.model.upsertReceiver(g.id, { email: 'behind@example.com', activated: cr.sim.clock.now() - 150 });
		expect(sorted(await pollFor(cr, t, 600))).toEqual(['behind@example.com', 'newest@example.com']);
	});
});

describe('search lag: filter.json shows writes up to 180 s late', () => {
	const { cr, trigger } = bed({ realism: { searchLag: { min: 0, max: 180 }, seed: 21 } });

	it('every receiver, unsubscribe and change is emitted exactly once', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const added = trigger({ event: 'newReceiver' });
		const left = trigger({ event: 'receiverUnsubscribed' });
		const changed = trigger({ event: 'receiverUpdated' });
		for (const t of [added, left, changed]) await t.activate();
		const activatedAt = cr.sim.clock.now();
		const out = { added: [] as IDataObject[], left: [] as IDataObject[], changed: [] as IDataObject[] };
		for (let i = 0; i < 40; i++) {
			cr.sim.clock.advance(30);
			cr.sim.model.addReceiver(g.id, { email: `u${i}@example.com` });
			if (i % 3 === 2) cr.sim.model.unsubscribe(g.id, `u${i - 1}@example.com`);
			out.added.push(...((await added.tick()).items ?? []).map((x) => x.json));
			out.left.push(...((await left.tick()).items ?? []).map((x) => x.json));
			out.changed.push(...((await changed.tick()).items ?? []).map((x) => x.json));
		}
		out.added.push(...(await pollFor(cr, added, 600)));
		out.left.push(...(await pollFor(cr, left, 600)));
		out.changed.push(...(await pollFor(cr, changed, 600)));
		expect(sorted(out.added)).toEqual(Array.from({ length: 40 }, (_, i) => `u${i}@example.com`).sort());
		expect(sorted(out.left)).toEqual(Array.from({ length: 13 }, (_, k) => `u${3 * k + 1}@example.com`).sort());
		// A change undone by the next one before the search showed it was never visible: required are the others.
		const verdict = judge(cr.sim, out.changed, { kind: 'updated', activatedAt, endAt: cr.sim.clock.now(), settle: 300 });
		expect(verdict.required).toBeGreaterThanOrEqual(40);
		expect({ lost: verdict.lost, duplicated: verdict.duplicated, unexpected: verdict.unexpected }).toEqual({ lost: [], duplicated: [], unexpected: [] });
	});
});

describe('a strict API: only what real clients have been seen sending', () => {
	const { cr, trigger } = bed({ realism: { strictApi: 'reject' } });

	it('each event finds a way CleverReach accepts, remembers it, and names it in Fetch Test Event', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		cr.sim.model.bounce('a@example.com');
		const expected: Record<string, string> = {
			newReceiver: 'lists:registered',
			receiverUnsubscribed: 'search:deactivated',
			receiverBounced: 'bounces',
			mailingFinished: 'reports',
		};
		for (const [event, strategy] of Object.entries(expected)) {
			const t = trigger({ event });
			expect((await t.activate()).error).toBeUndefined();
			expect(Object.values(t.nodeStaticData)[0]).toMatchObject({ strategy });
		}
		const sample = await trigger({ event: 'receiverBounced' }).manual();
		expect(sample.items?.[0].json).toMatchObject({ email: 'a@example.com', _trigger: { strategy: 'bounces' }, bounce: { category: 'hardbounce' } });
		// Receiver Updated has no confirmed way: the activation fails and says what to do instead.
		const updated = await trigger({ event: 'receiverUpdated' }).activate();
		expect(updated.error?.message).toBe('CleverReach does not accept what the updated receiver event needs');
		expect(updated.error?.description).toMatch(/Instant Trigger/);
	});

	it('idle cost: one request per watched group with the per-group strategy, one with the account-wide search', async () => {
		const groups = ['A', 'B', 'C'].map((name) => cr.sim.model.createGroup({ name }).id);
		const perGroup = trigger({ event: 'newReceiver', watch: 'selected', groupIds: groups });
		const search = trigger({ event: 'receiverUnsubscribed' });
		await perGroup.activate();
		await search.activate();
		for (const [t, count] of [[perGroup, 3], [search, 1]] as const) {
			cr.sim.clock.advance(60);
			cr.sim.resetLog();
			expect((await t.tick()).items).toBeNull();
			expect(cr.sim.log).toHaveLength(count);
		}
	});

	it('a rule CleverReach starts refusing later (400) makes the trigger probe again and change strategy, quietly', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.config.realism.strictApi = 'off';
		const t = trigger({ event: 'receiverBounced' });
		await t.activate();
		expect(t.nodeStaticData['receiverBounced|all']).toMatchObject({ strategy: 'search:bounced' });
		cr.sim.config.realism.strictApi = 'reject';
		cr.sim.model.addReceiver(g.id, { email: 'b@example.com' });
		cr.sim.clock.advance(30);
		cr.sim.model.bounce('b@example.com');
		const out = await pollFor(cr, t, 180);
		expect(emails(out)).toEqual(['b@example.com']);
		expect(t.nodeStaticData['receiverBounced|all']).toMatchObject({ strategy: 'bounces' });
		expect(t.reportedErrors).toEqual([]);
	});
});

describe('an API that silently ignores what it does not know', () => {
	const { cr, trigger } = bed({ realism: { strictApi: 'ignore' } });

	it('is noticed (rows outside the asked window): the trigger falls back instead of reading the whole account every minute', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.model.bulkInsert(g.id, Array.from({ length: 2000 }, (_, i) => ({ email: `old${i}@example.com` })));
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		expect(t.nodeStaticData['newReceiver|all']).toMatchObject({ strategy: 'lists:registered' });
		cr.sim.clock.advance(60);
		expect(await t.pollOk()).toEqual([]); // lists the account's groups once (again every 10 minutes)
		cr.sim.clock.advance(60);
		cr.sim.model.addReceiver(g.id, { email: 'new@example.com' });
		cr.sim.resetLog();
		expect(emails(await t.pollOk())).toEqual(['new@example.com']);
		expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual([`GET /v3/groups/${g.id}/receivers`]);
	});
});

describe('rows without local attributes and tags', () => {
	const { cr, trigger } = bed({ realism: { searchRowsLackDetails: true } });

	it('"Include Full Details" still delivers tags and local attributes (read per receiver)', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.model.createAttribute({ name: 'shoe', type: 'number' }, g.id);
		const t = trigger({ event: 'newReceiver', includeDetails: true });
		await t.activate();
		cr.sim.clock.advance(10);
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com', tags: ['vip'], attributes: { shoe: 44 } });
		const [item] = await t.pollOk();
		expect(item).toMatchObject({ email: 'a@example.com', tags: ['vip'], attributes: { shoe: '44' }, events: expect.any(Array) });
	});
});

describe('ties and bursts within one second', () => {
	const { cr, trigger } = bed({ realism: { unstableTies: true, pageCaps: { filter: 500, bounces: 500 }, seed: 8 } });

	it('6,000 receivers added in one second (search capped at 500 rows, ties in any order) are emitted once each', async () => {
		const g = cr.sim.model.createGroup({ name: 'Import' });
		const t = trigger({ event: 'newReceiver', options: { maxEvents: 2500 } });
		const left = trigger({ event: 'receiverUnsubscribed', options: { maxEvents: 2500 } });
		await t.activate();
		await left.activate();
		cr.sim.clock.advance(5);
		for (let i = 0; i < 6000; i++) cr.sim.model.addReceiver(g.id, { email: `u${String(i).padStart(4, '0')}@example.com` });
		cr.sim.clock.advance(5);
		for (let i = 0; i < 6000; i += 2) cr.sim.model.unsubscribe(g.id, `u${String(i).padStart(4, '0')}@example.com`);
		const added = await pollFor(cr, t, 600);
		expect(added).toHaveLength(6000);
		expect(new Set(emails(added)).size).toBe(6000);
		const unsubscribed = await pollFor(cr, left, 600);
		expect(new Set(emails(unsubscribed)).size).toBe(3000);
		expect(unsubscribed).toHaveLength(3000);
	});
});

describe('n8n’s scheduler', () => {
	const { cr, trigger } = bed({ virtualTime: true, config: {} });

	it('a tick that starts while the same trigger’s poll is running emits nothing and changes nothing', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		cr.sim.clock.advance(60);
		for (let i = 0; i < 12_000; i++) cr.sim.model.addReceiver(g.id, { email: `u${i}@example.com` });
		cr.sim.faults.add({ kind: 'delay', delayMs: 30, times: 3 });
		const first = t.tick();
		await new Promise((resolve) => setImmediate(resolve));
		expect(t.running).toBe(1);
		const before = JSON.stringify(t.nodeStaticData);
		const second = await t.tick();
		expect(second.items).toBeNull();
		expect(second.error).toBeUndefined();
		expect(JSON.stringify(t.nodeStaticData)).toBe(before);
		const done = await first;
		expect(done.items?.length).toBe(1000);
		const rest = await pollFor(cr, t, 900);
		expect(new Set([...(done.items ?? []).map((i) => String(i.json.email)), ...emails(rest)]).size).toBe(12_000);
		expect((done.items?.length ?? 0) + rest.length).toBe(12_000);
	});

	it('under the durable scheduler every poll stops within its 36 s budget where the next continues; none is abandoned', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'receiverUnsubscribed', options: { maxEvents: 10_000 } }, 'durableCursors');
		await t.activate();
		cr.sim.clock.advance(60);
		cr.sim.model.bulkInsert(g.id, Array.from({ length: 9000 }, (_, i) => ({ email: `u${i}@example.com`, deactivated: cr.sim.clock.now() - 30 + (i % 30) })));
		cr.sim.config.requestLatencyMs = 2_500; // a slow CleverReach: 2.5 s per request
		const results = [];
		const emitted: IDataObject[] = [];
		for (let i = 0; i < 40 && emitted.length < 9000; i++) {
			const r = await t.tick();
			results.push(r);
			emitted.push(...(r.items ?? []).map((x) => x.json));
			cr.sim.clock.advance(60);
		}
		expect(results.some((r) => r.abandoned)).toBe(false);
		expect(Math.max(...results.map((r) => r.durationMs))).toBeLessThanOrEqual(36_000);
		expect(results.length).toBeGreaterThan(2);
		expect(new Set(emails(emitted)).size).toBe(9000);
		expect(emitted).toHaveLength(9000);
	});

	it('retries stop when the budget ends: a Retry-After longer than what is left fails the poll quietly, the next one delivers', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		const t = trigger({ event: 'receiverUnsubscribed' }, 'durableCursors');
		await t.activate();
		cr.sim.clock.advance(60);
		cr.sim.model.unsubscribe(g.id, 'a@example.com');
		cr.sim.faults.add({ method: 'POST', path: FILTER, status: 429, retryAfter: 40, times: 1 });
		const slow = await t.tick();
		expect(slow.abandoned).toBe(false);
		expect(slow.durationMs).toBeLessThan(36_000);
		expect(slow.items).toBeNull();
		expect(slow.error).toBeUndefined();
		cr.sim.clock.advance(60);
		expect(emails((await t.tick()).items?.map((i) => i.json) ?? [])).toEqual(['a@example.com']);
	});
});

describe('restarts at any moment lose nothing and repeat nothing', () => {
	for (const scheduler of ['memory', 'durableCursors'] as const) {
		describe(scheduler, () => {
			const { cr, trigger } = bed({ realism: { searchLag: { min: 0, max: 120 }, seed: 5 } });

			it('after an activation with nothing to emit, after empty polls and in the middle of a catch-up', async () => {
				const g = cr.sim.model.createGroup({ name: 'G' });
				const t = trigger({ event: 'newReceiver', options: { maxEvents: 400 } }, scheduler);
				await t.activate();
				const all: IDataObject[] = [];
				const collect = (r: { items: Array<{ json: IDataObject }> | null }) => all.push(...(r.items ?? []).map((i) => i.json));
				collect(await t.restart()); // right after the activation
				for (let i = 0; i < 5; i++) {
					cr.sim.clock.advance(60);
					collect(await t.tick()); // empty polls: their changes reach the database only with the next emit
				}
				collect(await t.restart());
				cr.sim.model.addReceiver(g.id, { email: 'one@example.com' });
				for (let i = 0; i < 1500; i++) cr.sim.model.addReceiver(g.id, { email: `bulk${i}@example.com` });
				cr.sim.clock.advance(200);
				collect(await t.tick()); // a catch-up of 1,501 in pieces of 400 ...
				collect(await t.restart()); // ... interrupted
				for (let i = 0; i < 12; i++) {
					cr.sim.clock.advance(60);
					collect(await t.tick());
					if (i === 3) collect(await t.restart());
				}
				expect(all).toHaveLength(1501);
				expect(new Set(emails(all)).size).toBe(1501);
			});
		});
	}
});

describe('quiet on transient trouble', () => {
	const { cr, trigger } = bed({});

	it('20 minutes of 503 and 429: no failed execution, then everything once', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		cr.sim.faults.add({ status: 503, times: Infinity });
		for (let i = 0; i < 20; i++) {
			cr.sim.clock.advance(60);
			cr.sim.model.addReceiver(g.id, { email: `u${i}@example.com` });
			const r = await t.tick();
			expect(r.error).toBeUndefined();
			expect(r.items).toBeNull();
		}
		cr.sim.faults.clear();
		cr.sim.faults.add({ status: 429, retryAfter: 1, times: 6 });
		expect(t.reportedErrors).toEqual([]);
		const out = await pollFor(cr, t, 180);
		expect(sorted(out)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}@example.com`).sort());
		expect(t.reportedErrors).toEqual([]);
	});

	it('an outage longer than "Report Failures After" is reported once, with what happens next', async () => {
		cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'receiverUnsubscribed', options: { reportAfterMinutes: 30 } });
		await t.activate();
		cr.sim.faults.add({ status: 502, times: Infinity });
		for (let i = 0; i < 60; i++) {
			cr.sim.clock.advance(60);
			await t.tick();
		}
		expect(t.reportedErrors).toHaveLength(1);
		expect(t.reportedErrors[0].message).toMatch(/^CleverReach is unavailable \(HTTP 502\)/);
		expect((t.reportedErrors[0] as { description?: string }).description).toMatch(/failing for 30 minute\(s\).*keeps its position/);
	});

	it('an authorization problem is reported at once, once; after reconnecting the trigger continues where it stopped', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		cr.sim.clock.advance(5);
		cr.sim.model.addReceiver(g.id, { email: 'late@example.com' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.oauth.revokeRefreshTokens();
		for (let i = 0; i < 5; i++) {
			cr.sim.clock.advance(60);
			await t.tick();
		}
		expect(t.reportedErrors).toHaveLength(1);
		expect(t.reportedErrors[0].message).toBe('CleverReach authorization expired or was revoked: reconnect the CleverReach credential');
		cr.credentials.data.oauthTokenData = { ...cr.sim.oauth.issueToken({ clientId: 'n8n-test-client' }), token_type: 'bearer' };
		expect(emails(await pollFor(cr, t, 60))).toEqual(['late@example.com']);
	});
});

describe('Mailing Finished, whatever order CleverReach lists mailings in', () => {
	const { cr, trigger } = bed({ realism: { listOrder: 'random', seed: 13 } });

	it('finds a draft prepared before 25 newer sent mailings when it finishes; a report that keeps failing does not block later ones', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		const create = (name: string) =>
			String((cr.sim.model.createMailing({ name, subject: 'S', content: { type: 'html', html: '<p>x</p>' }, receivers: { groups: [g.id] } }) as IDataObject).id);
		const old = create('Prepared long ago');
		for (let i = 0; i < 30; i++) {
			cr.sim.clock.advance(3600);
			cr.sim.model.finishMailing(create(`Sent ${i}`));
		}
		const t = trigger({ event: 'mailingFinished', includeReport: true });
		await t.activate();
		cr.sim.clock.advance(60);
		cr.sim.model.finishMailing(old);
		const first = await pollFor(cr, t, 60);
		expect(first.map((m) => m.name)).toEqual(['Prepared long ago']);
		expect(first[0]).toMatchObject({ state: 'finished', report: { stats: { basic: expect.objectContaining({ sent: 1 }) } } });

		const broken = create('Report broken');
		const fine = create('Fine');
		cr.sim.model.finishMailing(broken);
		cr.sim.clock.advance(1);
		cr.sim.model.finishMailing(fine);
		cr.sim.faults.add({ method: 'GET', path: `/v3/reports/${broken}`, status: 500, times: Infinity });
		const out: IDataObject[] = [];
		for (let i = 0; i < 5; i++) out.push(...(await pollFor(cr, t, 60)));
		expect(out.map((m) => m.name ?? m.id)).toEqual(['Fine', broken]);
		expect(out[1]).toMatchObject({ id: broken, detailsError: expect.stringMatching(/HTTP 500/) });
		expect(t.reportedErrors).toEqual([]);
	});
});

describe('durable cursors: the activation poll’s cursor is not committed when it emits nothing', () => {
	const { cr, trigger } = bed({});

	it('a receiver added in the first minute after publishing is still emitted, once', async () => {
		const g = cr.sim.model.createGroup({ name: 'G' });
		for (const event of ['newReceiver', 'receiverUnsubscribed'] as const) {
			const t = trigger({ event }, 'durableCursors');
			expect((await t.activate()).error).toBeUndefined();
			expect(t.cursorJson).toBeUndefined(); // n8n threw the activation poll's cursor away
			cr.sim.clock.advance(20);
			cr.sim.model.addReceiver(g.id, { email: `first-minute-${event}@example.com` });
			cr.sim.model.unsubscribe(g.id, `first-minute-${event}@example.com`);
			cr.sim.clock.advance(40);
			const out = await pollFor(cr, t, 600);
			expect(emails(out)).toEqual([`first-minute-${event}@example.com`]);
		}
	});
});
