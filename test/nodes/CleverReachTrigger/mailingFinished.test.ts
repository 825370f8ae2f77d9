/** CleverReach Trigger, Mailing Finished, against the simulator. */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { PollRunner } from '../../harness/poll';
import { useSimulator } from '../../harness/simulator';

const cr = useSimulator();

function mailing(groupId: string, name: string): string {
	return String(
		cr.sim.model.createMailing({
			name,
			subject: `${name} subject`,
			sender_name: 'Shop',
			sender_email: 'news@example.com',
			content: { type: 'html', html: '<p>Hello <a href="https://example.com/a">A</a></p>' },
			receivers: { groups: [groupId] },
		}).id,
	);
}

describe('CleverReach Trigger: Mailing Finished', () => {
	it('emits a mailing that goes draft → running → finished between polls once, with its report figures', async () => {
		const g = cr.sim.model.createGroup({ name: 'News' });
		for (const e of ['a', 'b', 'c']) cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		const old = mailing(g.id, 'Old');
		cr.sim.model.finishMailing(old);
		cr.sim.clock.advance(100);

		const r = new PollRunner({ event: 'mailingFinished', watch: 'all', includeReport: true }, cr.credentials);
		expect((await r.poll()).items).toBeNull(); // activation: the old mailing is history
		const id = mailing(g.id, 'Spring sale');
		cr.sim.clock.advance(60);
		expect(await r.pollOk()).toEqual([]); // draft
		cr.sim.model.releaseMailing(id);
		cr.sim.clock.advance(30);
		expect(await r.pollOk()).toEqual([]); // running
		expect(cr.sim.model.getMailing(id).state).toBe('running');
		cr.sim.clock.advance(60);
		cr.sim.model.settle(); // finished now; the report collects opens and bounces
		cr.sim.model.openMailing(id, 'a@example.com');
		cr.sim.model.bounceMailing(id, 'c@example.com');
		cr.sim.resetLog();
		const out = await r.pollOk();
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ id, name: 'Spring sale', state: 'finished', finished: expect.any(Number) });
		expect((out[0].report as IDataObject).stats).toEqual({
			basic: expect.objectContaining({ sent: 3, unique_opened: 1, bounced: 1, delivered: 2 }),
		});
		expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /v3/mailings', `GET /v3/reports/${id}`]);
		expect(cr.sim.log[0].query).toEqual({ state: 'finished', limit: '25' });

		cr.sim.resetLog();
		cr.sim.clock.advance(60);
		expect(await r.pollOk()).toEqual([]);
		expect(cr.sim.log).toHaveLength(1); // idle: one list request, no report
	});

	it('without "Include Report" makes no report request; selected groups filter the mailings', async () => {
		const a = cr.sim.model.createGroup({ name: 'A' });
		const b = cr.sim.model.createGroup({ name: 'B' });
		cr.sim.model.addReceiver(a.id, { email: 'x@example.com' });
		cr.sim.model.addReceiver(b.id, { email: 'y@example.com' });
		const r = new PollRunner(
			{ event: 'mailingFinished', watch: 'selected', groupIds: [b.id], includeReport: false },
			cr.credentials,
		);
		await r.pollOk();
		cr.sim.clock.advance(10);
		cr.sim.model.finishMailing(mailing(a.id, 'To A'));
		cr.sim.model.finishMailing(mailing(b.id, 'To B'));
		cr.sim.resetLog();
		const out = await r.pollOk();
		expect(out.map((m) => m.name)).toEqual(['To B']);
		expect(out[0]).not.toHaveProperty('report');
		expect(cr.sim.requests({ path: /^\/v3\/reports/ })).toHaveLength(0);
	});

	it('catches up on more finished mailings than one list answer holds', async () => {
		const g = cr.sim.model.createGroup({ name: 'Many' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		const r = new PollRunner({ event: 'mailingFinished', watch: 'all', includeReport: false }, cr.credentials);
		await r.pollOk();
		const ids: string[] = [];
		for (let i = 0; i < 40; i++) {
			cr.sim.clock.advance(1);
			const id = mailing(g.id, `M${i}`);
			cr.sim.model.finishMailing(id);
			ids.push(id);
		}
		cr.sim.resetLog();
		const out = await r.pollOk();
		expect(out.map((m) => m.id)).toEqual(ids); // all 40, oldest first
		expect(cr.sim.log.map((e) => e.query.limit)).toEqual(['25', '100']);
		expect(await r.pollOk()).toEqual([]);
	});

	it('Fetch Test Event shows the latest finished mailing, or explains that there is none', async () => {
		const g = cr.sim.model.createGroup({ name: 'News' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		const r = new PollRunner({ event: 'mailingFinished', watch: 'all', includeReport: true }, cr.credentials);
		const empty = await r.poll('manual');
		expect(empty.error?.message).toBe('No finished mailing found in CleverReach yet');
		expect(empty.error?.description).toMatch(/Send a mailing .* then click "Fetch Test Event" again/);
		const id = mailing(g.id, 'Sample');
		cr.sim.model.finishMailing(id);
		const sample = await r.poll('manual');
		expect(sample.items?.map((i) => i.json.id)).toEqual([id]);
		expect(sample.items?.[0].json.report).toMatchObject({ id, stats: { basic: expect.objectContaining({ sent: 1 }) } });
		expect(r.staticDataJson).toBe('{}');
	});
});
