/**
 * CleverReach Instant Trigger, the webhook lifecycle in n8n's webhook machinery (test/harness/webhook.ts) against
 * the simulator's eventhooks: registration with the verification call during `create`, the idle cost, deletion
 * under both readings of CleverReach's DELETE (other workflows' registrations survive), re-activation, restart,
 * configuration changes, a failed activation, and "Listen for test event".
 */
import type { INodeParameters } from 'n8n-workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import { CleverReachInstantTrigger } from '../../../nodes/CleverReachInstantTrigger/CleverReachInstantTrigger.node';
import { CredentialStore } from '../../harness/n8n';
import { CLIENT_ID } from '../../harness/simulator';
import type { HttpCall } from '../../harness/webhook';
import { connect, InstantRunner, useInstantFixture } from '../../harness/webhook';

const fx = useInstantFixture();
const { cr } = fx;
const HOOKS = '/hooks/eventhook';

function trigger(parameters: INodeParameters, options: ConstructorParameters<typeof InstantRunner>[2] = {}) {
	return new InstantRunner({ options: {}, ...parameters }, cr.credentials, options);
}
const listed = () => cr.sim.eventhooks.list().map((r) => `${r.event} ${r.condition} ${new URL(r.url).pathname.split('/')[2]}`);
const hooksOf = (runner: InstantRunner) => (runner.nodeStaticData.hooks ?? []) as Array<{ event: string; condition: string; url: string; token: string }>;

describe('CleverReach Instant Trigger: description', () => {
	it('is a webhook trigger: GET (verification) and POST (events) on one path, the three lifecycle methods, the CleverReach credential', () => {
		const node = new CleverReachInstantTrigger();
		const d = node.description;
		expect(d).toMatchObject({
			name: 'cleverReachInstantTrigger',
			displayName: 'CleverReach Instant Trigger',
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		});
		expect(d.polling).toBeUndefined();
		expect(d.usableAsTool).toBeUndefined();
		expect(d.webhooks?.map((w) => [w.name, w.httpMethod, w.path])).toEqual([
			['setup', 'GET', 'cleverreach'],
			['default', 'POST', 'cleverreach'],
		]);
		expect(Object.keys(node.webhookMethods.default)).toEqual(['checkExists', 'create', 'delete']);
		const events = d.properties.find((p) => p.name === 'events');
		expect(events?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'form.created', 'form.deleted', 'form.updated', 'group.created', 'group.deleted', 'group.updated',
			'receiver.created', 'receiver.deleted', 'receiver.subscribed', 'receiver.unsubscribed', 'receiver.updated',
		]);
	});
});

