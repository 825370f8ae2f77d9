/**
 * `npm run bench` (through bench/run.mjs): request economy, poll cost and overhead of the CleverReach nodes,
 * measured against the simulator's TLS server on 127.0.0.1 (a separate process). The nodes run in n8n-core's
 * WorkflowExecute / PollContext (test/harness), and their requests really go over HTTPS: the preload sends
 * rest.cleverreach.com to the simulator's port, the certificate is checked against a throw-away test CA.
 * Raw baselines send the same requests with plain axios. Writes bench/results.json and bench/README.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { it } from 'vitest';
import { CleverReach } from '../nodes/CleverReach/CleverReach.node';
import { CredentialStore, registerNodeType, runNode } from '../test/harness/n8n';
import { PollRunner } from '../test/harness/poll';
import { gc, MB, median, round, timed, withMemory } from './lib/measure';
import { renderReadme } from './lib/report';
import type { BenchToken, LoggedRequest } from './lib/sim';
import { SimProcess } from './lib/sim';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
/** Fewer runs for the long sections (10,000 single requests, 100,000-row reads). */
const LONG_RUNS = Math.max(1, Math.min(RUNS, 3));
const ORIGIN = 'https://rest.cleverreach.com';
const SIZES = [1_000, 10_000, 100_000] as const;
const EVENTS = ['newReceiver', 'receiverUpdated', 'receiverUnsubscribed', 'receiverBounced', 'mailingFinished'] as const;

const ACTION_TYPE = 'n8n-nodes-cleverreach.cleverReach';
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const log = (...parts: unknown[]) => console.log('[bench]', ...parts);

type Results = Record<string, unknown>;

