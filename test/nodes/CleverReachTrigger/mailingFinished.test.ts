/** CleverReach Trigger, Mailing Finished, against the simulator. */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
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

const trigger = (parameters: IDataObject) => cr.trigger({ event: 'mailingFinished', watch: 'all', ...parameters });

describe('CleverReach Trigger: Mailing Finished', () => {
	it('emits a mailing that goes draft → running → finished between polls once, with its report figures', async () => {
		const g = cr.sim.model.createGroup({ name: 'News' });
		for (const e of ['a', 'b', 'c']) cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		cr.sim.model.finishMailing(mailing(g.id, 'Old'));
		cr.sim.clock.advance(100);
		const t = trigger({ includeReport: true });
		expect((await t.activate()).items).toBeNull(); // the old mailing is history
		const id = mailing(g.id, 'Spring sale');
		cr.sim.clock.advance(60);
		expect(await t.pollOk()).toEqual([]); // draft
		cr.sim.model.releaseMailing(id);
		cr.sim.clock.advance(30);
		expect(await t.pollOk()).toEqual([]); // running
		cr.sim.clock.advance(60);
		cr.sim.model.settle(); // finished now; the report collects opens and bounces
		cr.sim.model.openMailing(id, 'a@example.com');
		cr.sim.model.bounceMailing(id, 'c@example.com');
		cr.sim.resetLog();
		const out = await t.pollOk();
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ id, name: 'Spring sale', state: 'finished', finished: expect.any(Number) });
		expect((out[0].report as IDataObject).stats).toEqual({ basic: expect.objectContaining({ sent: 3, unique_opened: 1, bounced: 1, delivered: 2 }) });
		expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /v3/reports', `GET /v3/mailings/${id}`, `GET /v3/reports/${id}`]);
		cr.sim.resetLog();
		cr.sim.clock.advance(60);
		expect(await t.pollOk()).toEqual([]);
		expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /v3/reports']); // idle: one request
	});

	it('without "Include Report" makes no report request; selected groups filter the mailings', async () => {
		const a = cr.sim.model.createGroup({ name: 'A' });
		const b = cr.sim.model.createGroup({ name: 'B' });
		cr.sim.model.addReceiver(a.id, { email: 'x@example.com' });
		cr.sim.model.addReceiver(b.id, { email: 'y@example.com' });
		const t = trigger({ watch: 'selected', groupIds: [b.id], includeReport: false });
		await t.activate();
		cr.sim.clock.advance(10);
		cr.sim.model.finishMailing(mailing(a.id, 'To A'));
		cr.sim.model.finishMailing(mailing(b.id, 'To B'));
		cr.sim.resetLog();
		const out = await t.pollOk();
		expect(out.map((m) => m.name)).toEqual(['To B']);
		expect(out[0]).not.toHaveProperty('report');
		expect(cr.sim.requests({ path: /^\/v3\/reports\/\d+/ })).toHaveLength(0);
	});

	it('catches up on 150 mailings finished meanwhile (reports read page by page), oldest first, once', async () => {
		const g = cr.sim.model.createGroup({ name: 'Many' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		const t = trigger({ includeReport: false });
		await t.activate();
		const ids: string[] = [];
		for (let i = 0; i < 150; i++) {
			cr.sim.clock.advance(1);
			const id = mailing(g.id, `M${i}`);
			cr.sim.model.finishMailing(id);
			ids.push(id);
		}
		cr.sim.resetLog();
		const out = await t.pollOk();
		expect(out.map((m) => m.id)).toEqual(ids);
		expect(cr.sim.requests({ path: '/v3/reports' }).map((e) => e.query.page)).toEqual(['0', '1']);
		cr.sim.clock.advance(60);
		expect(await t.pollOk()).toEqual([]);
	});

	it('Fetch Test Event shows the latest finished mailing, or explains that there is none', async () => {
		const g = cr.sim.model.createGroup({ name: 'News' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		const t = trigger({ includeReport: true });
		const empty = await t.manual();
		expect(empty.error?.message).toBe('No finished mailing found in any group yet');
		expect(empty.error?.description).toMatch(/Send a mailing .* then click "Fetch Test Event" again/);
		const id = mailing(g.id, 'Sample');
		cr.sim.model.finishMailing(id);
		const sample = await t.manual();
		expect(sample.items?.map((i) => i.json.id)).toEqual([id]);
		expect(sample.items?.[0].json).toMatchObject({ report: { id, stats: { basic: expect.objectContaining({ sent: 1 }) } }, _trigger: { strategy: 'reports' } });
		expect(t.staticDataJson).toBe('{}');
	});
});
