/**
 * Instant trigger storm: two workflows with CleverReach Instant Triggers on one account (one watching every receiver
 * event in two groups, one watching new receivers in one of them) while the account changes at random for 400 steps
 * and everything at-least-once delivery can do happens: duplicate copies, held and reversed batches, deliveries that
 * fail before n8n (refused, 503) and deliveries whose answer is lost after n8n processed them (so CleverReach sends
 * them again), 5xx on the receiver reads, forged and malformed calls, and a deactivation/re-activation midway.
 *
 * Ground truth is the simulator's own record of its deliveries: every delivery (one event for one registration)
 * that n8n answered must have started exactly one execution, whatever its copies and retries; no forged or
 * malformed call may start one; and no call token or verify token may appear in any error, answer or log line.
 */
import type { IDataObject } from 'n8n-workflow';
import { expect, it } from 'vitest';
import { useSimulator } from '../harness/simulator';
import { connect, InstantRunner } from '../harness/webhook';
import { mulberry32 } from '../simulator/index.ts';
import { addSecret, recordError, recordLog, trackSecrets } from './secrets';

const cr = useSimulator();
trackSecrets(cr);

const STEPS = 400;
const RECEIVER_EVENTS = ['receiver.created', 'receiver.deleted', 'receiver.subscribed', 'receiver.unsubscribed', 'receiver.updated'];