it('benchmarks the CleverReach nodes against the simulator', async () => {
	const started = performance.now();
	const sim = await SimProcess.start();
	try {
		const token = await sim.call<BenchToken>('token');
		const credentials = () =>
			new CredentialStore({
				clientId: token.clientId,
				clientSecret: token.clientSecret,
				grantType: 'authorizationCode',
				oauthTokenData: {
					access_token: token.access_token,
					refresh_token: token.refresh_token,
					expires_in: token.expires_in,
					token_type: 'bearer',
				},
			});
		const headers = { Authorization: `Bearer ${token.access_token}` };
		/** A plain script's client: axios with Node's default agent (keep-alive in Node 24). */
		const keepAlive = axios.create({ headers });
		/** Like n8n's request helper: a new agent (so a new TCP + TLS connection) for every request. */
		const fresh = axios.create({ headers });
		fresh.interceptors.request.use((config) => {
			config.httpsAgent = new https.Agent({ keepAlive: false });
			return config;
		});
		const replay = async (client: typeof keepAlive, request: LoggedRequest, rewrite = (p: string) => p) => {
			const query = new URLSearchParams(request.query).toString();
			const url = `${ORIGIN}${rewrite(request.rawPath)}${query ? `?${query}` : ''}`;
			await client.request({ method: request.method, url, data: request.body });
		};
		const createGroup = async (name: string) => (await sim.model<{ id: string }>('createGroup', { name })).id;
		const groupCount = async (gid: string) =>
			Number((await sim.model<IDataObject>('groupStats', gid)).total_count);
		const apiRequests = (entries: LoggedRequest[]) => {
			const auth = entries.filter((e) => e.path.startsWith('/oauth'));
			if (auth.length) throw new Error(`unexpected OAuth requests during a measurement: ${auth.length}`);
			return entries.length;
		};

		const results: Results = {
			generatedAt: new Date().toISOString(),
			environment: {
				node: process.version,
				platform: `${process.platform}-${process.arch}`,
				cpus: cpus().length,
				runs: RUNS,
				longRuns: LONG_RUNS,
				transport: 'HTTPS over 127.0.0.1 to the simulator in a separate process',
				loadAverage1mAtStart: round(loadavg()[0]),
			},
		};

		const sections: Record<string, number> = {};
		let mark = performance.now();
		const lap = (name: string) => {
			const now = performance.now();
			sections[name] = round((now - mark) / 1000, 1);
			mark = now;
		};

		// ---------------------------------------------------------------- bulkUpsert + perItemBaseline
		{
			const N = 10_000;
			log(`bulkUpsert: ${N} items, ${RUNS} runs (+1 warm-up) of node vs raw`);
			const input = Array.from({ length: N }, (_, i) => ({ email: `bulk${i}@example.com` }));
			const parameters: INodeParameters = {
				resource: 'receiver',
				operation: 'upsert',
				groupId: rl('0'),
				email: '={{ $json.email }}',
				activation: 'active',
			};
			const nodeRun = async (params: INodeParameters = parameters) => {
				const gid = await createGroup('bulk');
				await sim.resetLog();
				const { ms, value, connections } = await timed(() =>
					runNode({ ...params, groupId: rl(gid) }, input, credentials()),
				);
				if (value.error) throw value.error;
				const requests = await sim.requests(true);
				const stored = await groupCount(gid);
				if (value.items?.length !== N || stored !== N) {
					throw new Error(`bulkUpsert: ${value.items?.length} items out, ${stored} stored, expected ${N}`);
				}
				await sim.model('deleteGroup', gid);
				return { ms, requests, connections };
			};
			const warm = await nodeRun();
			const template = warm.requests;
			const rawRun = async (client: typeof keepAlive, rows: LoggedRequest[], expected = N) => {
				const gid = await createGroup('raw');
				await sim.resetLog();
				const rewrite = (p: string) => p.replace(/\/groups(\.json)?\/\d+\//, `/groups.json/${gid}/`);
				const { ms, connections } = await timed(async () => {
					for (const request of rows) await replay(client, request, rewrite);
				});
				const count = (await sim.requests()).length;
				if ((await groupCount(gid)) !== expected) throw new Error('raw upsert did not store every receiver');
				await sim.model('deleteGroup', gid);
				return { ms, count, connections };
			};
			await rawRun(keepAlive, template); // warm-up
			// What n8n itself costs for these 10,000 items, with the same node description and parameters but an
			// execute() that sends nothing: `empty` returns the items as they are (WorkflowExecute, run data, paired
			// items), `expression` also resolves the one per-item expression `email` (`={{ $json.email }}`).
			const probeRun = async (kind: 'empty' | 'expression') => {
				const probe = new CleverReach();
				probe.execute = async function (this: IExecuteFunctions) {
					const items = this.getInputData();
					if (kind === 'expression') for (let i = 0; i < items.length; i++) this.getNodeParameter('email', i);
					return [items.map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
				};
				registerNodeType(ACTION_TYPE, probe);
				try {
					const { ms, value } = await timed(() => runNode({ ...parameters, groupId: rl('1') }, input, credentials()));
					if (value.error) throw value.error;
					return ms;
				} finally {
					registerNodeType(ACTION_TYPE, new CleverReach());
				}
			};
			await probeRun('expression'); // warm-up
			await probeRun('empty');
			const probeMs: number[] = [];
			const emptyMs: number[] = [];
			const nodeMs: number[] = [];
			const rawMs: number[] = [];
			const requestCounts: number[] = [];
			let connections = 0;
			let rawConnections = 0;
			for (let r = 0; r < RUNS; r++) {
				// Alternate the order, so neither side always runs on a warmer (or more fragmented) process.
				const node = async () => {
					const n = await nodeRun();
					nodeMs.push(n.ms);
					requestCounts.push(apiRequests(n.requests));
					connections = n.connections;
				};
				const raw = async () => {
					const run = await rawRun(keepAlive, template);
					rawMs.push(run.ms);
					rawConnections = run.connections;
				};
				for (const run of r % 2 ? [raw, node] : [node, raw]) await run();
				probeMs.push(await probeRun('expression'));
				emptyMs.push(await probeRun('empty'));
			}
			const wallMs = median(nodeMs);
			const rawWallMs = median(rawMs);
			const n8nMs = median(emptyMs);
			const expressionMs = median(probeMs) - n8nMs;
			results.bulkUpsert = {
				items: N,
				requests: Math.max(...requestCounts),
				requestsByPath: byPath(template),
				largestBatch: Math.max(...template.map((t) => (Array.isArray(t.body) ? t.body.length : 0))),
				connections,
				rawConnections,
				wallMs: round(wallMs, 1),
				rawWallMs: round(rawWallMs, 1),
				ratioToRaw: round(wallMs / rawWallMs),
				n8nExecutionMs: round(n8nMs, 1),
				n8nExpressionMs: round(expressionMs, 1),
				nodeCodeAndRequestsMs: round(wallMs - rawWallMs - n8nMs - expressionMs, 1),
				ratioToRawWithoutExpressions: round((wallMs - expressionMs) / rawWallMs),
				nodeRunsMs: nodeMs.map((m) => round(m, 1)),
				rawRunsMs: rawMs.map((m) => round(m, 1)),
				n8nExecutionRunsMs: emptyMs.map((m) => round(m, 1)),
				n8nExpressionProbeRunsMs: probeMs.map((m) => round(m, 1)),
			};

			// The same 10,000 receivers with Input Data Mode "Map Automatically From Input": the node reads `email`
			// from each item's JSON (no per-item expression); the other parameters are read once per execution.
			{
				const { email: _email, ...rest } = parameters;
				const autoParameters: INodeParameters = { ...rest, inputMode: 'autoMap' };
				const autoTemplate = (await nodeRun(autoParameters)).requests; // warm-up
				await rawRun(keepAlive, autoTemplate);
				const autoMs: number[] = [];
				const autoRawMs: number[] = [];
				const autoFreshMs: number[] = [];
				const autoCounts: number[] = [];
				let autoConnections = 0;
				for (let r = 0; r < RUNS; r++) {
					const node = async () => {
						const n = await nodeRun(autoParameters);
						autoMs.push(n.ms);
						autoCounts.push(apiRequests(n.requests));
						autoConnections = n.connections;
					};
					const raw = async () => {
						autoRawMs.push((await rawRun(keepAlive, autoTemplate)).ms);
					};
					for (const run of r % 2 ? [raw, node] : [node, raw]) await run();
					// The same script opening a new connection per request, as n8n's request helper does.
					autoFreshMs.push((await rawRun(fresh, autoTemplate)).ms);
				}
				(results.bulkUpsert as IDataObject).autoMap = {
					items: N,
					inputMode: 'autoMap (Map Automatically From Input)',
					requests: Math.max(...autoCounts),
					requestsByPath: byPath(autoTemplate),
					connections: autoConnections,
					wallMs: round(median(autoMs), 1),
					rawWallMs: round(median(autoRawMs), 1),
					ratioToRaw: round(median(autoMs) / median(autoRawMs)),
					rawNewConnectionWallMs: round(median(autoFreshMs), 1),
					ratioToRawNewConnection: round(median(autoMs) / median(autoFreshMs)),
					nodeRunsMs: autoMs.map((m) => round(m, 1)),
					rawRunsMs: autoRawMs.map((m) => round(m, 1)),
				};
				log('bulkUpsert.autoMap', JSON.stringify((results.bulkUpsert as IDataObject).autoMap));
			}


			// The same, with a global attribute per item (a realistic sync): the node reads the attribute definitions.
			await sim.model('createAttribute', { name: 'firstname', type: 'text' });
			const withAttributes = input.map((item, i) => ({ ...item, firstname: `Name${i}` }));
			const gid = await createGroup('bulk-attributes');
			await sim.resetLog();
			const attr = await timed(() =>
				runNode(
					{
						...parameters,
						groupId: rl(gid),
						globalAttributes: { attribute: [{ name: 'firstname', value: '={{ $json.firstname }}' }] },
					},
					withAttributes,
					credentials(),
				),
			);
			if (attr.value.error) throw attr.value.error;
			const attrRequests = await sim.requests();
			await sim.model('deleteGroup', gid);
			(results.bulkUpsert as IDataObject).withGlobalAttribute = {
				items: N,
				requests: apiRequests(attrRequests),
				requestsByPath: byPath(attrRequests),
				wallMs: round(attr.ms, 1),
			};
			log('bulkUpsert', JSON.stringify(results.bulkUpsert));
			lap('bulkUpsert');

			// What per-item nodes do: one request per receiver (same endpoint, same rows, one row each), sequentially.
			// Measured with a keep-alive client (all 10,000), and with a new connection per request the way n8n's
			// request helper sends them (a sample of SAMPLE requests: ~12 ms each would make 10,000 take minutes).
			const SAMPLE = 1_000;
			log(`perItemBaseline: ${N} single-row requests × ${LONG_RUNS} runs, plus ${SAMPLE} on new connections × ${LONG_RUNS}`);
			const single = template.flatMap((t) =>
				(t.body as IDataObject[]).map((row) => ({ ...t, body: [row] }) as LoggedRequest),
			);
			const keepMs: number[] = [];
			const freshMs: number[] = [];
			let perItemRequests = 0;
			for (let r = 0; r < LONG_RUNS; r++) {
				const a = await rawRun(keepAlive, single);
				keepMs.push(a.ms);
				perItemRequests = a.count;
				freshMs.push((await rawRun(fresh, single.slice(0, SAMPLE), SAMPLE)).ms);
			}
			const perRequestFresh = median(freshMs) / SAMPLE;
			results.perItemBaseline = {
				items: N,
				requests: perItemRequests,
				wallMs: round(median(keepMs), 1),
				connection: 'one keep-alive connection (a plain script at its best)',
				ratioToBulkUpsert: round(median(keepMs) / wallMs, 1),
				runsMs: keepMs.map((m) => round(m, 1)),
				newConnectionPerRequest: {
					sampleRequests: SAMPLE,
					perRequestMs: round(perRequestFresh, 2),
					estimatedWallMs: Math.round(perRequestFresh * N),
					ratioToBulkUpsert: round((perRequestFresh * N) / wallMs, 1),
					note: 'a new TCP + TLS connection per request, as n8n’s request helper opens one for every request',
				},
			};
			log('perItemBaseline', results.perItemBaseline);
			lap('perItemBaseline');
		}

		// ---------------------------------------------------------------- groups of 1,000 / 10,000 / 100,000
		const groups: Record<number, string> = {};
		for (const size of SIZES) {
			const gid = await createGroup(`size-${size}`);
			await sim.call('addReceivers', gid, size, {
				prefix: `g${size}-`,
				inactiveShare: 0.05,
				unsubscribedShare: 0.02,
				bouncedShare: 0.01,
				tags: ['bench'],
			});
			// A finished mailing to the group, so Mailing Finished has history too.
			const mailing = await sim.model<{ id: string }>('createMailing', {
				name: `Mailing ${size}`,
				subject: 'Hello',
				sender_name: 'Bench',
				sender_email: 'bench@example.com',
				content: { type: 'text', text: 'Hello' },
				receivers: { groups: [gid] },
			});
			await sim.model('finishMailing', mailing.id);
			groups[size] = gid;
		}
		await sim.call('advance', 60);
		lap('seedGroups');

		// ---------------------------------------------------------------- idlePoll
		{
			log(`idlePoll: ${EVENTS.length} events × ${SIZES.length} group sizes, ${RUNS} idle polls each`);
			const bySize: IDataObject = {};
			let worst = 0;
			for (const size of SIZES) {
				const perEvent: IDataObject = {};
				for (const event of EVENTS) {
					const runner = new PollRunner(
						{ event, watch: 'selected', groupIds: [groups[size]], includeDetails: false, includeReport: true },
						credentials(),
					);
					await sim.resetLog();
					await runner.pollOk(); // activation: the cursor starts at "now"
					const activationRequests = apiRequests(await sim.requests());
					const counts: number[] = [];
					const times: number[] = [];
					let emitted = 0;
					for (let r = 0; r < RUNS; r++) {
						await sim.resetLog();
						const { ms, value } = await timed(() => runner.pollOk(), false);
						emitted += value.length;
						times.push(ms);
						counts.push(apiRequests(await sim.requests()));
					}
					if (emitted) throw new Error(`idlePoll ${event}/${size}: emitted ${emitted} items with nothing new`);
					const requests = Math.max(...counts);
					worst = Math.max(worst, requests);
					perEvent[event] = {
						requests,
						wallMs: round(median(times), 1),
						activationRequests,
						staticDataBytes: runner.staticDataSize,
					};
				}
				bySize[String(size)] = perEvent;
			}
			// All three groups watched by one trigger: still one search per poll.
			const three = new PollRunner(
				{ event: 'newReceiver', watch: 'selected', groupIds: SIZES.map((size) => groups[size]) },
				credentials(),
			);
			await three.pollOk();
			await sim.resetLog();
			const threeEmitted = (await three.pollOk()).length;
			const threeGroups = { watchedGroups: SIZES.length, event: 'newReceiver', requests: apiRequests(await sim.requests()) };
			if (threeEmitted) throw new Error('idlePoll: the three-group trigger emitted items with nothing new');
			results.idlePoll = { watchedGroups: 1, maxRequestsPerPoll: worst, byGroupSize: bySize, threeGroups };
			lap('idlePoll');
			log('idlePoll', JSON.stringify(results.idlePoll));
		}

		// ---------------------------------------------------------------- getManyAll
		{
			const N = 100_000;
			const gid = groups[N];
			log(`getManyAll: Return All over ${N} receivers, ${LONG_RUNS} runs`);
			const parameters: INodeParameters = {
				resource: 'receiver',
				operation: 'getMany',
				groupId: rl(gid),
				status: 'all',
				returnAll: true,
			};
			const runs: Array<{ ms: number; heap: number; total: number; rss: number; retained: number; requests: number }> = [];
			for (let r = 0; r < LONG_RUNS; r++) {
				await sim.resetLog();
				const m = await withMemory(() => runNode(parameters, [{}], credentials()));
				if (m.value.error) throw m.value.error;
				if (m.value.items?.length !== N) throw new Error(`getManyAll returned ${m.value.items?.length} items`);
				runs.push({
					ms: m.ms,
					heap: m.peakHeapGrowth,
					total: m.peakTotalGrowth,
					rss: m.peakRssGrowth,
					retained: m.retainedHeap,
					requests: apiRequests(await sim.requests()),
				});
				m.value = undefined as never;
				gc();
			}
			const pageSize = 5000;
			// The same on the 10,000 group, and with one receiver less: the empty last page only exists for exact multiples.
			const check = async (groupId: string) => {
				await sim.resetLog();
				const out = await runNode({ ...parameters, groupId: rl(groupId) }, [{}], credentials());
				if (out.error) throw out.error;
				return { receivers: out.items?.length ?? 0, requests: apiRequests(await sim.requests()) };
			};
			const exact = await check(groups[10_000]);
			await sim.model('deleteReceiver', groups[10_000], 'g10000-0@example.com');
			const short = await check(groups[10_000]);
			results.getManyAll = {
				receivers: N,
				requests: Math.max(...runs.map((r) => r.requests)),
				largestPageSize: pageSize,
				minimumRequests: Math.ceil(N / pageSize),
				wallMs: round(median(runs.map((r) => r.ms)), 1),
				peakHeapGrowthMB: round(median(runs.map((r) => r.heap)) / MB, 1),
				peakHeapExternalGrowthMB: round(median(runs.map((r) => r.total)) / MB, 1),
				peakRssGrowthMB: round(median(runs.map((r) => r.rss)) / MB, 1),
				retainedHeapMB: round(median(runs.map((r) => r.retained)) / MB, 1),
				bytesPerReceiverPeak: Math.round(median(runs.map((r) => r.heap)) / N),
				checks: [exact, short].map((c) => ({ ...c, minimumRequests: Math.ceil(c.receivers / pageSize) })),
			};
			lap('getManyAll');
			log('getManyAll', results.getManyAll);
		}

		// ---------------------------------------------------------------- catchUpPoll
		{
			const NEW = 5_000;
			log(`catchUpPoll: ${NEW} new receivers in a 100,000 group, ${LONG_RUNS} runs`);
			const catchUp = async (spreadSeconds: number) => {
				const gid = await createGroup('catch-up');
				await sim.call('addReceivers', gid, 100_000, { prefix: 'old-' });
				// Max Events per Poll 10,000: the whole catch-up in one execution.
				const runner = new PollRunner({ event: 'newReceiver', watch: 'selected', groupIds: [gid], options: { maxEvents: 10_000 } }, credentials());
				await runner.pollOk();
				await sim.call('advance', 3600);
				await sim.call('addReceivers', gid, NEW, { prefix: 'new-', spreadSeconds });
				await sim.resetLog();
				const { ms, value } = await timed(() => runner.pollOk());
				const requests = apiRequests(await sim.requests());
				await sim.model('deleteGroup', gid);
				if (value.length !== NEW) throw new Error(`catchUpPoll emitted ${value.length} of ${NEW}`);
				return { ms, requests, items: value.length, staticDataBytes: runner.staticDataSize };
			};
			const runs = [];
			for (let r = 0; r < LONG_RUNS; r++) runs.push(await catchUp(3600));
			const burst = await catchUp(0);
			results.catchUpPoll = {
				newReceivers: NEW,
				groupReceivers: 100_000,
				arrival: 'spread over the hour since the last poll',
				requests: Math.max(...runs.map((r) => r.requests)),
				itemsEmitted: runs[0].items,
				wallMs: round(median(runs.map((r) => r.ms)), 1),
				staticDataBytes: runs[0].staticDataBytes,
				sameSecondImport: { requests: burst.requests, itemsEmitted: burst.items, wallMs: round(burst.ms, 1) },
			};
			lap('catchUpPoll');
			log('catchUpPoll', results.catchUpPoll);
		}

		// ---------------------------------------------------------------- staticDataBytes
		{
			const POLLS = 1_000;
			const gid = groups[100_000];
			log(`staticDataBytes: ${POLLS} polls on the 100,000 group, receivers arriving between polls`);
			const runner = new PollRunner({ event: 'newReceiver', watch: 'selected', groupIds: [gid] }, credentials());
			await runner.pollOk();
			let seed = 7;
			const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
			let added = 0;
			let emitted = 0;
			let maxBytes = 0;
			let requests = 0;
			await sim.resetLog();
			for (let p = 1; p <= POLLS; p++) {
				await sim.call('advance', 60);
				// Mostly quiet minutes, some sign-ups, and every 100 polls a bulk import of 120 in one second.
				let n = random() < 0.6 ? 0 : 1 + Math.floor(random() * 8);
				let spreadSeconds = 59;
				if (p % 100 === 50) {
					n = 120;
					spreadSeconds = 0;
				}
				if (n) {
					await sim.call('addReceivers', gid, n, { prefix: 'poll-', offset: added, spreadSeconds });
					added += n;
				}
				emitted += (await runner.pollOk()).length;
				maxBytes = Math.max(maxBytes, runner.staticDataSize);
				if (p % 100 === 0) {
					requests += apiRequests(await sim.requests());
					await sim.resetLog();
				}
			}
			results.staticDataBytes = {
				polls: POLLS,
				groupReceivers: 100_000,
				watchedGroups: 1,
				event: 'newReceiver',
				bytes: runner.staticDataSize,
				maxBytes,
				perWatchedGroup: runner.staticDataSize,
				receiversAdded: added,
				itemsEmitted: emitted,
				requests,
			};
			lap('staticDataBytes');
			log('staticDataBytes', results.staticDataBytes);
		}

		// ---------------------------------------------------------------- overhead
		{
			const N = 200;
			log(`overhead: Receiver › Get for ${N} items, ${RUNS} runs (+1 warm-up) vs raw`);
			const gid = groups[1_000];
			const input = Array.from({ length: N }, (_, i) => ({ email: `g1000-${i + 1}@example.com` }));
			const parameters: INodeParameters = {
				resource: 'receiver',
				operation: 'get',
				scope: 'group',
				groupId: rl(gid),
				receiver: '={{ $json.email }}',
			};
			const nodeRun = async () => {
				await sim.resetLog();
				const { ms, value, connections } = await timed(() => runNode(parameters, input, credentials()));
				if (value.error) throw value.error;
				if (value.items?.length !== N) throw new Error(`overhead: ${value.items?.length} items`);
				return { ms, connections, requests: await sim.requests() };
			};
			const template = (await nodeRun()).requests;
			const rawRun = async (client: typeof keepAlive) =>
				await timed(async () => {
					for (const request of template) await replay(client, request);
				});
			await rawRun(keepAlive);
			await rawRun(fresh);
			const nodeMs: number[] = [];
			const keepMs: number[] = [];
			const freshMs: number[] = [];
			let requests = 0;
			let connections = 0;
			let rawConnections = 0;
			for (let r = 0; r < RUNS; r++) {
				const n = await nodeRun();
				nodeMs.push(n.ms);
				requests = apiRequests(n.requests);
				connections = n.connections;
				const raw = await rawRun(keepAlive);
				keepMs.push(raw.ms);
				rawConnections = raw.connections;
				freshMs.push((await rawRun(fresh)).ms);
			}
			// n8n's request helper opens one connection per request; more means something intercepts the sockets (a
			// test library such as nock loaded into the bench), which would also distort every timing.
			if (connections !== requests) throw new Error(`overhead: ${connections} TLS connections for ${requests} requests`);
			const perItem = (values: number[]) => median(values) / N;
			results.overhead = {
				operation: 'Receiver › Get (one GET per item)',
				items: N,
				requests,
				connections,
				rawConnections,
				nodePerItemMs: round(perItem(nodeMs), 3),
				rawPerItemMs: round(perItem(keepMs), 3),
				ratio: round(perItem(nodeMs) / perItem(keepMs)),
				rawNewConnectionPerItemMs: round(perItem(freshMs), 3),
				ratioToRawNewConnection: round(perItem(nodeMs) / perItem(freshMs)),
			};
			lap('overhead');
			log('overhead', results.overhead);
		}

		// ---------------------------------------------------------------- instantTrigger
		{
			log('instantTrigger: activation, idle cost and latency of the eventhook trigger');
			// Imported here, last: its webhook harness loads nock, whose interceptors would sit under every request
			// (and open a second socket per TLS connection) in the sections before.
			const { benchInstantTrigger } = await import('./lib/instant');
			results.instantTrigger = await benchInstantTrigger(sim, credentials, { events: RUNS * 10, idleSeconds: 10 });
			lap('instantTrigger');
			log('instantTrigger', JSON.stringify(results.instantTrigger));
		}

		(results.environment as IDataObject).loadAverage1mAtEnd = round(loadavg()[0]);
		results.sectionSeconds = sections;
		results.benchSeconds = round((performance.now() - started) / 1000, 1);
		const file = (name: string) => new URL(name, import.meta.url);
		// The queue-mode throughput figure comes from `npm run bench:queue` (real n8n, workers, Redis, PostgreSQL); keep it.
		const previous = existsSync(file('results.json')) ? (JSON.parse(readFileSync(file('results.json'), 'utf8')) as Results) : {};
		if (previous.queueThroughput) results.queueThroughput = previous.queueThroughput;
		writeFileSync(file('results.json'), `${JSON.stringify(results, null, '\t')}\n`);
		writeFileSync(file('README.md'), renderReadme(results));
		log(`wrote bench/results.json and bench/README.md in ${results.benchSeconds} s`);
	} finally {
		await sim.stop();
	}
});

function byPath(entries: LoggedRequest[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const e of entries) {
		const key = `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
		out[key] = (out[key] ?? 0) + 1;
	}
	return out;
}
