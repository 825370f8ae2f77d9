/**
 * The simulator's eventhooks (eventhooks.ts): registration with the verification call before the POST answers,
 * delivery of receiver/group/form writes with the call token, duplicates, held and out-of-order deliveries,
 * retries of failed deliveries, both readings of DELETE, the admin API, and real HTTP through the server adapter.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventhookAnswer, EventhookCall, SimResponse } from './index.ts';
import { Simulator, startSimulatorServer } from './index.ts';

const CLIENT = 'client-a';
const URL_A = 'https://n8n.example/webhook/aaaa/cleverreach';
const URL_B = 'https://n8n.example/webhook/bbbb/cleverreach';
const VERIFY = 'verify-token-0123456789';

let sim: Simulator;
let bearer: string;
/** What the fake endpoints received, in order. */
let received: EventhookCall[];
/** Per URL: the verify token the endpoint answers with, and the status it answers deliveries with. */
let endpoints: Record<string, { verify: string; status: number }>;

function endpoint(call: EventhookCall): Promise<EventhookAnswer> {
	received.push(call);
	const url = new URL(call.url);
	const target = endpoints[`${url.origin}${url.pathname}`];
	if (!target) return Promise.reject(new Error('connect ECONNREFUSED'));
	if (call.method === 'GET') {
		return Promise.resolve({ status: 200, headers: {}, body: `${target.verify} ${url.searchParams.get('secret')}` });
	}
	return Promise.resolve({ status: target.status, headers: {}, body: '' });
}

beforeEach(() => {
	sim = new Simulator({ clients: { [CLIENT]: 'secret' } });
	bearer = `Bearer ${sim.oauth.issueToken({ clientId: CLIENT } as never).access_token}`;
	received = [];
	endpoints = { [URL_A]: { verify: VERIFY, status: 200 }, [URL_B]: { verify: VERIFY, status: 200 } };
	sim.eventhooks.transport = endpoint;
	sim.eventhooks.options.retryDelayMs = 5;
});

