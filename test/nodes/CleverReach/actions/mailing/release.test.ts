import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

const SEND_SECONDS = 60; // simulator default: a released mailing runs 60 s, then is finished

describe('Mailing › Release (Send)', () => {
	// The simulator follows real time here, so "now" in the node and in the simulator agree.
	const cr = useSimulator({ clock: 'real' });

	it('sends now: draft → running → finished as the clock advances, with a report afterwards', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const before = Math.floor(Date.now() / 1000);
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(id), when: 'now' });
		expect(error).toBeUndefined();
		const call = apiCalls(cr.sim)[0];
		expect(call).toMatchObject({ method: 'POST', path: `/v3/mailings/${id}/release` });
		const time = (call.body as { time: number }).time;
		expect(time).toBeGreaterThanOrEqual(before);
		expect(time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
		expect(items![0].json).toEqual({ id, released: true, time, sendAt: new Date(time * 1000).toISOString() });

		// The simulator clamps a "now" that is already past by the time it arrives to its own now (≤ 1 s later).
		const sendOn = cr.sim.model.getMailing(id).send_on as number;
		expect(sendOn - time).toBeGreaterThanOrEqual(0);
		expect(sendOn - time).toBeLessThanOrEqual(1);
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
		expect(apiCalls(cr.sim)[0].body).toEqual({ time: at });
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
		const [first, second] = apiCalls(cr.sim).map((c) => (c.body as { time: number }).time);
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
		expect(cr.sim.log).toHaveLength(0);
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
		expect(apiCalls(cr.sim).map((c) => c.status)).toEqual([200, 400]);
	});
});
