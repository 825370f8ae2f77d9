/**
 * CleverReach Trigger, receiver events, against the simulator: first activation, same-second boundary,
 * unsubscribe vs deletion, group selection, only-active, details, bounce/update, manual mode, idle cost.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReachTrigger } from '../../../nodes/CleverReachTrigger/CleverReachTrigger.node';
import { additionalDataFor, core, makeNode, nodeTypes, workflow } from '../../harness/n8n';
import { PollRunner, TRIGGER_TYPE } from '../../harness/poll';
import { useSimulator } from '../../harness/simulator';

const cr = useSimulator();
const FILTER = '/v3/receivers/filter';

function runner(parameters: IDataObject) {
	return new PollRunner({ watch: 'all', ...parameters } as never, cr.credentials);
}
const emails = (items: IDataObject[]) => items.map((i) => i.email);
const searches = () => cr.sim.requests({ method: 'POST', path: FILTER });

describe('CleverReach Trigger: description', () => {
	it('is a polling trigger with the CleverReach credential and five events', () => {
		const d = new CleverReachTrigger().description;
		expect(d).toMatchObject({
			name: 'cleverReachTrigger',
			displayName: 'CleverReach Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		});
		expect(d.usableAsTool).toBeUndefined();
		const event = d.properties.find((p) => p.name === 'event');
		expect(event?.options?.map((o) => (o as { value?: unknown }).value)).toEqual([
			'mailingFinished',
			'newReceiver',
			'receiverBounced',
			'receiverUnsubscribed',
			'receiverUpdated',
		]);
	});

	it('loads the groups to watch from /groups.json', async () => {
		const a = cr.sim.model.createGroup({ name: 'Newsletter' });
		const b = cr.sim.model.createGroup({ name: 'Customers' });
		// The trigger's own loadOptions method, run in n8n-core's LoadOptionsContext (real auth helper).
		const node = makeNode(TRIGGER_TYPE, { event: 'newReceiver', watch: 'selected', groupIds: [] });
		const wf = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes, active: false });
		const context = new core.LoadOptionsContext(wf, node, additionalDataFor(cr.credentials), 'groupIds');
		const loaded = await new CleverReachTrigger().methods.loadOptions.getGroups.call(context);
		expect(loaded).toEqual([
			{ name: `Customers (${b.id})`, value: b.id },
			{ name: `Newsletter (${a.id})`, value: a.id },
		]);
		expect(cr.sim.requests({ method: 'GET', path: '/v3/groups' })).toHaveLength(1);
	});
});

describe('CleverReach Trigger: New Receiver', () => {
	it('first activation on a group with 10,000 receivers emits nothing; an idle poll is one small request', async () => {
		const g = cr.sim.model.createGroup({ name: 'Big' });
		cr.sim.model.bulkInsert(
			g.id,
			Array.from({ length: 10_000 }, (_, i) => ({ email: `old${i}@example.com`, registered: cr.sim.clock.now() - (i % 500) })),
		);
		const r = runner({ event: 'newReceiver' });

		const first = await r.poll();
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect(searches()).toHaveLength(1); // activation: one search for the newest second
		expect(searches()[0].body).toMatchObject({ groups: [], orderby: 'registered desc', pagesize: 51 });
		expect(r.nodeStaticData).toEqual({
			'newReceiver:registered|all': expect.objectContaining({ since: cr.sim.clock.now() }),
		});

		cr.sim.clock.advance(60);
		cr.sim.resetLog();
		const idle = await r.poll();
		expect(idle.items).toBeNull();
		expect(cr.sim.log).toHaveLength(1);
		const body = searches()[0].body as IDataObject;
		expect(body).toMatchObject({
			groups: [],
			operator: 'AND',
			rules: [{ field: 'registered', logic: 'bg' }],
			orderby: 'registered asc',
			detail: 0,
			page: 0,
			pagesize: 5000,
		});
		// Only the newest second is looked at again, not the 10,000 rows.
		expect(cr.sim.model.filterReceivers({ ...body }).length).toBeLessThanOrEqual(20);
		expect(idle.staticDataChanged).toBe(false);
	});

	it('emits three receivers registered in the same second across two polls exactly once, oldest first', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const r = runner({ event: 'newReceiver' });
		expect((await r.poll()).items).toBeNull(); // empty account: starts at 0
		expect(r.nodeStaticData['newReceiver:registered|all']).toEqual({ since: 0, keys: [] });

		cr.sim.clock.advance(30);
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		expect(emails(await r.pollOk())).toEqual(['a@example.com']);
		// Same second, after the poll:
		cr.sim.model.addReceiver(g.id, { email: 'b@example.com' });
		cr.sim.model.addReceiver(g.id, { email: 'c@example.com' });
		const second = await r.pollOk();
		expect(emails(second)).toEqual(['b@example.com', 'c@example.com']);
		expect(second[0]).toMatchObject({ group_id: g.id, registered: cr.sim.clock.now(), active: true });
		cr.sim.clock.advance(60);
		expect(await r.pollOk()).toEqual([]);
		cr.sim.clock.advance(1);
		cr.sim.model.addReceiver(g.id, { email: 'd@example.com' });
		expect(emails(await r.pollOk())).toEqual(['d@example.com']);
	});

	it('watches only the selected groups, and names a deleted group clearly', async () => {
		const a = cr.sim.model.createGroup({ name: 'A' });
		const b = cr.sim.model.createGroup({ name: 'B' });
		const r = runner({ event: 'newReceiver', watch: 'selected', groupIds: [b.id] });
		await r.pollOk();
		cr.sim.clock.advance(5);
		cr.sim.model.addReceiver(a.id, { email: 'in-a@example.com' });
		cr.sim.model.addReceiver(b.id, { email: 'in-b@example.com' });
		expect(emails(await r.pollOk())).toEqual(['in-b@example.com']);
		expect(searches().at(-1)?.body).toMatchObject({ groups: [b.id] });
		expect(Object.keys(r.nodeStaticData)).toEqual([`newReceiver:registered|${b.id}`]);

		// Changing the configuration starts a new cursor (from now) and drops the old one.
		r.parameters = { ...r.parameters, groupIds: [a.id, b.id] };
		expect(await r.pollOk()).toEqual([]);
		expect(Object.keys(r.nodeStaticData)).toEqual([`newReceiver:registered|${a.id},${b.id}`]);

		cr.sim.model.deleteGroup(a.id);
		const failed = await r.poll();
		expect(failed.error?.message).toMatch(/watched group .* was not found in CleverReach/);
	});

	it('with "Only Active Receivers" waits for the double opt-in confirmation', async () => {
		const g = cr.sim.model.createGroup({ name: 'DOI' });
		const r = runner({ event: 'newReceiver', onlyActive: true });
		await r.pollOk();
		cr.sim.clock.advance(10);
		cr.sim.model.addReceiver(g.id, { email: 'pending@example.com', activated: 0 });
		cr.sim.model.addReceiver(g.id, { email: 'direct@example.com' });
		expect(emails(await r.pollOk())).toEqual(['direct@example.com']);
		const body = searches().at(-1)?.body as IDataObject;
		expect(body.rules).toEqual([
			{ field: 'activated', logic: 'bg', condition: expect.any(String) },
			{ field: 'deactivated', logic: 'eq', condition: '0' },
		]);
		cr.sim.clock.advance(120);
		expect(await r.pollOk()).toEqual([]);
		cr.sim.model.activate(g.id, 'pending@example.com');
		const confirmed = await r.pollOk();
		expect(emails(confirmed)).toEqual(['pending@example.com']);
		expect(confirmed[0]).toMatchObject({ active: true, activated: cr.sim.clock.now() });
	});

	it('adds tags, events and orders with "Include Full Details" (detail 7)', async () => {
		const g = cr.sim.model.createGroup({ name: 'Tags' });
		const r = runner({ event: 'newReceiver', includeDetails: true });
		await r.pollOk();
		cr.sim.clock.advance(1);
		cr.sim.model.addReceiver(g.id, { email: 'tagged@example.com', tags: ['vip'] });
		const [item] = await r.pollOk();
		expect(item).toMatchObject({ email: 'tagged@example.com', tags: ['vip'], events: expect.any(Array), orders: [] });
		expect(searches().at(-1)?.body).toMatchObject({ detail: 7 });

		const plain = runner({ event: 'newReceiver' });
		await plain.pollOk();
		cr.sim.clock.advance(1);
		cr.sim.model.addReceiver(g.id, { email: 'plain@example.com', tags: ['vip'] });
		const [slim] = await plain.pollOk();
		expect(slim.email).toBe('plain@example.com');
		expect(slim).not.toHaveProperty('tags');
		expect(slim).toHaveProperty('global_attributes');
	});
});

describe('CleverReach Trigger: Receiver Unsubscribed, Bounced, Updated', () => {
	it('emits an unsubscribe but not a deletion in the same interval; a later re-subscribe + unsubscribe is a new event', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		for (const e of ['stay', 'leave', 'gone']) cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		const r = runner({ event: 'receiverUnsubscribed' });
		await r.pollOk();
		cr.sim.clock.advance(20);
		cr.sim.model.unsubscribe(g.id, 'leave@example.com');
		cr.sim.model.deleteReceiver(g.id, 'gone@example.com');
		const out = await r.pollOk();
		expect(emails(out)).toEqual(['leave@example.com']);
		expect(out[0]).toMatchObject({ deactivated: cr.sim.clock.now(), active: false });
		expect(() => cr.sim.model.getReceiver(g.id, 'gone@example.com')).toThrow();

		cr.sim.clock.advance(600);
		expect(await r.pollOk()).toEqual([]);
		cr.sim.model.activate(g.id, 'leave@example.com');
		cr.sim.clock.advance(5);
		cr.sim.model.deactivate(g.id, 'leave@example.com');
		expect(emails(await r.pollOk())).toEqual(['leave@example.com']);
	});

	it('emits bounces and updates', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		cr.sim.model.addReceiver(g.id, { email: 'y@example.com' });
		const bounced = runner({ event: 'receiverBounced' });
		const updated = runner({ event: 'receiverUpdated' });
		await bounced.pollOk();
		await updated.pollOk();
		cr.sim.clock.advance(10);
		cr.sim.model.bounce('x@example.com');
		cr.sim.clock.advance(1);
		cr.sim.model.updateReceiver(g.id, 'y@example.com', { source: 'changed' });
		expect(emails(await bounced.pollOk())).toEqual(['x@example.com']);
		expect(searches().at(-1)?.body).toMatchObject({ rules: [{ field: 'bounced', logic: 'bg' }], orderby: 'bounced asc' });
		const changes = await updated.pollOk();
		expect(emails(changes)).toEqual(['x@example.com', 'y@example.com']); // oldest change first
		expect(changes[1]).toMatchObject({ source: 'changed' });
		expect(await bounced.pollOk()).toEqual([]);
		expect(await updated.pollOk()).toEqual([]);
	});
});

describe('CleverReach Trigger: Fetch Test Event (manual mode)', () => {
	it('returns the newest real receivers without moving the production cursor', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const r = runner({ event: 'newReceiver' });
		await r.pollOk();
		const before = r.staticDataJson;
		for (const e of ['one', 'two', 'three', 'four']) {
			cr.sim.clock.advance(1);
			cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		}
		const manual = await r.poll('manual');
		expect(manual.error).toBeUndefined();
		expect(manual.items?.map((i) => i.json.email)).toEqual(['four@example.com', 'three@example.com', 'two@example.com']);
		expect(searches().at(-1)?.body).toMatchObject({ orderby: 'registered desc', pagesize: 3 });
		expect(r.staticDataJson).toBe(before);
		// The production poll still sees all four.
		expect(emails(await r.pollOk())).toEqual(['one@example.com', 'two@example.com', 'three@example.com', 'four@example.com']);
	});

	it('says clearly that there is nothing yet, and does not create a cursor', async () => {
		const g = cr.sim.model.createGroup({ name: 'Quiet' });
		cr.sim.model.addReceiver(g.id, { email: 'active@example.com' });
		const r = runner({ event: 'receiverUnsubscribed', watch: 'selected', groupIds: [g.id] });
		const manual = await r.poll('manual');
		expect(manual.items).toBeNull();
		expect(manual.error?.constructor.name).toBe('NodeOperationError');
		expect(manual.error?.message).toBe(`No unsubscribed receiver found in the watched groups (${g.id}) yet`);
		expect(manual.error?.description).toMatch(/Unsubscribe \(deactivate\) a receiver in a watched group, then click "Fetch Test Event" again/);
		expect(r.staticDataJson).toBe('{}');
	});
});