describe('activation', () => {
	it('registers each receiver event once per group (condition = group) and form/group events once, at /hooks/eventhook without /v3', async () => {
		const runner = trigger({ events: ['receiver.subscribed', 'receiver.unsubscribed', 'group.deleted'], groupIds: [fx.g2, fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		const posts = cr.sim.requests({ method: 'POST', path: HOOKS });
		expect(posts.map((e) => e.body)).toEqual([
			{ url: runner.url(), event: 'group.deleted', verify: expect.any(String) },
			{ url: runner.url(), event: 'receiver.subscribed', condition: fx.g1, verify: expect.any(String) },
			{ url: runner.url(), event: 'receiver.subscribed', condition: fx.g2, verify: expect.any(String) },
			{ url: runner.url(), event: 'receiver.unsubscribed', condition: fx.g1, verify: expect.any(String) },
			{ url: runner.url(), event: 'receiver.unsubscribed', condition: fx.g2, verify: expect.any(String) },
		]);
		expect(posts.every((e) => e.auth === 'bearer' && e.rawPath === HOOKS && e.status === 200)).toBe(true);
		const verify = (posts[0].body as { verify: string }).verify;
		expect(verify).toMatch(/^[0-9a-f]{40}$/);
		expect(posts.every((e) => (e.body as { verify: string }).verify === verify)).toBe(true);
		// Every registration's call token is in the saved static data, and only there.
		const tokens = cr.sim.eventhooks.registrations.map((r) => r.callToken);
		expect(hooksOf(runner).map((h) => h.token).sort()).toEqual([...tokens].sort());
		expect(runner.active).toBe(true);
	});

	it('answers the verification call that arrives during create, from the saved workflow, before the registration answers', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		const transport = cr.sim.eventhooks.transport;
		const seen: Array<{ call: HttpCall; savedHooks: unknown; status: number; body: string }> = [];
		cr.sim.eventhooks.transport = async (call, timeout) => {
			const savedHooks = runner.nodeStaticData.hooks;
			const answer = await transport(call, timeout);
			seen.push({ call, savedHooks, status: answer.status, body: answer.body });
			return answer;
		};
		await runner.activate();
		expect(seen).toHaveLength(1);
		const [check] = seen;
		const secret = new URL(check.call.url).searchParams.get('secret');
		expect(check.call.method).toBe('GET');
		expect(new URL(check.call.url).pathname).toBe(new URL(runner.url()).pathname);
		// n8n serves the call from the database: create's writes are not there yet.
		expect(check.savedHooks).toBeUndefined();
		const verify = (cr.sim.requests({ method: 'POST', path: HOOKS })[0].body as { verify: string }).verify;
		expect(check).toMatchObject({ status: 200, body: `${verify} ${secret}` });
		expect(runner.calls[0].answer.headers['content-type']).toBe('text/plain; charset=utf-8');
		const [verification] = cr.sim.eventhooks.calls;
		expect(verification.doneAt).toBeLessThanOrEqual(cr.sim.eventhooks.registrations[0].answeredAt);
	});

	it('the verify token is derived: the same after re-activation, different for another node or another credential secret', async () => {
		const verifyOf = async (runner: InstantRunner) => {
			connect(cr.sim.eventhooks, runner);
			cr.sim.resetLog();
			await runner.activate();
			const token = (cr.sim.requests({ method: 'POST', path: HOOKS })[0].body as { verify: string }).verify;
			await runner.deactivate();
			return token;
		};
		const parameters = { events: ['receiver.created'], groupIds: [fx.g1] };
		const a = trigger(parameters);
		const first = await verifyOf(a);
		expect(await verifyOf(a)).toBe(first);
		expect(await verifyOf(trigger(parameters, { webhookId: '11111111-2222-4333-8444-555555555555' }))).not.toBe(first);
		const other = new CredentialStore({ ...cr.credentials.data, clientSecret: 'another-secret' });
		cr.sim.oauth.registerClient(CLIENT_ID, 'another-secret');
		expect(await verifyOf(new InstantRunner({ ...parameters, options: {} }, other))).not.toBe(first);
	});

	it('an active trigger sends no request while nothing happens (idle cost 0)', async () => {
		const runner = trigger({ events: ['receiver.subscribed', 'receiver.updated'], groupIds: [fx.g1, fx.g2] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		const afterActivation = cr.sim.log.length;
		cr.sim.clock.advance(24 * 3600);
		await cr.sim.eventhooks.settled();
		expect(cr.sim.log.length).toBe(afterActivation);
		expect(runner.calls.filter((c) => c.call.method === 'POST')).toHaveLength(0);
	});

	it('receiver events without groups, or a group ID that is not one, fail the activation with a clear message and register nothing', async () => {
		const noGroups = trigger({ events: ['receiver.subscribed'], groupIds: [] });
		connect(cr.sim.eventhooks, noGroups);
		await expect(noGroups.activate()).rejects.toThrow('Groups: select the groups whose receiver events start the workflow');
		const bad = trigger({ events: ['receiver.subscribed'], groupIds: ['12a'] });
		await expect(bad.activate()).rejects.toThrow('Groups: "12a" is not a numeric CleverReach group ID');
		expect(cr.sim.count('POST', HOOKS)).toBe(0);
		expect(noGroups.active || bad.active).toBe(false);
	});

	it('a registration CleverReach refuses fails the activation, names event and group, and rolls back the ones already made', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1, fx.g2] });
		connect(cr.sim.eventhooks, runner);
		// The second registration: CleverReach cannot verify the URL.
		cr.sim.faults.add({ method: 'POST', path: HOOKS, status: 500, skip: 1 });
		const error = await runner.activate().then(
			() => null,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message.startsWith(`Could not register the CleverReach eventhook receiver.created for group ${fx.g2}: CleverReach is unavailable (HTTP 500): Internal Server Error`)).toBe(true);
		expect(error?.description).toMatch(/n8n must be reachable from the internet \(n8n's webhook URL points to localhost: set WEBHOOK_URL/);
		expect(cr.sim.eventhooks.list()).toEqual([]);
		expect(cr.sim.requests({ method: 'DELETE' }).map((e) => [e.path, e.query.condition])).toEqual([[`${HOOKS}/receiver.created`, fx.g1]]);
		expect(runner.active).toBe(false);
		expect(hooksOf(runner)).toEqual([]);
	});

	it('a URL CleverReach cannot reach: "url verification failed", with the hint to make n8n public', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		cr.sim.eventhooks.transport = async () => {
			throw new Error('connect ECONNREFUSED');
		};
		await expect(runner.activate()).rejects.toThrow(
			`Could not register the CleverReach eventhook receiver.created for group ${fx.g1}: CleverReach rejected the request: Bad Request: url verification failed`,
		);
	});
});

describe('deactivation: only this workflow\'s registrations go, under both readings of DELETE', () => {
	for (const semantics of ['condition', 'event'] as const) {
		describe(`DELETE removes every registration of the ${semantics === 'event' ? 'event' : 'event and group'}`, () => {
			beforeEach(() => {
				cr.sim.eventhooks.options.deleteSemantics = semantics;
			});

			it('alone: deactivation deletes its registrations (a second DELETE of the same event answering 404 is fine)', async () => {
				const runner = trigger({ events: ['receiver.created', 'receiver.deleted'], groupIds: [fx.g1, fx.g2] });
				connect(cr.sim.eventhooks, runner);
				await runner.activate();
				expect(cr.sim.eventhooks.list()).toHaveLength(4);
				await runner.deactivate();
				expect(cr.sim.eventhooks.list()).toEqual([]);
				expect(hooksOf(runner)).toEqual([]);
				const deletes = cr.sim.requests({ method: 'DELETE' });
				expect(deletes.map((e) => e.query.condition)).toEqual([fx.g1, fx.g2, fx.g1, fx.g2]);
				expect(deletes.map((e) => e.status)).toEqual(semantics === 'event' ? [200, 404, 200, 404] : [200, 200, 200, 200]);
				// Inactive: CleverReach's calls to the URL are refused by n8n and start nothing.
				cr.sim.model.addReceiver(fx.g1, { email: 'late@example.com' });
				await cr.sim.eventhooks.settled();
				expect(runner.executions).toEqual([]);
			});

			it('another workflow watching the same event keeps its registration and its events; this one keeps (and no longer answers) its own', async () => {
				const a = trigger({ events: ['receiver.created'], groupIds: [fx.g1] }, { workflowId: 'wf-a', webhookId: 'aaaaaaaa-0000-4000-8000-000000000001' });
				const b = trigger({ events: ['receiver.created', 'receiver.updated'], groupIds: [fx.g1, fx.g2] }, { workflowId: 'wf-b', webhookId: 'bbbbbbbb-0000-4000-8000-000000000002' });
				connect(cr.sim.eventhooks, a, b);
				await a.activate();
				await b.activate();
				await a.deactivate();
				expect(cr.sim.count('DELETE')).toBe(0);
				expect(listed()).toEqual([
					`receiver.created ${fx.g1} aaaaaaaa-0000-4000-8000-000000000001`,
					`receiver.created ${fx.g1} bbbbbbbb-0000-4000-8000-000000000002`,
					`receiver.created ${fx.g2} bbbbbbbb-0000-4000-8000-000000000002`,
					`receiver.updated ${fx.g1} bbbbbbbb-0000-4000-8000-000000000002`,
					`receiver.updated ${fx.g2} bbbbbbbb-0000-4000-8000-000000000002`,
				]);
				// A keeps the token of the registration it could not delete (it is still A's).
				expect(hooksOf(a).map((h) => `${h.event} ${h.condition}`)).toEqual([`receiver.created ${fx.g1}`]);
				cr.sim.model.addReceiver(fx.g1, { email: 'new@example.com' });
				await cr.sim.eventhooks.settled();
				expect(b.executions.map((e) => e.items[0].event)).toEqual(['receiver.created']);
				expect(a.executions).toEqual([]);
				expect(a.calls.at(-1)?.answer.status).toBe(404);

				// Re-activating A reuses its kept registration: no new POST, and its events arrive again.
				cr.sim.resetLog();
				await a.activate();
				expect(cr.sim.count('POST', HOOKS)).toBe(0);
				cr.sim.model.addReceiver(fx.g1, { email: 'again@example.com' });
				await cr.sim.eventhooks.settled();
				expect(a.executions).toHaveLength(1);
				expect(b.executions).toHaveLength(2);
			});

			it('another workflow on other events only: this one deletes, the other still receives', async () => {
				const a = trigger({ events: ['receiver.created'], groupIds: [fx.g1] }, { workflowId: 'wf-a', webhookId: 'aaaaaaaa-0000-4000-8000-000000000001' });
				const b = trigger({ events: ['receiver.deleted'], groupIds: [fx.g1] }, { workflowId: 'wf-b', webhookId: 'bbbbbbbb-0000-4000-8000-000000000002' });
				connect(cr.sim.eventhooks, a, b);
				await a.activate();
				await b.activate();
				await a.deactivate();
				expect(listed()).toEqual([`receiver.deleted ${fx.g1} bbbbbbbb-0000-4000-8000-000000000002`]);
				cr.sim.model.addReceiver(fx.g1, { email: 'x@example.com' });
				cr.sim.model.deleteReceiver(fx.g1, 'x@example.com');
				await cr.sim.eventhooks.settled();
				expect(b.executions.map((e) => e.items[0].event)).toEqual(['receiver.deleted']);
			});
		});
	}

	it('a registration of the whole entity by another integration ("receiver", e.g. a shop plugin) is protected too', async () => {
		cr.sim.eventhooks.options.deleteSemantics = 'event';
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		const plugin = 'https://shop.example/cleverreach/endpoint';
		const transport = cr.sim.eventhooks.transport;
		cr.sim.eventhooks.transport = async (call, timeout) =>
			call.url.startsWith(plugin) ? { status: 200, headers: {}, body: `shop-verify-token ${new URL(call.url).searchParams.get('secret')}` } : transport(call, timeout);
		await cr.sim.handle({
			method: 'POST', url: HOOKS, headers: { authorization: `Bearer ${String(cr.credentials.data.oauthTokenData?.access_token)}`, 'content-type': 'application/json' },
			body: JSON.stringify({ url: plugin, event: 'receiver', verify: 'shop-verify-token' }),
		});
		await runner.deactivate();
		expect(cr.sim.count('DELETE')).toBe(0);
		expect(cr.sim.eventhooks.list().map((r) => r.url)).toContain(plugin);
	});
});

describe('re-activation, restart and changes', () => {
	it('deactivate → activate registers again (new call tokens) and events arrive', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		const before = hooksOf(runner)[0].token;
		await runner.deactivate();
		await runner.activate();
		expect(hooksOf(runner)[0].token).not.toBe(before);
		expect(cr.sim.eventhooks.registrations.map((r) => r.callToken)).toEqual([hooksOf(runner)[0].token]);
		cr.sim.model.addReceiver(fx.g1, { email: 'a@example.com' });
		await cr.sim.eventhooks.settled();
		expect(runner.executions).toHaveLength(1);
	});

	it('restart (activation "init") with the registrations still listed: checkExists is true, one list request, no registration', async () => {
		const runner = trigger({ events: ['receiver.created', 'receiver.updated'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		const saved = runner.staticDataJson;
		cr.sim.resetLog();
		await runner.activate('init');
		expect(cr.sim.log.map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${HOOKS}`]);
		expect(runner.staticDataJson).toBe(saved);
	});

	it('restart after a registration vanished at CleverReach: only the missing one is registered again', async () => {
		const runner = trigger({ events: ['receiver.created', 'receiver.updated'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		cr.sim.eventhooks.registrations = cr.sim.eventhooks.registrations.filter((r) => r.event !== 'receiver.updated');
		cr.sim.resetLog();
		await runner.activate('init');
		expect(cr.sim.requests({ method: 'POST', path: HOOKS }).map((e) => (e.body as { event: string }).event)).toEqual(['receiver.updated']);
		expect(listed().map((l) => l.split(' ')[0])).toEqual(['receiver.created', 'receiver.updated']);
		expect(hooksOf(runner)).toHaveLength(2);
	});

	it('saving changed groups (n8n: remove, then add) deletes the old registrations and registers the new ones', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		await runner.deactivate();
		runner.parameters = { ...runner.parameters, groupIds: [fx.g2] };
		await runner.activate('update');
		expect(listed()).toEqual([`receiver.created ${fx.g2} ${runner.node.webhookId}`]);
		cr.sim.model.addReceiver(fx.g1, { email: 'old-group@example.com' });
		cr.sim.model.addReceiver(fx.g2, { email: 'new-group@example.com' });
		await cr.sim.eventhooks.settled();
		expect(runner.executions.map((e) => e.items[0].groupId)).toEqual([fx.g2]);
	});

	it('without the (unconfirmed) list endpoint it still registers and deletes', async () => {
		cr.sim.config.forbid.push({ method: 'GET', path: /^\/hooks\/eventhook$/ });
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		expect(cr.sim.eventhooks.list()).toHaveLength(1);
		await runner.deactivate();
		expect(cr.sim.eventhooks.list()).toEqual([]);
	});
});

describe('"Listen for test event"', () => {
	it('registers the test URL, runs one manual execution for the first event, then deletes the test registration', async () => {
		const runner = trigger({ events: ['receiver.subscribed'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.listen();
		expect(cr.sim.eventhooks.list().map((r) => r.url)).toEqual([runner.url(true)]);
		expect(runner.calls[0].call.url.startsWith(runner.url(true))).toBe(true);
		cr.sim.model.addReceiver(fx.g1, { email: 'test-event@example.com' });
		await cr.sim.eventhooks.settled();
		expect(runner.executions).toMatchObject([{ mode: 'manual', items: [{ event: 'receiver.subscribed', receiver: { email: 'test-event@example.com' } }] }]);
		expect(runner.listening).toBe(false);
		expect(cr.sim.eventhooks.list()).toEqual([]);
		expect(runner.staticDataJson).toBe('{}');
	});

	it('the listening timeout deletes the test registration too', async () => {
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1, fx.g2] });
		connect(cr.sim.eventhooks, runner);
		await runner.listen();
		expect(cr.sim.eventhooks.list()).toHaveLength(2);
		await runner.stopListening();
		expect(cr.sim.eventhooks.list()).toEqual([]);
	});

	it('listening while the workflow is active leaves the production registration and its events alone', async () => {
		cr.sim.eventhooks.options.deleteSemantics = 'event';
		const runner = trigger({ events: ['receiver.created'], groupIds: [fx.g1] });
		connect(cr.sim.eventhooks, runner);
		await runner.activate();
		await runner.listen();
		await runner.stopListening();
		expect(cr.sim.eventhooks.list().map((r) => r.url)).toContain(runner.url());
		cr.sim.model.addReceiver(fx.g1, { email: 'prod@example.com' });
		await cr.sim.eventhooks.settled();
		expect(runner.executions.map((e) => e.mode)).toEqual(['webhook']);
	});
});
