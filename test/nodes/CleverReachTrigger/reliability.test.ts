/**
 * CleverReach Trigger under failure and load, against the simulator: a poll failing half way, catch-up after
 * downtime, token expiry mid-poll, rate limiting, late items, and the static-data size bound.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { MAX_KEYS } from '../../../nodes/CleverReachTrigger/cursor';
import { POLL_LIMITS } from '../../../nodes/CleverReachTrigger/events/common';
import { RETRY_POLICY } from '../../../nodes/shared/transport';
import { PollRunner } from '../../harness/poll';
import { useSimulator } from '../../harness/simulator';
import type { SimRequest } from '../../simulator/index.ts';

const cr = useSimulator();
const FILTER = '/v3/receivers/filter';
const TWO_DAYS = 2 * 24 * 3600;

/** Activates a New Receiver trigger on an empty group, then adds `count` receivers spread over two days. */
async function downtime(count: number) {
	const g = cr.sim.model.createGroup({ name: 'Shop' });
	const r = new PollRunner({ event: 'newReceiver', watch: 'all' }, cr.credentials);
	await r.pollOk();
	const start = cr.sim.clock.now();
	cr.sim.clock.advance(TWO_DAYS);
	cr.sim.model.bulkInsert(
		g.id,
		Array.from({ length: count }, (_, i) => ({
			email: `new${i}@example.com`,
			registered: start + 1 + Math.floor((i * TWO_DAYS) / count),
		})),
	);
	cr.sim.resetLog();
	return { g, r, start };
}

function expectAllOnceInOrder(items: IDataObject[], count: number) {
	expect(items).toHaveLength(count);
	expect(new Set(items.map((i) => i.email)).size).toBe(count);
	const times = items.map((i) => Number(i.registered));
	expect(times).toEqual([...times].sort((a, b) => a - b));
	expect(items[0].email).toBe('new0@example.com');
	expect(items[count - 1].email).toBe(`new${count - 1}@example.com`);
}

