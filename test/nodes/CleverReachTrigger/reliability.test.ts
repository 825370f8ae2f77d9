/**
 * CleverReach Trigger under failure and load, against the simulator: a catch-up after downtime (whole, or over
 * several polls), a poll failing half way, deletions while a catch-up is read, a token expiring mid-poll, and the
 * size of the state with bursts.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../harness/simulator';
import type { SimRequest } from '../../simulator/index.ts';

const cr = useSimulator();
const FILTER = '/v3/receivers/filter';
const TWO_DAYS = 2 * 24 * 3600;

/** Activates an Unsubscribed trigger, then `count` receivers unsubscribe over two days of downtime. */
async function downtime(count: number, options: IDataObject = {}) {
	const g = cr.sim.model.createGroup({ name: 'Shop' });
	const t = cr.trigger({ event: 'receiverUnsubscribed', watch: 'all', options: options as never });
	await t.activate();
	const start = cr.sim.clock.now();
	cr.sim.clock.advance(TWO_DAYS);
	cr.sim.model.bulkInsert(
		g.id,
		Array.from({ length: count }, (_, i) => ({ email: `gone${i}@example.com`, deactivated: start + 1 + Math.floor((i * TWO_DAYS) / count) })),
	);
	cr.sim.resetLog();
	return { g, t, start };
}

function expectAllOnceInOrder(items: IDataObject[], count: number) {
	expect(items).toHaveLength(count);
	expect(new Set(items.map((i) => i.email)).size).toBe(count);
	const times = items.map((i) => Number(i.deactivated));
	expect(times).toEqual([...times].sort((a, b) => a - b));
}

describe('CleverReach Trigger: reliability', () => {
	it('catches up on 12,000 unsubscribes after two days of downtime: over polls of 1,000, oldest first, each once', async () => {
		const { t } = await downtime(12_000);
		const all: IDataObject[] = [];
		for (let i = 0; i < 13; i++) {
			const items = await t.pollOk();
			expect(items.length).toBeLessThanOrEqual(1000);
			all.push(...items);
			cr.sim.clock.advance(60);
		}
		expectAllOnceInOrder(all, 12_000);
		expect(await t.pollOk()).toEqual([]);
		// Windows of at most 500 rows, never page numbers over a moving result.
		for (const req of cr.sim.requests({ method: 'POST', path: FILTER })) expect(req.body).toMatchObject({ page: 0, pagesize: 500 });
	});

	it('with "Max Events per Poll" 10,000 the same catch-up takes two polls', async () => {
		const { t } = await downtime(12_000, { maxEvents: 10_000 });
		const first = await t.pollOk();
		cr.sim.clock.advance(60);
		const second = await t.pollOk();
		expect(first).toHaveLength(10_000);
		expectAllOnceInOrder([...first, ...second], 12_000);
	});

	it('a poll failing half way emits nothing and keeps its position (quietly); the next poll delivers everything once', async () => {
		const { t } = await downtime(3_000, { maxEvents: 10_000 });
		const before = JSON.stringify(t.nodeStaticData);
		cr.sim.faults.add({ method: 'POST', path: FILTER, status: 500, skip: 3, times: 1 });
		const failed = await t.tick();
		expect(failed.items).toBeNull();
		expect(failed.error).toBeUndefined();
		expect(cr.sim.requests({ method: 'POST', path: FILTER }).map((e) => e.status)).toContain(500);
		const after = { ...(Object.values(t.nodeStaticData)[0] as IDataObject) };
		delete after.fail;
		expect(JSON.stringify({ 'receiverUnsubscribed|all': after })).toBe(before);
		expectAllOnceInOrder(await t.pollOk(), 3_000);
	});

	it('receivers deleted while a catch-up is being read do not make later rows skipped', async () => {
		const { g, t } = await downtime(6_000, { maxEvents: 10_000 });
		const handle = cr.sim.handle.bind(cr.sim);
		let searched = 0;
		cr.sim.handle = async (req: SimRequest) => {
			const res = await handle(req);
			if (req.url.includes('/receivers/filter') && ++searched === 2) {
				for (let i = 100; i < 120; i++) cr.sim.model.deleteReceiver(g.id, `gone${i}@example.com`);
			}
			return res;
		};
		const items = await t.pollOk();
		const deleted = new Set(Array.from({ length: 20 }, (_, i) => `gone${100 + i}@example.com`));
		// The 20 may or may not have been read before they were deleted; every other one is there, once.
		const others = items.filter((i) => !deleted.has(String(i.email)));
		expectAllOnceInOrder(others, 5_980);
	});

	it('an access token that expires mid-poll is refreshed by n8n and the poll completes', async () => {
		const { t } = await downtime(3_000, { maxEvents: 10_000 });
		const handle = cr.sim.handle.bind(cr.sim);
		let searched = 0;
		cr.sim.handle = async (req: SimRequest) => {
			const res = await handle(req);
			if (req.url.includes('/receivers/filter') && ++searched === 1) cr.sim.oauth.expireAccessTokens();
			return res;
		};
		const oldToken = cr.credentials.data.oauthTokenData?.access_token;
		expectAllOnceInOrder(await t.pollOk(), 3_000);
		expect(cr.sim.log.filter((e) => e.status === 401)).toHaveLength(1);
		expect(cr.sim.requests({ path: '/oauth/token.php' }).map((e) => e.status)).toEqual([200]);
		expect(cr.credentials.updates).toHaveLength(1);
		expect(cr.credentials.data.oauthTokenData?.access_token).not.toBe(oldToken);
	});

	it('the state stays small (≤ 16 KB; a few hundred bytes when idle) after many polls with bursts in the same second', async () => {
		const g = cr.sim.model.createGroup({ name: 'Busy' });
		const triggers = ['newReceiver', 'receiverUpdated', 'receiverUnsubscribed'].map((event) => cr.trigger({ event, watch: 'all' }));
		for (const t of triggers) await t.activate();
		let n = 0;
		let emitted = 0;
		let largest = 0;
		for (let poll = 0; poll < 80; poll++) {
			cr.sim.clock.advance(poll % 5 === 0 ? 0 : 7);
			for (let k = 0; k < (poll % 7) * 12; k++) {
				const email = `r${n++}@example.com`;
				cr.sim.model.addReceiver(g.id, { email });
				if (k % 2) cr.sim.model.unsubscribe(g.id, email);
			}
			for (const t of triggers) {
				emitted += (await t.pollOk()).length;
				largest = Math.max(largest, t.staticDataSize);
			}
		}
		for (let round = 0; round < 5; round++) {
			cr.sim.clock.advance(300);
			for (const t of triggers) emitted += (await t.pollOk()).length;
		}
		// New receivers + unsubscribes + changes (an unsubscribe in the second of the sign-up is one change with it).
		expect(emitted).toBe(n + Math.floor(n / 2) + n);
		expect(largest).toBeLessThanOrEqual(16 * 1024);
		for (const t of triggers) expect(t.staticDataSize).toBeLessThan(400);
	});
});