it(`instant trigger storm: ${STEPS} random changes under at-least-once delivery faults: no event lost or repeated, nothing forged, no secret leaked`, async () => {
	const random = mulberry32(14_2026);
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const sim = cr.sim;
	sim.eventhooks.options.retryDelayMs = 1;
	sim.eventhooks.options.attempts = 6;
	const g1 = sim.model.createGroup('Newsletter').id;
	const g2 = sim.model.createGroup('Customers').id;
	const a = new InstantRunner({ events: RECEIVER_EVENTS, groupIds: [g1, g2], options: {} }, cr.credentials, { workflowId: 'wf-a', webhookId: 'aaaaaaaa-1111-4111-8111-000000000001' });
	const b = new InstantRunner({ events: ['receiver.created'], groupIds: [g1], options: { fetchReceiver: false } }, cr.credentials, { workflowId: 'wf-b', webhookId: 'bbbbbbbb-2222-4222-8222-000000000002' });
	connect(sim.eventhooks, a, b);
	const inProcess = sim.eventhooks.transport;
	/** What n8n answered, per delivery of the simulator (all its copies and retries). */
	const n8nAnswers = new Map<number, { url: string; event: string; receiverId: string; answers: string[] }>();
	// Faults between CleverReach and n8n; a lost answer means n8n has processed the call.
	sim.eventhooks.transport = async (call, timeout) => {
		const roll = random();
		if (call.method === 'POST' && roll < 0.05) throw new Error('connect ECONNREFUSED');
		if (call.method === 'POST' && roll < 0.1) return { status: 503, headers: {}, body: 'Service Unavailable' };
		const record = sim.eventhooks.calls.findLast(
			(c) => c.kind === 'event' && c.doneAt === 0 && c.url === call.url && c.delivery !== undefined &&
				JSON.stringify({ condition: c.condition, event: c.event, payload: c.payload }) === call.body,
		);
		const answer = await inProcess(call, timeout);
		if (call.method === 'POST') recordLog('instant answer', [answer.body]);
		if (record?.delivery !== undefined) {
			const entry = n8nAnswers.get(record.delivery) ?? { url: call.url, event: String(record.event), receiverId: String(record.payload?.pool_id), answers: [] };
			entry.answers.push(answer.body);
			n8nAnswers.set(record.delivery, entry);
		}
		if (call.method === 'POST' && roll < 0.15) throw new Error('socket hang up (answer lost)');
		return answer;
	};
	sim.faults.random({ seed: 7, rate: 0.05, kinds: [500, 502, 503], method: 'GET', path: /^\/v3\/groups\/\d+\/receivers\/\d+$/ });

	const activate = async (runner: InstantRunner) => {
		try {
			await runner.activate();
		} catch (error) {
			recordError('activation', error);
			throw error;
		}
		for (const r of sim.eventhooks.registrations) {
			addSecret(r.callToken);
			addSecret(r.verify);
		}
	};
	await activate(a);
	await activate(b);

	const emails: Array<{ group: string; email: string }> = [];
	let forged = 0;
	for (let step = 0; step < STEPS; step++) {
		const roll = random();
		const group = pick([g1, g2]);
		try {
			if (roll < 0.3 || !emails.length) {
				const email = `storm-${step}@example.com`;
				sim.model.addReceiver(group, { email, activated: random() < 0.3 ? 0 : undefined });
				emails.push({ group, email });
			} else if (roll < 0.45) {
				const r = pick(emails);
				sim.model.updateReceiver(r.group, r.email, { source: `step ${step}` });
			} else if (roll < 0.55) {
				const r = pick(emails);
				sim.model.unsubscribe(r.group, r.email);
			} else if (roll < 0.62) {
				const r = pick(emails);
				sim.model.activate(r.group, r.email);
			} else if (roll < 0.7) {
				const r = emails.splice(Math.floor(random() * emails.length), 1)[0];
				sim.model.deleteReceiver(r.group, r.email);
			} else if (roll < 0.78) {
				sim.eventhooks.options.duplicates = Math.floor(random() * 3);
			} else if (roll < 0.84) {
				sim.eventhooks.options.hold = true;
			} else if (roll < 0.9) {
				sim.eventhooks.options.hold = false;
				sim.eventhooks.release(random() < 0.5 ? 'lifo' : 'fifo');
			} else {
				// Forged and malformed calls to both URLs.
				const runner = pick([a, b]);
				const token = pick([undefined, 'f'.repeat(64), sim.eventhooks.registrations.find((r) => r.url === runner.url())?.callToken]);
				const body = token && token.length === 64 && token !== 'f'.repeat(64) ? { event: 'receiver.created', condition: g1 } : { condition: g1, event: 'receiver.created', payload: { group_id: g1, pool_id: '1' } };
				const answer = await runner.handle({ method: 'POST', url: runner.url(), headers: { 'content-type': 'application/json', ...(token ? { 'x-cr-calltoken': token } : {}) }, body: JSON.stringify(body) });
				recordLog('forged answer', [answer.body]);
				expect([400, 401]).toContain(answer.status);
				forged++;
			}
		} catch (error) {
			// A receiver picked twice may be gone already; nothing else may fail.
			if (!/invalid receiver/.test(String((error as Error).message))) throw error;
		}
		if (step === Math.floor(STEPS / 2)) {
			sim.eventhooks.options.hold = false;
			sim.eventhooks.release();
			await sim.eventhooks.settled();
			await a.deactivate();
			await activate(a);
		}
		if (step % 10 === 0) await sim.eventhooks.settled();
	}
	sim.eventhooks.options.hold = false;
	sim.eventhooks.release();
	await sim.eventhooks.settled();

	const STARTED = '{"message":"Workflow was started"}';
	const executions = [...a.executions, ...b.executions];
	const deliveries = [...n8nAnswers.values()];
	const started = (d: (typeof deliveries)[number]) => d.answers.filter((x) => x === STARTED).length;
	// Never more executions than deliveries of an event for a receiver, whatever the copies and retries; events
	// that happen once per receiver (created, deleted) at most once; a delivery that started nothing was a repeat
	// (or reached the first workflow while it was inactive).
	const count = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
	for (const runner of [a, b]) {
		const emitted = count(runner.executions.map((e) => `${String(e.items[0].event)} ${String(e.items[0].receiverId)}`));
		const sent = count(deliveries.filter((d) => d.url === runner.url()).map((d) => `${d.event} ${d.receiverId}`));
		expect([...emitted].filter(([k, n]) => n > (sent.get(k) ?? 0)), runner.workflowId).toEqual([]);
		expect([...emitted].filter(([k, n]) => /^receiver\.(created|deleted) /.test(k) && n > 1), runner.workflowId).toEqual([]);
	}
	expect(deliveries.filter((d) => started(d) === 0 && !d.answers.some((x) => x.startsWith('Ignored') || x.includes('is not registered')))).toEqual([]);
	expect(executions.length).toBe(deliveries.reduce((n, d) => n + started(d), 0));
	expect(executions.every((e) => !e.error && e.items.length === 1)).toBe(true);
	// No event of a receiver is lost: each (event, receiver) delivered to a workflow is among its items.
	for (const runner of [a, b]) {
		const emitted = new Set(runner.executions.map((e) => `${String(e.items[0].event)} ${String(e.items[0].receiverId)}`));
		const missing = deliveries.filter((d) => d.url === runner.url() && !d.answers.every((x) => x.includes('is not registered')) && !emitted.has(`${d.event} ${d.receiverId}`));
		expect(missing, runner.workflowId).toEqual([]);
	}
	expect(forged).toBeGreaterThan(10);
	expect(deliveries.length).toBeGreaterThan(300);
	// Repeats were really exercised: copies and retries that reached n8n and were recognised.
	const repeats = deliveries.flatMap((d) => d.answers).filter((x) => x === 'Ignored: repeated delivery').length;
	expect(repeats).toBeGreaterThan(20);
	for (const e of executions) for (const item of e.items) if ((item as IDataObject).receiverError) recordError('receiver read', item);
	console.log(`instant storm: ${deliveries.length} deliveries reached n8n, ${executions.length} executions, ${repeats} repeats ignored, ${forged} forged calls refused`);
});
