/**
 * The instant trigger's section of the bench: the trigger runs in n8n-core's webhook machinery
 * (test/harness/webhook.ts) behind a real HTTP server in the bench process (n8n's webhook server stand-in); the
 * simulator process registers it and delivers its eventhook calls over real HTTP, as CleverReach would.
 *
 * - `activation`: requests and wall time of the activation (list + one registration with its verification call).
 * - `idle`: requests to CleverReach while nothing happens for `idleSeconds` (the polling trigger: one per minute).
 * - `latency`: from the simulator's write (its clock, ms) to the moment n8n would start the execution (webhook()
 *   returned the item), per event, sequential events; with and without reading the receiver (one GET per event).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { IDataObject } from 'n8n-workflow';
import type { CredentialStore } from '../../test/harness/n8n';
import { InstantRunner } from '../../test/harness/webhook';
import { median, round } from './measure';
import type { SimProcess } from './sim';

interface EventhookCall {
	kind: 'verify' | 'event';
	url: string;
	payload?: Record<string, string>;
	status: number;
	changedAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export async function benchInstantTrigger(
	sim: SimProcess,
	credentials: () => CredentialStore,
	options: { events: number; idleSeconds: number },
): Promise<IDataObject> {
	let runner: InstantRunner | undefined;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
			const body = Buffer.concat(chunks).toString('utf8');
			const call = { method: req.method ?? 'GET', url: `${base}${req.url ?? '/'}`, headers, body: body || undefined };
			void (runner ? runner.handle(call) : Promise.resolve({ status: 404, headers: {}, body: '' })).then(
				(answer) => {
					res.writeHead(answer.status, answer.headers);
					res.end(answer.body);
				},
				(error: Error) => {
					res.writeHead(500);
					res.end(error.message);
				},
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	try {
		const gid = (await sim.model<{ id: string }>('createGroup', { name: 'instant' })).id;
		const byMode: IDataObject = {};
		for (const fetchReceiver of [true, false]) {
			const trigger = new InstantRunner(
				{ events: ['receiver.created'], groupIds: [gid], options: { fetchReceiver } },
				credentials(),
				{ baseUrl: base, webhookId: fetchReceiver ? 'bench-instant-fetch' : 'bench-instant-plain' },
			);
			runner = trigger;
			await sim.resetLog();
			const started = performance.now();
			await trigger.activate();
			const activationMs = performance.now() - started;
			const activationRequests = (await sim.requests()).length;

			await sim.resetLog();
			await sleep(options.idleSeconds * 1000);
			const idleRequests = (await sim.requests()).length;

			const emails: string[] = [];
			for (let i = 0; i < options.events; i++) {
				const email = `instant-${fetchReceiver ? 'fetch' : 'plain'}-${i}@example.com`;
				emails.push(email);
				await sim.model('addReceiver', gid, { email });
				const deadline = Date.now() + 10_000;
				while (trigger.executions.length < i + 1 && Date.now() < deadline) await sleep(1);
			}
			const eventRequests = (await sim.requests()).length;
			const calls = (await sim.call<EventhookCall[]>('eventhookCalls')).filter((c) => c.kind === 'event' && c.url === trigger.url() && c.status === 200);
			const latencies = trigger.executions.map((execution) => {
				const item = execution.items[0];
				const call = calls.find((c) => c.payload?.pool_id === item.receiverId);
				return call ? execution.at - call.changedAt : NaN;
			});
			if (trigger.executions.length !== options.events || latencies.some((l) => !Number.isFinite(l))) {
				throw new Error(`instantTrigger: ${trigger.executions.length} executions for ${options.events} events`);
			}
			if (fetchReceiver && !trigger.executions.every((e, i) => (e.items[0].receiver as IDataObject | undefined)?.email === emails[i])) {
				throw new Error('instantTrigger: an item did not carry the receiver it was about');
			}
			byMode[fetchReceiver ? 'fetchReceiver' : 'withoutFetch'] = {
				events: options.events,
				medianMs: round(median(latencies), 1),
				p95Ms: round(percentile(latencies, 0.95), 1),
				maxMs: round(Math.max(...latencies), 1),
				requestsPerEvent: round(eventRequests / options.events, 2),
				activationRequests,
				activationMs: round(activationMs, 1),
				idleRequests,
			};
			await trigger.deactivate();
		}
		return { idleSeconds: options.idleSeconds, watchedGroups: 1, registrations: 1, ...byMode };
	} finally {
		runner = undefined;
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
