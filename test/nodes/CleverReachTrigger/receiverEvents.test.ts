/**
 * CleverReach Trigger, receiver events, against the simulator: activation, idle cost, order, same-second events,
 * group selection, Only Active, details, unsubscribe vs deletion, bounces, updates, Fetch Test Event.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReachTrigger } from '../../../nodes/CleverReachTrigger/CleverReachTrigger.node';
import { additionalDataFor, core, makeNode, nodeTypes, workflow } from '../../harness/n8n';
import { TRIGGER_TYPE } from '../../harness/poll';
import { useSimulator } from '../../harness/simulator';
import { addReceivers } from '../../simulator/index.ts';

const cr = useSimulator();
const FILTER = '/v3/receivers/filter';

const trigger = (parameters: IDataObject) => cr.trigger({ watch: 'all', ...parameters });
const emails = (items: IDataObject[]) => items.map((i) => i.email);
const searches = () => cr.sim.requests({ method: 'POST', path: FILTER });

describe('CleverReach Trigger: description', () => {
	it('is a polling trigger with the CleverReach credential, five events and its options', () => {
		const d = new CleverReachTrigger().description;
		expect(d).toMatchObject({
			name: 'cleverReachTrigger',
			displayName: 'CleverReach Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		});
		const event = d.properties.find((p) => p.name === 'event');
		expect(event?.options?.map((o) => (o as { value?: unknown }).value)).toEqual([
			'mailingFinished',
			'newReceiver',
			'receiverBounced',
			'receiverUnsubscribed',
			'receiverUpdated',
		]);
		const options = d.properties.find((p) => p.name === 'options');
		expect(options?.options?.map((o) => (o as { name: string }).name)).toEqual(['lookBackMinutes', 'maxEvents', 'reportAfterMinutes']);
	});

	it('loads the groups to watch from /groups.json', async () => {
		const a = cr.sim.model.createGroup({ name: 'Newsletter' });
		const b = cr.sim.model.createGroup({ name: 'Customers' });
		const node = makeNode(TRIGGER_TYPE, { event: 'newReceiver', watch: 'selected', groupIds: [] });
		const wf = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes, active: false });
		const context = new core.LoadOptionsContext(wf, node, additionalDataFor(cr.credentials), 'groupIds');
		const loaded = await new CleverReachTrigger().methods.loadOptions.getGroups.call(context);
		expect(loaded).toEqual([
			{ name: `Customers (${b.id})`, value: b.id },
			{ name: `Newsletter (${a.id})`, value: a.id },
		]);
	});

	it('refuses options out of range, naming the option', async () => {
		const t = trigger({ event: 'newReceiver', options: { lookBackMinutes: 0 } });
		const result = await t.activate();
		expect(result.error?.message).toBe('Options: "lookBackMinutes" must be a number from 1 to 1440, not 0');
	});
});

describe('CleverReach Trigger: New Receiver', () => {
	it('activation on a group with 10,000 receivers emits nothing; an idle poll is one request', async () => {
		const g = cr.sim.model.createGroup({ name: 'Big' });
		cr.sim.model.bulkInsert(g.id, Array.from({ length: 10_000 }, (_, i) => ({ email: `old${i}@example.com`, registered: cr.sim.clock.now() - (i % 500) })));
		const t = trigger({ event: 'newReceiver' });
		const first = await t.activate();
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		// The activation's own second stays open: a receiver added later in it is told apart by its id.
		expect(t.nodeStaticData['newReceiver|all']).toMatchObject({ strategy: 'changes:new', settled: cr.sim.clock.now() - 1, idFloor: expect.any(Number) });
		for (let i = 0; i < 3; i++) {
			cr.sim.clock.advance(60);
			cr.sim.resetLog();
			const idle = await t.tick();
			expect(idle.items).toBeNull();
			expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual([`POST ${FILTER}`]);
		}
		expect(t.staticDataSize).toBeLessThan(300);
	});

	it('emits receivers added after the activation once each, oldest first, also several in the same second', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		cr.sim.clock.advance(30);
		cr.sim.model.addReceiver(g.id, { email: 'a@example.com' });
		expect(emails(await t.pollOk())).toEqual(['a@example.com']);
		// Same second, after that poll:
		cr.sim.model.addReceiver(g.id, { email: 'b@example.com' });
		cr.sim.model.addReceiver(g.id, { email: 'c@example.com' });
		const second = await t.pollOk();
		expect(emails(second)).toEqual(['b@example.com', 'c@example.com']);
		expect(second[0]).toMatchObject({ group_id: g.id, active: true });
		for (let i = 0; i < 8; i++) {
			cr.sim.clock.advance(60);
			expect(await t.pollOk()).toEqual([]);
		}
		cr.sim.model.addReceiver(g.id, { email: 'd@example.com' });
		cr.sim.clock.advance(1);
		cr.sim.model.addReceiver(g.id, { email: 'e@example.com' });
		expect(emails(await t.pollOk())).toEqual(['d@example.com', 'e@example.com']);
	});

	it('a catch-up of 5,000 receivers over an hour reads in windows cut to the density seen: every receiver once, about 300 per request', async () => {
		const g = cr.sim.model.createGroup({ name: 'Shop' });
		addReceivers(cr.sim, g.id, 20_000, { prefix: 'old-' });
		const t = trigger({ event: 'newReceiver', watch: 'selected', groupIds: [g.id], options: { maxEvents: 10_000 } });
		await t.activate();
		cr.sim.clock.advance(3600);
		addReceivers(cr.sim, g.id, 5000, { prefix: 'new-', spreadSeconds: 3600 });
		cr.sim.clock.advance(10);
		cr.sim.resetLog();
		const out = await t.pollOk();
		expect(new Set(emails(out)).size).toBe(5000);
		expect(out).toHaveLength(5000);
		// 5,000 / 300 ≈ 17 windows, plus the splits of the first full page (asking for everything after the position
		// and splitting every full page took 73).
		expect(searches().length).toBeLessThanOrEqual(25);
	});

	it('a receiver added with a registration date of years ago is new all the same; later changes of it are not', async () => {
		const g = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.addReceiver(g.id, { email: 'existing@example.com' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		cr.sim.clock.advance(60);
		cr.sim.model.upsertReceiver(g.id, { email: 'customer@example.com', registered: 1_300_000_000 });
		cr.sim.model.updateReceiver(g.id, 'existing@example.com', { source: 'touched' });
		expect(emails(await t.pollOk())).toEqual(['customer@example.com']);
		for (let i = 0; i < 10; i++) {
			cr.sim.clock.advance(60);
			cr.sim.model.updateReceiver(g.id, 'customer@example.com', { source: `sync ${i}` });
			expect(await t.pollOk()).toEqual([]);
		}
	});

	it('watches only the selected groups; a changed selection starts again from now; a deleted group is reported once', async () => {
		const a = cr.sim.model.createGroup({ name: 'A' });
		const b = cr.sim.model.createGroup({ name: 'B' });
		const t = trigger({ event: 'newReceiver', watch: 'selected', groupIds: [b.id] });
		await t.activate();
		cr.sim.clock.advance(5);
		cr.sim.model.addReceiver(a.id, { email: 'in-a@example.com' });
		cr.sim.model.addReceiver(b.id, { email: 'in-b@example.com' });
		expect(emails(await t.pollOk())).toEqual(['in-b@example.com']);
		expect(searches().at(-1)?.body).toMatchObject({ groups: [b.id] });
		expect(Object.keys(t.nodeStaticData)).toEqual([`newReceiver|${b.id}`]);

		t.parameters = { ...t.parameters, groupIds: [a.id, b.id] };
		expect(await t.pollOk()).toEqual([]);
		expect(Object.keys(t.nodeStaticData)).toEqual([`newReceiver|${a.id},${b.id}`]);

		cr.sim.model.deleteGroup(a.id);
		cr.sim.clock.advance(60);
		const failed = await t.tick();
		expect(failed.error?.message).toMatch(/watched group .* was not found in CleverReach/);
		expect(failed.error?.description).toMatch(/Select the groups to watch again/);
		for (let i = 0; i < 3; i++) {
			cr.sim.clock.advance(60);
			expect((await t.tick()).error).toBeUndefined();
		}
		expect(t.reportedErrors).toHaveLength(1);
	});

	it('with "Only Active Receivers" waits for the double opt-in confirmation', async () => {
		const g = cr.sim.model.createGroup({ name: 'DOI' });
		const t = trigger({ event: 'newReceiver', onlyActive: true });
		await t.activate();
		expect(t.nodeStaticData['newReceiver:active|all']).toMatchObject({ strategy: 'search:activated' });
		cr.sim.clock.advance(10);
		cr.sim.model.addReceiver(g.id, { email: 'pending@example.com', activated: 0 });
		cr.sim.model.addReceiver(g.id, { email: 'direct@example.com' });
		expect(emails(await t.pollOk())).toEqual(['direct@example.com']);
		expect((searches().at(-1)?.body as IDataObject).rules).toEqual([
			{ field: 'activated', logic: 'bg', condition: expect.any(String) },
			{ field: 'deactivated', logic: 'eq', condition: '0' },
		]);
		cr.sim.clock.advance(120);
		expect(await t.pollOk()).toEqual([]);
		cr.sim.model.activate(g.id, 'pending@example.com');
		const confirmed = await t.pollOk();
		expect(emails(confirmed)).toEqual(['pending@example.com']);
		expect(confirmed[0]).toMatchObject({ active: true, activated: cr.sim.clock.now() });
	});

	it('adds tags, events and orders with "Include Full Details" (detail 7)', async () => {
		const g = cr.sim.model.createGroup({ name: 'Tags' });
		const detailed = trigger({ event: 'newReceiver', includeDetails: true });
		const plain = trigger({ event: 'newReceiver' });
		await detailed.activate();
		await plain.activate();
		cr.sim.clock.advance(1);
		cr.sim.model.addReceiver(g.id, { email: 'tagged@example.com', tags: ['vip'] });
		const [item] = await detailed.pollOk();
		expect(item).toMatchObject({ email: 'tagged@example.com', tags: ['vip'], events: expect.any(Array), orders: [] });
		const [slim] = await plain.pollOk();
		expect(slim.email).toBe('tagged@example.com');
		expect(slim).not.toHaveProperty('tags');
		expect(slim).toHaveProperty('global_attributes');
	});
});

describe('CleverReach Trigger: Receiver Unsubscribed, Bounced, Updated', () => {
	it('emits an unsubscribe but not a deletion; a re-subscribe and a new unsubscribe later is a new event', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		for (const e of ['stay', 'leave', 'gone']) cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		const t = trigger({ event: 'receiverUnsubscribed' });
		await t.activate();
		cr.sim.clock.advance(20);
		cr.sim.model.unsubscribe(g.id, 'leave@example.com');
		cr.sim.model.deleteReceiver(g.id, 'gone@example.com');
		const out = await t.pollOk();
		expect(emails(out)).toEqual(['leave@example.com']);
		expect(out[0]).toMatchObject({ deactivated: cr.sim.clock.now(), active: false });
		cr.sim.clock.advance(600);
		expect(await t.pollOk()).toEqual([]);
		cr.sim.model.activate(g.id, 'leave@example.com');
		cr.sim.clock.advance(5);
		cr.sim.model.deactivate(g.id, 'leave@example.com');
		expect(emails(await t.pollOk())).toEqual(['leave@example.com']);
	});

	it('emits bounces and updates; a second change in the same second is another update; a write that changes nothing is none', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		cr.sim.model.addReceiver(g.id, { email: 'x@example.com' });
		cr.sim.model.addReceiver(g.id, { email: 'y@example.com' });
		const bounced = trigger({ event: 'receiverBounced' });
		const updated = trigger({ event: 'receiverUpdated' });
		await bounced.activate();
		await updated.activate();
		cr.sim.clock.advance(10);
		cr.sim.model.bounce('x@example.com');
		cr.sim.clock.advance(1);
		cr.sim.model.updateReceiver(g.id, 'y@example.com', { source: 'changed' });
		expect(emails(await bounced.pollOk())).toEqual(['x@example.com']);
		const changes = await updated.pollOk();
		expect(emails(changes)).toEqual(['x@example.com', 'y@example.com']); // oldest change first
		expect(changes[1]).toMatchObject({ source: 'changed' });
		// The same second again: another change of y.
		cr.sim.model.updateReceiver(g.id, 'y@example.com', { source: 'changed again' });
		expect((await updated.pollOk()).map((i) => i.source)).toEqual(['changed again']);
		cr.sim.clock.advance(30);
		cr.sim.model.updateReceiver(g.id, 'y@example.com', { source: 'changed again' });
		expect(await updated.pollOk()).toEqual([]);
		expect(await bounced.pollOk()).toEqual([]);
	});
});

describe('CleverReach Trigger: the activation\'s own second', () => {
	// CleverReach times are whole seconds: what happens in the second of the activation after its read has the same
	// time as what existed before. Those events are new; the ones visible at the activation are not.
	const cases: Array<[string, (groupId: string, email: string) => void]> = [
		['newReceiver', (g, email) => cr.sim.model.addReceiver(g, { email })],
		['receiverUnsubscribed', (g, email) => cr.sim.model.unsubscribe(g, email)],
		['receiverUpdated', (g, email) => cr.sim.model.updateReceiver(g, email, { source: `changed ${email}` })],
	];
	it.each(cases)('%s: an event later in the activation second is emitted once, one visible at the activation is not', async (event, happen) => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const existing = ['before@example.com', 'after@example.com', 'other@example.com'];
		for (const email of existing) cr.sim.model.addReceiver(g.id, { email });
		cr.sim.clock.advance(120);
		const t = trigger({ event });
		if (event !== 'newReceiver') happen(g.id, 'before@example.com');
		expect((await t.activate()).items).toBeNull();
		// Same second as the activation, after its read:
		happen(g.id, event === 'newReceiver' ? 'new@example.com' : 'after@example.com');
		const emitted: unknown[] = [];
		for (let i = 0; i < 8; i++) {
			cr.sim.clock.advance(60);
			emitted.push(...emails(await t.pollOk()));
		}
		expect(emitted).toEqual([event === 'newReceiver' ? 'new@example.com' : 'after@example.com']);
	});
});

describe('CleverReach Trigger: Fetch Test Event (manual mode)', () => {
	it('returns the newest real receivers, says how it reads CleverReach, and does not move the cursor', async () => {
		const g = cr.sim.model.createGroup({ name: 'List' });
		const t = trigger({ event: 'newReceiver' });
		await t.activate();
		const before = JSON.stringify(t.nodeStaticData);
		for (const e of ['one', 'two', 'three', 'four']) {
			cr.sim.clock.advance(1);
			cr.sim.model.addReceiver(g.id, { email: `${e}@example.com` });
		}
		const manual = await t.manual();
		expect(manual.error).toBeUndefined();
		expect(manual.items?.map((i) => i.json.email)).toEqual(['four@example.com', 'three@example.com', 'two@example.com']);
		expect(manual.items?.[0].json._trigger).toEqual({ strategy: 'changes:new', reads: expect.stringMatching(/last_changed/) });
		expect(JSON.stringify(t.nodeStaticData)).toBe(before);
		expect(emails(await t.pollOk())).toEqual(['one@example.com', 'two@example.com', 'three@example.com', 'four@example.com']);
	});

	it('says clearly that there is nothing yet, and does not create a cursor', async () => {
		const g = cr.sim.model.createGroup({ name: 'Quiet' });
		cr.sim.model.addReceiver(g.id, { email: 'active@example.com' });
		const t = trigger({ event: 'receiverUnsubscribed', watch: 'selected', groupIds: [g.id] });
		const manual = await t.manual();
		expect(manual.items).toBeNull();
		expect(manual.error?.constructor.name).toBe('NodeOperationError');
		expect(manual.error?.message).toBe(`No unsubscribed receiver found in the watched groups (${g.id}) yet`);
		expect(manual.error?.description).toMatch(/Unsubscribe \(deactivate\) a receiver in a watched group, then click "Fetch Test Event" again/);
		expect(t.staticDataJson).toBe('{}');
	});
});
