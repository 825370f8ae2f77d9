import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

const SEND_SECONDS = 60; // simulator default: a released mailing runs 60 s, then is finished

describe('Mailing › Release (Send)', () => {
	// The simulator follows real time here, so "now" in the node and in the simulator agree.
	const cr = useSimulator({ clock: 'real' });

	it('sends now: 60 s ahead of CleverReach’s clock, then running and finished, with a report afterwards', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const before = cr.sim.clock.now();
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(id), when: 'now' });
		expect(error).toBeUndefined();
		const calls = apiCalls(cr.sim);
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /v3/mailings/${id}`, `POST /v3/mailings/${id}/release`, `GET /v3/mailings/${id}`]);
		const time = (calls[1].body as { time: number }).time;
		expect(time - before).toBeGreaterThanOrEqual(60);
		expect(time - cr.sim.clock.now()).toBeLessThanOrEqual(60);
		// The output is the mailing as CleverReach stored it, and when it goes out.
		expect(items![0].json).toMatchObject({ id, state: 'waiting', send_on: time, released: true, time, sendAt: new Date(time * 1000).toISOString() });
		expect(items![0].json).not.toHaveProperty('body_html');

		const sendOn = cr.sim.model.getMailing(id).send_on as number;
		expect(sendOn).toBe(time);
		cr.sim.clock.set(sendOn);
		expect(cr.sim.model.getMailing(id).state).toBe('running');
		cr.sim.clock.set(sendOn + SEND_SECONDS);
		const get = await cr.run({ resource: 'mailing', operation: 'get', mailingId: rl(id) });
		expect(get.items![0].json).toMatchObject({ id, state: 'finished', started: sendOn, finished: sendOn + SEND_SECONDS });
		expect(cr.sim.model.reports.get(id)?.recipients.size).toBe(2);
	});

	it('schedules: waiting until the scheduled time, then running, then finished', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const now = cr.sim.clock.now();
		const at = now + 3600;
		const { items, error } = await cr.run({
			resource: 'mailing',
			operation: 'release',
			mailingId: rl(id),
			when: 'scheduled',
			scheduledTime: new Date(at * 1000).toISOString(),
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim, 'POST')[0].body).toEqual({ time: at });
		expect(items![0].json).toMatchObject({ id, released: true, time: at });
		expect(cr.sim.model.getMailing(id)).toMatchObject({ state: 'waiting', send_on: at });
		cr.sim.clock.set(at + 1);
		expect(cr.sim.model.getMailing(id).state).toBe('running');
		cr.sim.clock.set(at + SEND_SECONDS);
		expect(cr.sim.model.getMailing(id).state).toBe('finished');
	});

	it('reads a scheduled time without offset in the workflow timezone, and accepts unix seconds', async () => {
		const group = seedGroup(cr.sim);
		const a = seedDraft(cr.sim, group.id);
		const b = seedDraft(cr.sim, group.id);
		// The harness workflow has no timezone setting, so n8n's default (America/New_York) applies: EDT = UTC-4.
		await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(a), when: 'scheduled', scheduledTime: '2099-05-01T09:30:00' });
		await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(b), when: 'scheduled', scheduledTime: '={{ 4081824000 }}' });
		const [first, second] = apiCalls(cr.sim, 'POST').map((c) => (c.body as { time: number }).time);
		expect(first).toBe(Date.parse('2099-05-01T13:30:00Z') / 1000);
		expect(second).toBe(4081824000);
	});

	it('refuses a scheduled time in the past before sending anything', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { error } = await cr.run({
			resource: 'mailing',
			operation: 'release',
			mailingId: rl(id),
			when: 'scheduled',
			scheduledTime: '2020-01-01T00:00:00Z',
		});
		expect(error?.message).toBe(
			'Scheduled Time 2020-01-01T00:00:00.000Z is in the past: choose a future time or Send "Now"',
		);
		expect(error?.context?.itemIndex).toBe(0);
		// Only CleverReach's clock was read (with the mailing): nothing was released.
		expect(apiCalls(cr.sim).map((c) => c.method)).toEqual(['GET']);
		expect(cr.sim.model.getMailing(id).state).toBe('draft');
	});

	it('refuses a scheduled time that is not a date', async () => {
		const { error } = await cr.run({
			resource: 'mailing',
			operation: 'release',
			mailingId: rl('123'),
			when: 'scheduled',
			scheduledTime: '={{ "next tuesday" }}',
		});
		expect(error?.message).toBe('Scheduled Time "next tuesday" is not a valid date');
		expect(cr.sim.log).toHaveLength(0);
	});

	it('reports an unknown mailing ID', async () => {
		const { error } = await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl('999'), when: 'now' });
		expect(error?.message).toBe('Mailing 999 was not found (CleverReach: Not Found: invalid mailing)');
		expect(error?.httpCode).toBe('404');
	});

	it("passes on CleverReach's refusal to release a mailing twice", async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(id), when: 'now' });
		const again = await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(id), when: 'now' });
		expect(again.error?.message).toBe('CleverReach rejected the request: Bad Request: mailing is not a draft');
		expect(apiCalls(cr.sim, 'POST').map((c) => c.status)).toEqual([200, 400]);
		expect(again.error?.context?.mayHaveBeenApplied).toBe(false);
	});
});
