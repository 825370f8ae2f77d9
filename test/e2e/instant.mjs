// End-to-end check of the CleverReach Instant Trigger in a real n8n (called by run.mjs, see README "Instant
// trigger"): the simulator's eventhooks register with n8n's production webhook URL (the verification call goes to the
// running n8n while the node's `create` runs), deliver receiver events over real HTTP, and the executions are read
// from n8n's database. Measures the latency from the change in the simulator to the execution's start.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER } from './editor.mjs';
import { runN8n, sleep, startN8n } from './lib/harness.mjs';

const INSTANT_TYPE = 'n8n-nodes-cleverreach.cleverReachInstantTrigger';
const A = { id: 'e2eWfInstant0001', webhookId: '0e2e0001-1111-4111-8111-000000000001', node: 'On Receiver Events' };
const B = { id: 'e2eWfInstant0002', webhookId: '0e2e0002-2222-4222-8222-000000000002', node: 'On New Receiver' };
const RECEIVER_EVENTS = ['receiver.created', 'receiver.deleted', 'receiver.subscribed', 'receiver.unsubscribed', 'receiver.updated'];
const LATENCY_TARGET_MS = 2000;

function workflowJson({ id, webhookId, node }, name, parameters, credential) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		nodes: [
			{
				id: `${webhookId.slice(0, 8)}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`,
				name: node,
				type: INSTANT_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { cleverReachOAuth2Api: credential },
			},
		],
		connections: {},
		pinData: {},
	};
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};
const parseDbTime = (value) => (value ? Date.parse(`${String(value).replace(' ', 'T')}${/Z$/.test(value) ? '' : 'Z'}`) : NaN);