async function call(method: string, url: string, body?: unknown): Promise<SimResponse & { json: unknown }> {
	const res = await sim.handle({
		method,
		url,
		headers: { authorization: bearer, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { ...res, json: res.body ? JSON.parse(res.body) : null };
}

const register = (body: Record<string, unknown>) => call('POST', '/hooks/eventhook', { url: URL_A, verify: VERIFY, ...body });
const deliveries = () => received.filter((c) => c.method === 'POST');
const bodies = () => deliveries().map((c) => JSON.parse(String(c.body)) as { event: string; condition: string; payload: Record<string, string> });

describe('registration', () => {
	it('calls the URL with GET ?secret= and registers only after the "<verify> <secret>" answer', async () => {
		const gid = sim.model.createGroup('Newsletter').id;
		const res = await register({ event: 'receiver.subscribed', condition: gid });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ success: true, call_token: expect.stringMatching(/^[0-9a-f]{64}$/), secret: expect.stringMatching(/^[0-9a-f]{32}$/) });
		// The verification GET went to the registered URL, with a secret, before the POST answered.
		expect(received).toHaveLength(1);
		const verify = new URL(received[0].url);
		expect(received[0].method).toBe('GET');
		expect(`${verify.origin}${verify.pathname}`).toBe(URL_A);
		expect(verify.searchParams.get('secret')).toMatch(/^[0-9a-f]{32}$/);
		const [check] = sim.eventhooks.calls;
		const [registration] = sim.eventhooks.registrations;
		expect(check).toMatchObject({ kind: 'verify', status: 200, url: URL_A });
		expect(check.doneAt).toBeLessThanOrEqual(registration.answeredAt);
		expect(registration).toMatchObject({ url: URL_A, event: 'receiver.subscribed', condition: gid, verify: VERIFY });
		expect((await call('GET', '/hooks/eventhook')).json).toEqual([{ id: registration.id, url: URL_A, event: 'receiver.subscribed', condition: gid }]);
		// No /v3, but a token is needed like everywhere else.
		expect((await sim.handle({ method: 'GET', url: '/hooks/eventhook', headers: {}, body: undefined })).status).toBe(401);
	});

	it('refuses a wrong verification answer, no answer, a bad verify token, an unknown event or group', async () => {
		endpoints[URL_A].verify = 'another-token-123';
		expect(await register({ event: 'receiver' })).toMatchObject({ status: 400, json: { error: { message: 'Bad Request: url verification failed' } } });
		expect((await call('POST', '/hooks/eventhook', { url: 'https://nobody.example/x', event: 'receiver', verify: VERIFY })).status).toBe(400);
		expect(sim.eventhooks.calls.map((c) => c.error ?? c.status)).toEqual([200, 'connect ECONNREFUSED']);
		endpoints[URL_A].verify = VERIFY;
		expect((await register({ event: 'receiver', verify: 'short' })).json).toEqual({ error: { code: 400, message: 'Bad Request: verify must be 10 to 50 signs long' } });
		expect((await register({ event: 'receiver', verify: 'x'.repeat(51) })).status).toBe(400);
		expect((await register({ event: 'receiver.bounced' })).json).toEqual({ error: { code: 400, message: 'Bad Request: invalid event' } });
		expect((await register({ event: 'receiver', condition: '424242' })).status).toBe(404);
		expect(sim.eventhooks.registrations).toEqual([]);
	});

	it('a second registration for the same url, event and condition replaces the first (new call token)', async () => {
		const gid = sim.model.createGroup('G').id;
		const first = (await register({ event: 'receiver.created', condition: gid })).json as { call_token: string };
		const second = (await register({ event: 'receiver.created', condition: gid })).json as { call_token: string };
		expect(second.call_token).not.toBe(first.call_token);
		expect(sim.eventhooks.registrations.map((r) => r.callToken)).toEqual([second.call_token]);
	});
});

describe('delivery', () => {
	it('sends each receiver write to the matching registrations, with the call token and {condition, event, payload}', async () => {
		const g1 = sim.model.createGroup('G1').id;
		const g2 = sim.model.createGroup('G2').id;
		const token = ((await register({ event: 'receiver', condition: g1 })).json as { call_token: string }).call_token;
		await call('POST', '/hooks/eventhook', { url: URL_B, verify: VERIFY, event: 'receiver.unsubscribed', condition: g1 });
		received = [];
		const row = sim.model.addReceiver(g1, { email: 'a@example.com' }) as { id: string };
		sim.model.addReceiver(g2, { email: 'other-group@example.com' });
		sim.model.updateReceiver(g1, 'a@example.com', { source: 'changed' });
		sim.model.unsubscribe(g1, 'a@example.com');
		sim.model.activate(g1, 'a@example.com');
		sim.model.deleteReceiver(g1, 'a@example.com');
		await sim.eventhooks.settled();
		const toA = deliveries().filter((c) => c.url === URL_A);
		expect(toA.map((c) => JSON.parse(String(c.body)).event)).toEqual([
			'receiver.created',
			'receiver.subscribed',
			'receiver.updated',
			'receiver.updated',
			'receiver.unsubscribed',
			'receiver.updated',
			'receiver.subscribed',
			'receiver.deleted',
		]);
		expect(toA.every((c) => c.headers['x-cr-calltoken'] === token && c.headers['content-type'] === 'application/json')).toBe(true);
		expect(JSON.parse(String(toA[0].body))).toEqual({ condition: g1, event: 'receiver.created', payload: { group_id: g1, pool_id: row.id } });
		// URL_B registered only receiver.unsubscribed; nothing of group 2 went anywhere.
		expect(deliveries().filter((c) => c.url === URL_B).map((c) => JSON.parse(String(c.body)).event)).toEqual(['receiver.unsubscribed']);
		expect(bodies().every((b) => b.condition === g1)).toBe(true);
	});

	it('group and form events carry group_id / form_id; a registration without condition gets every group', async () => {
		await register({ event: 'group' });
		await register({ event: 'form.created' });
		received = [];
		const g = sim.model.createGroup('New').id;
		const form = sim.model.createForm(g) as { id: string };
		sim.model.updateGroup(g, { name: 'Renamed' });
		sim.model.deleteGroup(g);
		await sim.eventhooks.settled();
		expect(bodies()).toEqual([
			{ condition: g, event: 'group.created', payload: { group_id: g } },
			{ condition: g, event: 'form.created', payload: { form_id: form.id } },
			{ condition: g, event: 'group.updated', payload: { group_id: g } },
			{ condition: g, event: 'group.deleted', payload: { group_id: g } },
		]);
	});

	it('duplicates: every delivery is sent 1 + n times', async () => {
		const g = sim.model.createGroup('G').id;
		await register({ event: 'receiver.created', condition: g });
		received = [];
		sim.eventhooks.options.duplicates = 2;
		sim.model.addReceiver(g, { email: 'a@example.com' });
		await sim.eventhooks.settled();
		expect(deliveries()).toHaveLength(3);
		expect(new Set(deliveries().map((c) => c.body)).size).toBe(1);
		expect(sim.eventhooks.calls.filter((c) => c.kind === 'event').map((c) => c.copy)).toEqual([0, 1, 2]);
	});

	it('hold + release("lifo") delivers late and out of order; a registration deleted meanwhile gets nothing', async () => {
		const g = sim.model.createGroup('G').id;
		await register({ event: 'receiver', condition: g });
		received = [];
		sim.eventhooks.options.hold = true;
		sim.model.addReceiver(g, { email: 'a@example.com', activated: 0 });
		sim.model.activate(g, 'a@example.com');
		expect(deliveries()).toHaveLength(0);
		expect(sim.eventhooks.heldCount).toBe(3);
		expect(sim.eventhooks.release('lifo')).toBe(3);
		await sim.eventhooks.settled();
		expect(bodies().map((b) => b.event)).toEqual(['receiver.subscribed', 'receiver.updated', 'receiver.created']);

		sim.model.deactivate(g, 'a@example.com');
		expect((await call('DELETE', `/hooks/eventhook/receiver?condition=${g}`)).status).toBe(200);
		sim.eventhooks.release();
		await sim.eventhooks.settled();
		expect(deliveries()).toHaveLength(3);
		expect(sim.eventhooks.calls.filter((c) => c.status === -1)).toHaveLength(2);
	});

	it('failed deliveries are retried up to `attempts` times; an endpoint that is down gets them all refused', async () => {
		const g = sim.model.createGroup('G').id;
		await register({ event: 'receiver.created', condition: g });
		received = [];
		endpoints[URL_A].status = 503;
		sim.model.addReceiver(g, { email: 'a@example.com' });
		await sim.eventhooks.settled();
		expect(deliveries()).toHaveLength(3);
		expect(sim.eventhooks.calls.filter((c) => c.kind === 'event').map((c) => [c.attempt, c.status])).toEqual([[1, 503], [2, 503], [3, 503]]);

		delete endpoints[URL_A];
		sim.eventhooks.options.attempts = 2;
		sim.model.addReceiver(g, { email: 'b@example.com' });
		await sim.eventhooks.settled();
		const down = sim.eventhooks.calls.filter((c) => c.kind === 'event').slice(3);
		expect(down.map((c) => [c.attempt, c.status, c.error])).toEqual([[1, 0, 'connect ECONNREFUSED'], [2, 0, 'connect ECONNREFUSED']]);
	});
});

describe('DELETE /hooks/eventhook/{event}: both readings', () => {
	async function three() {
		const g1 = sim.model.createGroup('G1').id;
		const g2 = sim.model.createGroup('G2').id;
		await register({ event: 'receiver.created', condition: g1 });
		await call('POST', '/hooks/eventhook', { url: URL_B, verify: VERIFY, event: 'receiver.created', condition: g1 });
		await call('POST', '/hooks/eventhook', { url: URL_B, verify: VERIFY, event: 'receiver.created', condition: g2 });
		await call('POST', '/hooks/eventhook', { url: URL_B, verify: VERIFY, event: 'receiver.deleted', condition: g1 });
		return { g1, g2 };
	}
	const left = () => sim.eventhooks.list().map((r) => `${r.url === URL_A ? 'A' : 'B'} ${r.event} ${r.condition}`);

	it('"condition": every registration of that event and group goes, whoever made it', async () => {
		sim.eventhooks.options.deleteSemantics = 'condition';
		const { g1, g2 } = await three();
		expect((await call('DELETE', `/hooks/eventhook/receiver.created?condition=${g1}`)).json).toBe(true);
		expect(left()).toEqual([`B receiver.created ${g2}`, `B receiver.deleted ${g1}`]);
		expect((await call('DELETE', `/hooks/eventhook/receiver.created?condition=${g1}`)).status).toBe(404);
	});

	it('"event": every registration of that event goes, whatever the condition', async () => {
		sim.eventhooks.options.deleteSemantics = 'event';
		const { g1 } = await three();
		expect((await call('DELETE', `/hooks/eventhook/receiver.created?condition=${g1}`)).status).toBe(200);
		expect(left()).toEqual([`B receiver.deleted ${g1}`]);
	});
});

describe('admin API and real HTTP (server adapter)', () => {
	let receiver: http.Server;
	let receiverUrl: string;
	const got: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

	beforeEach(async () => {
		got.length = 0;
		receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				got.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
				const url = new URL(req.url ?? '/', 'http://x');
				if (req.method === 'GET') {
					res.writeHead(200, { 'content-type': 'text/plain' });
					res.end(`${VERIFY} ${url.searchParams.get('secret')}`);
				} else {
					res.writeHead(req.headers['x-cr-calltoken'] ? 200 : 401);
					res.end();
				}
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/cccc/cleverreach`;
	});
	afterEach(async () => {
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});

	it('registers and delivers over HTTP; the admin API shows registrations and calls, sets options and sends forged calls', async () => {
		const { httpTransport } = await import('./eventhooks.ts');
		sim.eventhooks.transport = httpTransport;
		const server = await startSimulatorServer(sim, { admin: true });
		try {
			const gid = sim.model.createGroup('G').id;
			const post = await fetch(`${server.url}/hooks/eventhook`, {
				method: 'POST',
				headers: { authorization: bearer, 'content-type': 'application/json' },
				body: JSON.stringify({ url: receiverUrl, event: 'receiver.created', condition: gid, verify: VERIFY }),
			});
			expect(post.status).toBe(200);
			expect(got.map((g) => g.method)).toEqual(['GET']);
			const admin = async (method: string, body?: unknown) =>
				(await (await fetch(`${server.url}/__sim/eventhooks`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as Record<string, unknown>;
			expect(await admin('POST', { options: { duplicates: 1 } })).toMatchObject({ options: { duplicates: 1 }, released: 0 });
			await fetch(`${server.url}/__sim/model`, { method: 'POST', body: JSON.stringify({ op: 'addReceiver', args: [gid, { email: 'a@example.com' }] }) });
			await sim.eventhooks.settled();
			expect(got.map((g) => g.method)).toEqual(['GET', 'POST', 'POST']);
			expect(got[1].headers['x-cr-calltoken']).toBe(sim.eventhooks.registrations[0].callToken);
			const state = await admin('GET');
			expect(state.registrations).toHaveLength(1);
			expect((state.calls as Array<{ kind: string; status: number }>).map((c) => `${c.kind} ${c.status}`)).toEqual(['verify 200', 'event 200', 'event 200']);
			const forged = await admin('POST', { send: { url: receiverUrl, body: { event: 'receiver.created' } } });
			expect(forged.sent).toMatchObject({ status: 401 });
		} finally {
			await server.close();
		}
	});
});
