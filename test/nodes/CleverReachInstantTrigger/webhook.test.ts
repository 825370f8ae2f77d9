/**
 * CleverReach Instant Trigger, CleverReach's calls in n8n's webhook machinery (test/harness/webhook.ts) from the
 * simulator's eventhooks: the verification GET, call-token checks, body checks, the emitted items (receiver read
 * or not), duplicates within the window and the bound of the state, out-of-order and failed deliveries.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DUPLICATE_WINDOW } from '../../../nodes/CleverReachInstantTrigger/config';
import { sameSecret } from '../../../nodes/CleverReachInstantTrigger/crypto';
import { connect, InstantRunner, useInstantFixture } from '../../harness/webhook';

const fx = useInstantFixture();
const { cr } = fx;
afterEach(() => vi.restoreAllMocks());

async function active(parameters: INodeParameters) {
	const runner = new InstantRunner({ options: {}, ...parameters }, cr.credentials);
	connect(cr.sim.eventhooks, runner);
	await runner.activate();
	return runner;
}
const settle = () => cr.sim.eventhooks.settled();
const items = (runner: InstantRunner) => runner.executions.flatMap((e) => e.items);
const tokenOf = (runner: InstantRunner, event: string, condition: string) =>
	cr.sim.eventhooks.registrations.find((r) => r.url === runner.url() && r.event === event && r.condition === condition)!.callToken;
const post = (runner: InstantRunner, headers: Record<string, string>, body: unknown) =>
	runner.handle({
		method: 'POST',
		url: runner.url(),
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});

describe('the verification call (GET)', () => {
	it('answers "<verify> <secret>" as text/plain, 400 without a usable secret, and never starts an execution', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		const verify = (cr.sim.requests({ method: 'POST', path: '/hooks/eventhook' })[0].body as { verify: string }).verify;
		const get = (query: string) => runner.handle({ method: 'GET', url: `${runner.url()}${query}`, headers: {} });
		expect(await get('?secret=abc123')).toMatchObject({ status: 200, body: `${verify} abc123`, headers: { 'content-type': 'text/plain; charset=utf-8' } });
		expect((await get('')).status).toBe(400);
		expect((await get('?secret=%3Cscript%3E')).status).toBe(400);
		expect((await get(`?secret=${'x'.repeat(201)}`)).status).toBe(400);
		expect(runner.executions).toEqual([]);
	});
});

describe('a credential without client ID and secret', () => {
	it('fails the activation with a message saying so, and the verification call answers 500 without an execution', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		cr.credentials.data = { ...cr.credentials.data, clientId: '', clientSecret: '' };
		const answer = await runner.handle({ method: 'GET', url: `${runner.url()}?secret=abc`, headers: {} });
		expect(answer).toMatchObject({ status: 500, body: 'Internal Server Error: The CleverReach credential has no client ID or secret' });
		expect(runner.executions).toEqual([]);
		await runner.deactivate();
		await expect(runner.activate()).rejects.toThrow('The CleverReach credential has no client ID or secret');
	});
});

describe('call token and body checks', () => {
	it('a missing or wrong X-CR-Calltoken gets 401 and starts nothing; so does another registration\'s token for this event', async () => {
		const runner = await active({ events: ['receiver.created', 'receiver.deleted'], groupIds: [fx.g1, fx.g2] });
		const body = { condition: fx.g1, event: 'receiver.created', payload: { group_id: fx.g1, pool_id: '1001' } };
		const good = tokenOf(runner, 'receiver.created', fx.g1);
		expect((await post(runner, {}, body)).status).toBe(401);
		expect((await post(runner, { 'x-cr-calltoken': '' }, body)).status).toBe(401);
		const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
		expect((await post(runner, { 'x-cr-calltoken': flipped }, body)).status).toBe(401);
		expect((await post(runner, { 'x-cr-calltoken': good.slice(0, 32) }, body)).status).toBe(401);
		expect((await post(runner, { 'x-cr-calltoken': `${good}x` }, body)).status).toBe(401);
		// The token of the group 2 registration, or of the receiver.deleted one, cannot send a group 1 created event.
		expect((await post(runner, { 'x-cr-calltoken': tokenOf(runner, 'receiver.created', fx.g2) }, body)).status).toBe(401);
		expect((await post(runner, { 'x-cr-calltoken': tokenOf(runner, 'receiver.deleted', fx.g1) }, body)).status).toBe(401);
		expect(runner.executions).toEqual([]);
		expect(cr.sim.count('GET', /^\/v3\//)).toBe(0);
		// The right one works.
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await settle();
		expect(runner.executions).toHaveLength(1);
	});

	it('a malformed body with a valid token gets 400 (invalid JSON: n8n\'s 422) and starts nothing', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		const token = { 'x-cr-calltoken': tokenOf(runner, 'receiver.created', fx.g1) };
		const bad: unknown[] = [
			{},
			{ event: 'receiver.created', condition: fx.g1 },
			{ event: 'receiver.created', condition: fx.g1, payload: {} },
			{ event: 'receiver.created', condition: fx.g1, payload: { group_id: fx.g1 } },
			{ event: 'receiver.created', condition: 'abc', payload: { pool_id: '1' } },
			{ event: 'Receiver Created!', condition: fx.g1, payload: { pool_id: '1' } },
			{ event: 'receiver.created', condition: { id: fx.g1 }, payload: { pool_id: '1' } },
			[1, 2, 3],
		];
		for (const body of bad) expect((await post(runner, token, body)).status, JSON.stringify(body)).toBe(400);
		expect((await post(runner, token, '{"event": "receiver.created",')).status).toBe(422);
		expect(runner.executions).toEqual([]);
	});

	it('JSON sent as text/plain is read all the same', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1], options: { fetchReceiver: false } });
		const answer = await runner.handle({
			method: 'POST',
			url: runner.url(),
			headers: { 'content-type': 'text/plain', 'x-cr-calltoken': tokenOf(runner, 'receiver.created', fx.g1) },
			body: JSON.stringify({ condition: fx.g1, event: 'receiver.created', payload: { group_id: fx.g1, pool_id: '999' } }),
		});
		expect(answer.status).toBe(200);
		expect(items(runner).map((i) => i.receiverId)).toEqual(['999']);
	});

	it('token comparison: equal strings only, whatever the lengths', () => {
		expect(sameSecret('abc', 'abc')).toBe(true);
		for (const other of ['abd', 'ab', 'abcd', '', 'ABC']) expect(sameSecret('abc', other)).toBe(false);
	});
});

describe('events', () => {
	it('a watched receiver event starts one execution with the event, group, receiver ID, the receiver read by ID, and the payload', async () => {
		const runner = await active({ events: ['receiver.subscribed', 'receiver.unsubscribed', 'receiver.deleted'], groupIds: [fx.g1] });
		cr.sim.resetLog();
		const row = cr.sim.model.addReceiver(fx.g1, { email: 'anna@example.com', tags: ['vip'] }) as { id: string };
		await settle();
		cr.sim.model.unsubscribe(fx.g1, 'anna@example.com');
		await settle();
		cr.sim.model.deleteReceiver(fx.g1, row.id);
		await settle();
		expect(runner.executions.map((e) => e.items.length)).toEqual([1, 1, 1]);
		const [subscribed, unsubscribed, deleted] = items(runner);
		expect(subscribed).toMatchObject({
			event: 'receiver.subscribed',
			groupId: fx.g1,
			receiverId: row.id,
			receiver: { id: row.id, email: 'anna@example.com', active: true, tags: ['vip'] },
			payload: { group_id: fx.g1, pool_id: row.id },
		});
		expect(unsubscribed).toMatchObject({ event: 'receiver.unsubscribed', receiver: { email: 'anna@example.com', active: false } });
		// Deleted receivers are not read (they are gone).
		expect(deleted).toEqual({ event: 'receiver.deleted', groupId: fx.g1, receiverId: row.id, payload: { group_id: fx.g1, pool_id: row.id } });
		expect(cr.sim.requests({ method: 'GET', path: /^\/v3\// }).map((e) => e.path)).toEqual([
			`/v3/groups/${fx.g1}/receivers/${row.id}`,
			`/v3/groups/${fx.g1}/receivers/${row.id}`,
		]);
	});

	it('"Fetch Receiver" off: no request per event; a receiver gone before it is read gives receiver null and the reason', async () => {
		const plain = await active({ events: ['receiver.created'], groupIds: [fx.g1], options: { fetchReceiver: false } });
		cr.sim.resetLog();
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await settle();
		expect(items(plain)).toEqual([{ event: 'receiver.created', groupId: fx.g1, receiverId: expect.any(String), payload: expect.any(Object) }]);
		expect(cr.sim.log.filter((e) => e.path.startsWith('/v3/'))).toEqual([]);

		cr.sim.eventhooks.options.hold = true;
		const reading = await active({ events: ['receiver.updated'], groupIds: [fx.g2] });
		cr.sim.model.addReceiver(fx.g2, { email: 'b@example.com' });
		cr.sim.model.updateReceiver(fx.g2, 'b@example.com', { source: 'x' });
		cr.sim.model.deleteReceiver(fx.g2, 'b@example.com');
		cr.sim.eventhooks.release();
		await settle();
		expect(items(reading)).toMatchObject([
			{ event: 'receiver.updated', receiver: null, receiverError: expect.stringMatching(/^Receiver \d+ is not in group \d+ any more \(deleted or moved since the event\)/) },
		]);
	});

	it('group and form events (registered account-wide) carry the group or form ID', async () => {
		const runner = await active({ events: ['group.created', 'group.deleted', 'form.created'] });
		const g = cr.sim.model.createGroup('Spring sale').id;
		await settle();
		const form = cr.sim.model.createForm(g) as { id: string };
		await settle();
		cr.sim.model.deleteGroup(g);
		await settle();
		expect(items(runner)).toEqual([
			{ event: 'group.created', groupId: g, payload: { group_id: g } },
			{ event: 'form.created', formId: form.id, payload: { form_id: form.id } },
			{ event: 'group.deleted', groupId: g, payload: { group_id: g } },
		]);
	});

	it('events of an earlier configuration, delivered by a registration it kept, are answered 200 and start nothing', async () => {
		const runner = await active({ events: ['receiver.created', 'receiver.updated'], groupIds: [fx.g1] });
		const token = tokenOf(runner, 'receiver.updated', fx.g1);
		runner.parameters = { ...runner.parameters, events: ['receiver.created'] };
		const answer = await post(runner, { 'x-cr-calltoken': token }, { condition: fx.g1, event: 'receiver.updated', payload: { group_id: fx.g1, pool_id: '5' } });
		expect(answer).toMatchObject({ status: 200, body: 'Ignored: this trigger does not watch that event' });
		expect(runner.executions).toEqual([]);
	});
});

describe('duplicates, order, failures', () => {
	it('the same delivery arriving 3 times is emitted once; a real second change of the receiver is emitted again', async () => {
		const runner = await active({ events: ['receiver.updated'], groupIds: [fx.g1] });
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		cr.sim.eventhooks.options.duplicates = 2;
		cr.sim.model.updateReceiver(fx.g1, 'a@example.com', { global_attributes: {}, source: 'first' });
		await settle();
		expect(runner.calls.filter((c) => c.call.method === 'POST').map((c) => c.answer.body)).toEqual([
			'{"message":"Workflow was started"}',
			'Ignored: repeated delivery',
			'Ignored: repeated delivery',
		]);
		cr.sim.eventhooks.options.duplicates = 0;
		cr.sim.model.updateReceiver(fx.g1, 'a@example.com', { source: 'second' });
		await settle();
		expect(items(runner).map((i) => (i.receiver as IDataObject).source)).toEqual(['first', 'second']);
	});

	it('without the receiver read, repeats are recognised by their payload; after the window the same payload counts again', async () => {
		const runner = await active({ events: ['receiver.deleted'], groupIds: [fx.g1] });
		const body = { condition: fx.g1, event: 'receiver.deleted', payload: { group_id: fx.g1, pool_id: '77' } };
		const token = { 'x-cr-calltoken': tokenOf(runner, 'receiver.deleted', fx.g1) };
		const now = Date.now();
		const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
		await post(runner, token, body);
		clock.mockReturnValue(now + DUPLICATE_WINDOW.ms - 1);
		expect((await post(runner, token, body)).body).toBe('Ignored: repeated delivery');
		clock.mockReturnValue(now + DUPLICATE_WINDOW.ms + 1);
		expect((await post(runner, token, body)).body).toBe('{"message":"Workflow was started"}');
		expect(runner.executions).toHaveLength(2);
	});

	it(`the duplicate keys stay bounded (${DUPLICATE_WINDOW.maxKeys} in the process, oldest forgotten first), and the calls never write static data`, async () => {
		const runner = await active({ events: ['receiver.deleted'], groupIds: [fx.g1] });
		const token = { 'x-cr-calltoken': tokenOf(runner, 'receiver.deleted', fx.g1) };
		const saved = runner.staticDataJson;
		const limit = DUPLICATE_WINDOW.maxKeys;
		DUPLICATE_WINDOW.maxKeys = 50;
		try {
			const deleted = (id: number) => post(runner, token, { condition: fx.g1, event: 'receiver.deleted', payload: { group_id: fx.g1, pool_id: String(id) } });
			for (let i = 0; i < 60; i++) await deleted(i);
			expect(runner.executions).toHaveLength(60);
			// The newest 50 are remembered, the 10 oldest forgotten.
			expect((await deleted(59)).body).toBe('Ignored: repeated delivery');
			expect((await deleted(10)).body).toBe('Ignored: repeated delivery');
			expect((await deleted(0)).body).toBe('{"message":"Workflow was started"}');
		} finally {
			DUPLICATE_WINDOW.maxKeys = limit;
		}
		expect(runner.staticDataJson).toBe(saved);
	});

	it('copies share one key whatever the read returns: "created"/"subscribed" after a change, "updated" after the deletion', async () => {
		const runner = await active({ events: ['receiver.created', 'receiver.subscribed', 'receiver.updated'], groupIds: [fx.g1] });
		const row = cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' }) as { id: string };
		await settle();
		const again = (event: string) =>
			post(runner, { 'x-cr-calltoken': tokenOf(runner, event, fx.g1) }, { condition: fx.g1, event, payload: { group_id: fx.g1, pool_id: row.id } });
		cr.sim.model.updateReceiver(fx.g1, row.id, { source: 'changed' });
		await settle();
		expect((await again('receiver.created')).body).toBe('Ignored: repeated delivery');
		expect((await again('receiver.subscribed')).body).toBe('Ignored: repeated delivery');
		expect((await again('receiver.updated')).body).toBe('Ignored: repeated delivery');
		cr.sim.model.deleteReceiver(fx.g1, row.id);
		expect((await again('receiver.updated')).body).toBe('Ignored: repeated delivery');
		expect(items(runner).map((i) => `${String(i.event)} ${String((i.receiver as IDataObject).source)}`)).toEqual([
			'receiver.created ',
			'receiver.subscribed ',
			'receiver.updated changed',
		]);
	});

	it('a receiver read that fails for a passing reason (5xx after retries) answers 503 and starts nothing; the redelivery is emitted', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		cr.sim.faults.add({ method: 'GET', path: /^\/v3\/groups\/\d+\/receivers\/\d+$/, status: 500 });
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await settle();
		expect(cr.sim.eventhooks.calls.filter((c) => c.kind === 'event').map((c) => [c.status, c.answer])).toEqual([
			[503, 'Service Unavailable: could not read the receiver from CleverReach, deliver again later'],
			[200, '{"message":"Workflow was started"}'],
		]);
		expect(items(runner)).toMatchObject([{ event: 'receiver.created', receiver: { email: 'a@example.com' } }]);
	});

	it('a receiver the credential may not read (403) still starts the workflow, with the reason', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		cr.sim.config.forbid.push({ method: 'GET', path: /^\/v3\/groups\/\d+\/receivers\/\d+$/ });
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await settle();
		expect(items(runner)).toMatchObject([{ event: 'receiver.created', receiver: null, receiverError: expect.stringMatching(/^CleverReach refused access/) }]);
	});

	it('out of order (newest first): each event once; every item shows the receiver as it is when read', async () => {
		const runner = await active({ events: ['receiver.created', 'receiver.subscribed', 'receiver.unsubscribed'], groupIds: [fx.g1] });
		cr.sim.eventhooks.options.hold = true;
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com', activated: 0 });
		cr.sim.model.activate(fx.g1, 'a@example.com');
		cr.sim.model.unsubscribe(fx.g1, 'a@example.com');
		cr.sim.eventhooks.release('lifo');
		await settle();
		// Sent newest first, all at once; each arrives and is emitted once.
		expect(cr.sim.eventhooks.calls.filter((c) => c.kind === 'event').map((c) => c.event)).toEqual(['receiver.unsubscribed', 'receiver.subscribed', 'receiver.created']);
		expect(items(runner).map((i) => i.event).sort()).toEqual(['receiver.created', 'receiver.subscribed', 'receiver.unsubscribed']);
		expect(items(runner).every((i) => (i.receiver as IDataObject).active === false)).toBe(true);
	});

	it('a delivery that failed (n8n down, then a 503 from a proxy) is retried by CleverReach and emitted once', async () => {
		const runner = await active({ events: ['receiver.created'], groupIds: [fx.g1] });
		const transport = cr.sim.eventhooks.transport;
		let failures = 2;
		cr.sim.eventhooks.transport = async (call, timeout) => {
			if (call.method === 'POST' && failures-- > 0) {
				if (failures === 1) throw new Error('connect ECONNREFUSED');
				return { status: 503, headers: {}, body: 'Service Unavailable' };
			}
			return await transport(call, timeout);
		};
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await settle();
		expect(cr.sim.eventhooks.calls.filter((c) => c.kind === 'event').map((c) => c.status)).toEqual([0, 503, 200]);
		expect(runner.executions).toHaveLength(1);
	});

	it('copies arriving at the same time start one execution', async () => {
		const runner = await active({ events: ['receiver.deleted', 'receiver.updated'], groupIds: [fx.g1] });
		const row = cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' }) as { id: string };
		const deleted = { 'x-cr-calltoken': tokenOf(runner, 'receiver.deleted', fx.g1) };
		const body = { condition: fx.g1, event: 'receiver.deleted', payload: { group_id: fx.g1, pool_id: '5' } };
		await Promise.all([post(runner, deleted, body), post(runner, deleted, body), post(runner, deleted, body)]);
		expect(runner.executions).toHaveLength(1);
		const updated = { 'x-cr-calltoken': tokenOf(runner, 'receiver.updated', fx.g1) };
		const update = { condition: fx.g1, event: 'receiver.updated', payload: { group_id: fx.g1, pool_id: row.id } };
		await Promise.all([post(runner, updated, update), post(runner, updated, update)]);
		expect(runner.executions).toHaveLength(2);
	});
});