/** A logged-in REST client for the running n8n (owner setup on a fresh instance, else login). */
async function restClient(url) {
	let cookie = '';
	const setup = await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
	if (setup.ok) cookie = setup.headers.get('set-cookie') ?? '';
	else {
		const login = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
		cookie = login.headers.get('set-cookie') ?? '';
	}
	const auth = cookie.split(';')[0];
	return async (method, path, body) => {
		const res = await fetch(`${url}/rest${path}`, {
			method,
			headers: { cookie: auth, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = text;
		}
		return { status: res.status, json, text };
	};
}

export async function instantPhase({ n8nBin, env, sim, executions, check, say, artifacts, credential, cliLog, deactivateFirst = [] }) {
	const hooks = () => sim.admin('GET', '/__sim/eventhooks');
	const setOptions = (options) => sim.admin('POST', '/__sim/eventhooks', { options });
	const g1 = (await sim.model('createGroup', { name: 'e2e instant 1' })).id;
	const g2 = (await sim.model('createGroup', { name: 'e2e instant 2' })).id;
	const file = join(artifacts, 'instant-workflows.json');
	writeFileSync(
		file,
		JSON.stringify([
			workflowJson(A, 'e2e: CleverReach Instant Trigger (receiver events, 2 groups)', { events: RECEIVER_EVENTS, groupIds: [g1, g2], options: {} }, credential),
			workflowJson(B, 'e2e: CleverReach Instant Trigger (new receivers, group 1)', { events: ['receiver.created'], groupIds: [g1], options: { fetchReceiver: false } }, credential),
		]),
	);
	const imported = await runN8n(n8nBin, ['import:workflow', `--input=${file}`], { env, logFile: cliLog });
	check('instant: n8n import:workflow (two instant-trigger workflows)', imported.code === 0, `${imported.stdout}${imported.stderr}`.slice(-1500));

	say('instant: n8n start…');
	const server = await startN8n(n8nBin, { env, logFile: join(artifacts, 'n8n-start-instant.log') });
	try {
		const rest = await restClient(server.url);
		for (const id of deactivateFirst) await rest('POST', `/workflows/${id}/deactivate`, {});
		const base = env.N8N_WEBHOOK_URL.replace(/\/$/, '');
		const urlOf = (wf) => `${base}/webhook/${wf.webhookId}/cleverreach`;
		const activate = async (wf) => {
			const current = await rest('GET', `/workflows/${wf.id}`);
			const res = await rest('POST', `/workflows/${wf.id}/activate`, { versionId: current.json?.data?.versionId });
			return { ...res, answeredAt: Date.now() };
		};
		const deactivate = async (wf) => rest('POST', `/workflows/${wf.id}/deactivate`, {});
		const runs = (wf) => executions.list(wf.id);
		const itemsOf = (wf) => runs(wf).flatMap((run) => (run.runData[wf.node]?.[0]?.data?.main?.[0] ?? []).map((item) => ({ run, json: item.json })));
		const waitFor = async (predicate, timeoutMs = 20_000) => {
			const deadline = Date.now() + timeoutMs;
			while (!(await predicate()) && Date.now() < deadline) await sleep(250);
			return await predicate();
		};
		// n8n 2.41 publishes through its publication service: the REST call returns before the triggers are activated.
		const registeredFor = async (wf) => ofUrl((await hooks()).registrations, wf).length;
		const ofUrl = (list, wf) => list.filter((r) => r.url === urlOf(wf));

		// ---- activation: one registration per event and group, each verified by a GET to n8n during create
		await sim.admin('POST', '/__sim/reset-log');
		await sim.admin('POST', '/__sim/eventhooks', { clearCalls: true });
		const started = Date.now();
		const activated = await activate(A);
		await waitFor(async () => (await registeredFor(A)) === 10);
		const state = await hooks();
		const registered = ofUrl(state.registrations, A);
		check('instant: activation through n8n\'s REST API succeeds', activated.status === 200 && activated.json?.data?.active === true,
			`${activated.status} ${activated.text.slice(0, 1500)}`);
		check('instant: 10 registrations (5 receiver events × 2 groups) for n8n\'s production webhook URL',
			registered.length === 10 && RECEIVER_EVENTS.every((e) => [g1, g2].every((g) => registered.some((r) => r.event === e && r.condition === g))),
			JSON.stringify(state.registrations.map((r) => `${r.event} ${r.condition} ${r.url}`)));
		const verifications = state.calls.filter((c) => c.kind === 'verify');
		check('instant: each registration was verified by a GET to the running n8n that answered "<verify> <secret>" before the registration answered',
			verifications.length === 10 && verifications.every((v) => v.status === 200 && v.answer?.startsWith(`${registered[0]?.verify} `)) &&
				registered.every((r) => verifications.some((v) => v.event === r.event && v.condition === r.condition && v.doneAt <= r.answeredAt)),
			JSON.stringify(verifications.map((v) => ({ status: v.status, doneAt: v.doneAt, answer: v.answer?.slice(0, 12) }))));
		const registerCalls = (await sim.log()).filter((e) => e.path === '/hooks/eventhook' && e.method === 'POST');
		check('instant: registrations went to https://rest.cleverreach.com/hooks/eventhook (no /v3) with a 40-character verify token',
			registerCalls.length === 10 && registerCalls.every((e) => e.rawPath === '/hooks/eventhook' && e.status === 200 && /^[0-9a-f]{40}$/.test(e.body?.verify ?? '')),
			JSON.stringify(registerCalls.map((e) => [e.rawPath, e.status, e.body?.verify])));
		const lastRegistration = Math.max(...registered.map((r) => r.answeredAt));
		say(`instant: activation: REST answered after ${activated.answeredAt - started} ms, the 10 registrations were done after ${lastRegistration - started} ms`);

		// ---- idle: nothing happens, nothing is sent
		await sim.admin('POST', '/__sim/reset-log');
		await sleep(10_000);
		const idle = await sim.log();
		check('instant: idle for 10 s: 0 requests to CleverReach', idle.length === 0, JSON.stringify(idle.map((e) => `${e.method} ${e.path}`)));

		// ---- events: latency from the simulator's write to n8n's execution start
		const latencies = [];
		const emitted = (wf, event, receiverId) => itemsOf(wf).filter((i) => i.json.event === event && String(i.json.receiverId) === String(receiverId));
		const measure = async (wf, event, receiverId) => {
			const call = (await hooks()).calls.find((c) => c.kind === 'event' && c.url === urlOf(wf) && c.event === event && c.payload?.pool_id === String(receiverId) && c.status === 200);
			const item = emitted(wf, event, receiverId)[0];
			const latency = call && item ? parseDbTime(item.run.startedAt) - call.changedAt : NaN;
			if (Number.isFinite(latency)) latencies.push(latency);
			return latency;
		};
		const rows = [];
		for (let i = 0; i < 5; i++) {
			rows.push(await sim.model('addReceiver', g1, { email: `instant-${i}@example.com`, global_attributes: {} }));
			await waitFor(() => emitted(A, 'receiver.subscribed', rows[i].id).length > 0);
			await measure(A, 'receiver.created', rows[i].id);
			await measure(A, 'receiver.subscribed', rows[i].id);
		}
		const subscribed = itemsOf(A).filter((i) => i.json.event === 'receiver.subscribed');
		check('instant: 5 new active receivers → 5 "receiver.created" and 5 "receiver.subscribed" executions, each with the receiver read from CleverReach',
			rows.every((r) => emitted(A, 'receiver.created', r.id).length === 1 && emitted(A, 'receiver.subscribed', r.id).length === 1) &&
				subscribed.every((i) => i.json.receiver?.email?.startsWith('instant-') && i.json.groupId === g1),
			JSON.stringify(itemsOf(A).map((i) => [i.json.event, i.json.receiverId, i.json.receiver?.email])));
		const target = rows[0];
		await sim.model('updateReceiver', g1, target.id, { source: 'e2e update' });
		await waitFor(() => emitted(A, 'receiver.updated', target.id).length > 0);
		await sim.model('unsubscribe', g1, target.email);
		await waitFor(() => emitted(A, 'receiver.unsubscribed', target.id).length > 0 && emitted(A, 'receiver.updated', target.id).length > 1);
		await sim.model('deleteReceiver', g1, target.id);
		await waitFor(() => emitted(A, 'receiver.deleted', target.id).length > 0);
		await sleep(1000);
		for (const event of ['receiver.updated', 'receiver.unsubscribed', 'receiver.deleted']) await measure(A, event, target.id);
		const counts = Object.fromEntries(['receiver.updated', 'receiver.unsubscribed', 'receiver.deleted'].map((e) => [e, emitted(A, e, target.id).length]));
		check('instant: update, unsubscribe and delete of one receiver → "receiver.updated" ×2 (the update and the unsubscribe), "receiver.unsubscribed" ×1, "receiver.deleted" ×1 (not read)',
			counts['receiver.updated'] === 2 && counts['receiver.unsubscribed'] === 1 && counts['receiver.deleted'] === 1 &&
				emitted(A, 'receiver.deleted', target.id)[0]?.json.receiver === undefined,
			JSON.stringify(counts));
		const med = median(latencies);
		const max = Math.max(...latencies);
		say(`instant: latency from the change in the simulator to the execution start: median ${med} ms, max ${max} ms over ${latencies.length} events`);
		check(`instant: latency change → execution start ≤ ${LATENCY_TARGET_MS} ms (median ${med} ms, max ${max} ms, ${latencies.length} events)`,
			latencies.length >= 10 && max <= LATENCY_TARGET_MS, JSON.stringify(latencies));
		writeFileSync(join(artifacts, 'instant-latency.json'), JSON.stringify({ medianMs: med, maxMs: max, latencies }, null, 1));
		check('instant: every instant-trigger execution succeeded', runs(A).every((r) => r.status === 'success'), runs(A).map((r) => `${r.id}:${r.status}`).join(' '));

		// ---- duplicates: every delivery sent three times → one execution per event
		const before = runs(A).length;
		await setOptions({ duplicates: 2 });
		const dup = await sim.model('addReceiver', g2, { email: 'instant-dup@example.com', global_attributes: {} });
		await waitFor(() => emitted(A, 'receiver.created', dup.id).length > 0 && emitted(A, 'receiver.subscribed', dup.id).length > 0);
		await waitFor(async () => (await hooks()).calls.filter((c) => c.kind === 'event' && c.payload?.pool_id === dup.id).length >= 6);
		await sleep(1500);
		await setOptions({ duplicates: 0 });
		const dupCalls = (await hooks()).calls.filter((c) => c.kind === 'event' && c.payload?.pool_id === dup.id);
		check('instant: each delivery arrived 3 times (at-least-once), each event started one execution',
			dupCalls.length === 6 && dupCalls.every((c) => c.status === 200) && runs(A).length === before + 2 &&
				emitted(A, 'receiver.created', dup.id).length === 1 && emitted(A, 'receiver.subscribed', dup.id).length === 1,
			`${dupCalls.length} calls, ${runs(A).length - before} executions`);

		// ---- forged and malformed calls
		const runsBefore = runs(A).length;
		const url = urlOf(A);
		const realToken = registered.find((r) => r.event === 'receiver.created' && r.condition === g1)?.callToken;
		const send = async (token, body) => (await sim.admin('POST', '/__sim/eventhooks', { send: { url, token, body } })).sent;
		const forgedBody = { condition: g1, event: 'receiver.created', payload: { group_id: g1, pool_id: rows[1].id } };
		const wrong = await send('f'.repeat(64), forgedBody);
		const missing = await send(undefined, forgedBody);
		const malformed = await send(realToken, { event: 'receiver.created', condition: g1 });
		const invalidJson = await send(realToken, '{"event":');
		await sleep(1500);
		check('instant: a forged call (wrong call token) gets 401, no token 401, and neither starts an execution',
			wrong?.status === 401 && missing?.status === 401 && runs(A).length === runsBefore, JSON.stringify({ wrong, missing, runs: runs(A).length - runsBefore }));
		check('instant: a malformed body with a valid token gets 400 (invalid JSON: n8n\'s own 422) and starts nothing',
			malformed?.status === 400 && invalidJson?.status === 422 && runs(A).length === runsBefore, JSON.stringify({ malformed, invalidJson }));

		// ---- deactivation removes the registrations; nothing arrives any more; re-activation works
		const deactivated = await deactivate(A);
		await waitFor(async () => (await registeredFor(A)) === 0);
		const afterDeactivation = ofUrl((await hooks()).registrations, A);
		check('instant: deactivation removes all 10 registrations at CleverReach',
			deactivated.status === 200 && afterDeactivation.length === 0, JSON.stringify(afterDeactivation.map((r) => `${r.event} ${r.condition}`)));
		const runsInactive = runs(A).length;
		await sim.model('addReceiver', g1, { email: 'instant-while-inactive@example.com', global_attributes: {} });
		await sleep(2000);
		check('instant: a change while the workflow is inactive starts nothing', runs(A).length === runsInactive, `${runs(A).length - runsInactive} new`);
		const again = await activate(A);
		await waitFor(async () => (await registeredFor(A)) === 10);
		const back = await sim.model('addReceiver', g2, { email: 'instant-reactivated@example.com', global_attributes: {} });
		const arrived = await waitFor(() => emitted(A, 'receiver.subscribed', back.id).length > 0);
		check('instant: re-activation registers again and events arrive', again.status === 200 && ofUrl((await hooks()).registrations, A).length === 10 && arrived,
			`${again.status} ${again.text.slice(0, 500)}`);

		// ---- restart: the registrations are still there, n8n's activation only checks them
		await server.stop();
		await sim.admin('POST', '/__sim/reset-log');
		const restarted = await startN8n(n8nBin, { env, logFile: join(artifacts, 'n8n-start-instant.log') });
		try {
			await waitFor(async () => (await sim.log()).some((e) => e.path === '/hooks/eventhook'), 15_000);
			await sleep(3000);
			const restartLog = await sim.log();
			check('instant: after an n8n restart the activation only lists the registrations (no new registration)',
				restartLog.filter((e) => e.path.startsWith('/hooks')).every((e) => e.method === 'GET') && ofUrl((await hooks()).registrations, A).length === 10,
				JSON.stringify(restartLog.map((e) => `${e.method} ${e.path} ${e.status}`)));
			const late = await sim.model('addReceiver', g1, { email: 'instant-after-restart@example.com', global_attributes: {} });
			check('instant: after the restart events arrive', await waitFor(() => emitted(A, 'receiver.subscribed', late.id).length > 0), '');

			// ---- another workflow sharing an event: A's deactivation keeps what B needs
			const restB = await restClient(restarted.url);
			const currentB = await restB('GET', `/workflows/${B.id}`);
			const activatedB = await restB('POST', `/workflows/${B.id}/activate`, { versionId: currentB.json?.data?.versionId });
			await waitFor(async () => (await registeredFor(B)) === 1);
			await restB('POST', `/workflows/${A.id}/deactivate`, {});
			await waitFor(async () => (await registeredFor(A)) === 2);
			await sleep(1000);
			const left = (await hooks()).registrations;
			const leftA = ofUrl(left, A).map((r) => `${r.event} ${r.condition}`).sort();
			check('instant: with a second workflow watching receiver.created, deactivating the first deletes its other 8 registrations and keeps its 2 receiver.created ones (a DELETE could take the other workflow\'s with it)',
				activatedB.status === 200 && ofUrl(left, B).length === 1 && JSON.stringify(leftA) === JSON.stringify([`receiver.created ${g1}`, `receiver.created ${g2}`]),
				JSON.stringify(left.map((r) => `${r.event} ${r.condition} ${r.url}`)));
			const shared = await sim.model('addReceiver', g1, { email: 'instant-shared@example.com', global_attributes: {} });
			const bGot = await waitFor(() => itemsOf(B).some((i) => String(i.json.receiverId) === String(shared.id)));
			await sleep(1000);
			const aCalls = (await hooks()).calls.filter((c) => c.url === urlOf(A) && c.payload?.pool_id === shared.id);
			check('instant: the other workflow still receives its events; the inactive one starts nothing (n8n answers its URL 404)',
				bGot && !emitted(A, 'receiver.created', shared.id).length && aCalls.length > 0 && aCalls.every((c) => c.status === 404),
				JSON.stringify({ bGot, aCalls: aCalls.map((c) => c.status) }));
			await restB('POST', `/workflows/${B.id}/deactivate`, {});
		} finally {
			await restarted.stop();
		}
	} finally {
		await server.stop();
	}
}