describe('CleverReach Trigger: reliability', () => {
	it('catches up on 12,000 receivers after two days of downtime, completely', async () => {
		const { r } = await downtime(12_000);
		const items = await r.pollOk();
		expectAllOnceInOrder(items, 12_000);
		const requests = cr.sim.requests({ method: 'POST', path: FILTER });
		expect(requests.length).toBeGreaterThanOrEqual(3);
		expect(requests.length).toBeLessThanOrEqual(4);
		// Each request starts where the previous one ended (no page numbers over a moving result).
		for (const req of requests) expect(req.body).toMatchObject({ page: 0, pagesize: 5000, orderby: 'registered asc' });
		expect(await r.pollOk()).toEqual([]);
	});

	it('a catch-up larger than one poll may hold continues over the next polls, cut at a second boundary', async () => {
		const { r } = await downtime(12_000);
		POLL_LIMITS.maxRowsPerPoll = 5_000;
		try {
			const first = await r.pollOk();
			const second = await r.pollOk();
			const third = await r.pollOk();
			expect(first.length).toBeGreaterThanOrEqual(4_900);
			expect(first.length).toBeLessThan(12_000);
			expect(Number(first.at(-1)?.registered)).toBeLessThan(Number(second[0].registered));
			expectAllOnceInOrder([...first, ...second, ...third], 12_000);
			expect(await r.pollOk()).toEqual([]);
		} finally {
			POLL_LIMITS.maxRowsPerPoll = 50_000;
		}
	});

	it('a poll failing on page 2 of 3 emits nothing and keeps the cursor; the next poll delivers everything once', async () => {
		const { r } = await downtime(12_000);
		const before = r.staticDataJson;
		cr.sim.faults.add({ method: 'POST', path: FILTER, status: 500, skip: 1, times: 1 });
		const failed = await r.poll();
		expect(failed.items).toBeNull();
		expect(failed.error?.message).toMatch(/^CleverReach is unavailable \(HTTP 500\)/);
		expect(failed.error?.httpCode).toBe('500');
		expect(cr.sim.requests({ method: 'POST', path: FILTER }).map((e) => e.status)).toEqual([200, 500]);
		expect(r.staticDataJson).toBe(before);
		expect(failed.staticDataChanged).toBe(false);

		expectAllOnceInOrder(await r.pollOk(), 12_000);
		expect(await r.pollOk()).toEqual([]);
	});

	it('receivers deleted while a catch-up is being read do not make later rows skipped (no page numbers)', async () => {
		const { g, r } = await downtime(12_000);
		const handle = cr.sim.handle.bind(cr.sim);
		let searched = 0;
		cr.sim.handle = async (req: SimRequest) => {
			const res = await handle(req);
			if (req.url.includes('/receivers/filter') && ++searched === 1) {
				// Between the first and the second request, 20 rows of the first 5,000 disappear.
				for (let i = 100; i < 120; i++) cr.sim.model.deleteReceiver(g.id, `new${i}@example.com`);
			}
			return res;
		};
		expectAllOnceInOrder(await r.pollOk(), 12_000); // the 20 were read before they were deleted
	});

	it('tolerates a CleverReach that ignores "orderby": activation still starts from now, catch-up still complete', async () => {
		const g = cr.sim.model.createGroup({ name: 'Unsorted' });
		cr.sim.model.bulkInsert(
			g.id,
			Array.from({ length: 6_000 }, (_, i) => ({ email: `old${i}@example.com`, registered: cr.sim.clock.now() - 6_000 + i })),
		);
		const handle = cr.sim.handle.bind(cr.sim);
		cr.sim.handle = async (req: SimRequest) => {
			const res = await handle(req);
			if (!req.url.includes('/receivers/filter') || res.status !== 200) return res;
			// Same rows, ignoring the asked order: the result sorted by email instead (stable across pages).
			const body = JSON.parse(String(req.body)) as IDataObject;
			const all = cr.sim.model.filterReceivers({ ...body, orderby: 'email asc' });
			return { ...res, body: JSON.stringify(all) };
		};
		const r = new PollRunner({ event: 'newReceiver', watch: 'all' }, cr.credentials);
		expect((await r.poll()).items).toBeNull();
		expect(r.nodeStaticData['newReceiver:registered|all']).toMatchObject({ since: cr.sim.clock.now() - 1 });
		cr.sim.clock.advance(TWO_DAYS);
		cr.sim.model.bulkInsert(
			g.id,
			Array.from({ length: 7_000 }, (_, i) => ({ email: `new${i}@example.com`, registered: cr.sim.clock.now() - 7_000 + i })),
		);
		expectAllOnceInOrder(await r.pollOk(), 7_000);
		expect(await r.pollOk()).toEqual([]);
	});

	it('an access token that expires mid-poll is refreshed by n8n and the poll completes', async () => {
		const { r } = await downtime(7_000);
		const handle = cr.sim.handle.bind(cr.sim);
		let searched = 0;
		cr.sim.handle = async (req: SimRequest) => {
			const res = await handle(req);
			if (req.url.includes('/receivers/filter') && ++searched === 1) cr.sim.oauth.expireAccessTokens();
			return res;
		};
		const oldToken = cr.credentials.data.oauthTokenData?.access_token;
		expectAllOnceInOrder(await r.pollOk(), 7_000);
		expect(cr.sim.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
			`POST ${FILTER} 200`,
			`POST ${FILTER} 401`,
			'POST /oauth/token.php 200',
			`POST ${FILTER} 200`,
		]);
		expect(cr.credentials.updates).toHaveLength(1);
		expect(cr.credentials.data.oauthTokenData?.access_token).not.toBe(oldToken);
	});

	it('429 after every retry: a clear error, the cursor stays, the next poll catches up', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const r = new PollRunner({ event: 'receiverUnsubscribed', watch: 'all' }, cr.credentials);
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		await r.pollOk();
		const before = r.staticDataJson;
		cr.sim.clock.advance(30);
		cr.sim.model.unsubscribe(g.id, 'a@example.com');
		cr.sim.faults.add({ method: 'POST', path: FILTER, status: 429, retryAfter: 1, times: Infinity });
		cr.sim.resetLog();
		const failed = await r.poll();
		expect(failed.error?.httpCode).toBe('429');
		expect(failed.error?.message).toMatch(/^CleverReach rate limit reached \(gave up after 6 attempts over 5 s\)/);
		expect(cr.sim.log).toHaveLength(RETRY_POLICY.maxAttempts);
		expect(r.staticDataJson).toBe(before);

		cr.sim.faults.clear();
		cr.sim.clock.advance(300);
		const out = await r.pollOk();
		expect(out.map((i) => i.email)).toEqual(['a@example.com']);
		expect(await r.pollOk()).toEqual([]);
	});

	it('an expired authorization (refresh refused) fails the poll clearly and keeps the cursor', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const r = new PollRunner({ event: 'newReceiver', watch: 'all' }, cr.credentials);
		await r.pollOk();
		const before = r.staticDataJson;
		cr.sim.clock.advance(5);
		cr.sim.model.addReceiver(g.id, { email: 'late@example.com' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.oauth.revokeRefreshTokens();
		const failed = await r.poll();
		expect(failed.error?.httpCode).toBe('401');
		expect(failed.error?.message).toBe('CleverReach authorization expired or was revoked: reconnect the CleverReach credential');
		expect(r.staticDataJson).toBe(before);
		// Reconnected: the receiver added meanwhile is delivered.
		cr.credentials.data.oauthTokenData = { ...cr.sim.oauth.issueToken({ clientId: 'n8n-test-client' }), token_type: 'bearer' };
		expect((await r.pollOk()).map((i) => i.email)).toEqual(['late@example.com']);
	});

	it('emits a late item (timestamp inside the late window, after the cursor passed it) exactly once', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const r = new PollRunner({ event: 'newReceiver', watch: 'all' }, cr.credentials);
		await r.pollOk();
		cr.sim.clock.advance(100);
		cr.sim.model.addReceiver(g.id, { email: 'first@example.com' });
		expect((await r.pollOk()).map((i) => i.email)).toEqual(['first@example.com']);
		const cursor = cr.sim.clock.now();
		cr.sim.clock.advance(10);
		// Shows up now, but registered 40 s before the cursor (e.g. an import with its own timestamps).
		cr.sim.model.addReceiver(g.id, { email: 'late@example.com', registered: cursor - 40 });
		const late = await r.pollOk();
		expect(late.map((i) => i.email)).toEqual(['late@example.com']);
		expect(late[0].registered).toBe(cursor - 40);
		expect(await r.pollOk()).toEqual([]);
		cr.sim.clock.advance(30);
		expect(await r.pollOk()).toEqual([]);
		// Older than the late window: outside the guarantee (documented), not emitted.
		cr.sim.model.addReceiver(g.id, { email: 'too-late@example.com', registered: cursor - 600 });
		expect(await r.pollOk()).toEqual([]);
	});

	it('static data stays under 2 KB per event after many polls with bursts in the same second', async () => {
		const g = cr.sim.model.createGroup({ name: 'Busy' });
		const runners = ['newReceiver', 'receiverUpdated', 'receiverUnsubscribed'].map(
			(event) => new PollRunner({ event, watch: 'all' }, cr.credentials),
		);
		for (const r of runners) await r.pollOk();
		let n = 0;
		let emitted = 0;
		let largest = 0;
		for (let poll = 0; poll < 80; poll++) {
			cr.sim.clock.advance(poll % 5 === 0 ? 0 : 7);
			for (let k = 0; k < (poll % 7) * 3; k++) {
				const email = `r${n++}@example.com`;
				cr.sim.model.addReceiver(g.id, { email });
				if (k % 2) cr.sim.model.unsubscribe(g.id, email);
			}
			for (const r of runners) {
				emitted += (await r.pollOk()).length;
				largest = Math.max(largest, r.staticDataSize);
			}
		}
		expect(emitted).toBeGreaterThan(2 * n);
		expect(largest).toBeLessThan(2048);
		for (const r of runners) {
			const [state] = Object.values(r.nodeStaticData) as Array<{ keys: string[] }>;
			expect(state.keys.length).toBeLessThanOrEqual(MAX_KEYS);
		}
	});
});
