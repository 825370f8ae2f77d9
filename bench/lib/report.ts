/** Renders bench/README.md from the results: the table, what each figure means, and why a target is missed. */
type Json = Record<string, unknown>;

const n = (value: unknown, digits = 0): string =>
	typeof value === 'number' && Number.isFinite(value)
		? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
		: String(value);
const ms = (value: unknown) => `${n(value, 0)} ms`;
const check = (ok: boolean) => (ok ? '✅ met' : '❌ missed');

export function renderReadme(results: Json): string {
	const env = results.environment as Json;
	const bulk = results.bulkUpsert as Json;
	const attr = bulk.withGlobalAttribute as Json;
	const auto = bulk.autoMap as Json;
	const perItem = results.perItemBaseline as Json;
	const fresh = perItem.newConnectionPerRequest as Json;
	const all = results.getManyAll as Json;
	const idle = results.idlePoll as Json;
	const bySize = idle.byGroupSize as Record<string, Record<string, Json>>;
	const catchUp = results.catchUpPoll as Json;
	const burst = catchUp.sameSecondImport as Json;
	const state = results.staticDataBytes as Json;
	const over = results.overhead as Json;
	const instant = results.instantTrigger as Json | undefined;
	const instantRows = instant ? renderInstantRows(instant) : [];
	const checks = all.checks as Json[];
	const queue = results.queueThroughput as Json | undefined;

	const sizes = Object.keys(bySize);
	const events = Object.keys(bySize[sizes[0]]);
	const idleOk = Number(idle.maxRequestsPerPoll) <= Number(idle.watchedGroups);
	const stateOk = Number(state.maxBytes) <= 16 * 1024;
	const bulkRequestsOk = Number(bulk.requests) <= 10;
	const ratioOk = Number(bulk.ratioToRaw) <= 1.2;
	const allOk = Number(all.requests) === Number(all.minimumRequests);

	const lines: string[] = [];
	const p = (...text: string[]) => lines.push(...text);
	p(
		'# Benchmarks',
		'',
		'`npm run bench` measures how many requests the CleverReach nodes send and what they cost, against the',
		"CleverReach simulator (`test/simulator`) served over HTTPS on 127.0.0.1. This file and `results.json` are",
		'written by the run; do not edit them by hand.',
		'',
		`Last run: ${String(results.generatedAt)}, Node ${String(env.node)}, ${String(env.platform)}, ${n(env.cpus)} CPU cores; ` +
			`timings are medians of ${n(env.runs)} runs (${n(env.longRuns)} for the long sections), the whole bench took ${n(results.benchSeconds)} s.`,
		'',
		`Run it with \`npm run bench\` (installs Node 24 and the dependencies on a fresh clone first; \`BENCH_RUNS=n\` changes the number of timed runs). The machine's load average was ${n(env.loadAverage1mAtStart, 1)} at the start and ${n(env.loadAverage1mAtEnd, 1)} at the end: other work on the machine makes single timings noisy, which is why every timing is a median and node and raw runs alternate.`,
		'',
		'## Results',
		'',
		'| Figure | Measured | Target | |',
		'|---|---|---|---|',
		`| \`bulkUpsert\`: requests for ${n(bulk.items)} items into one group | ${n(bulk.requests)} (batches of ${n(bulk.largestBatch)}; ${n(bulk.connections)} TLS connections, the script ${n(bulk.rawConnections)}) | ≤ 10 | ${check(bulkRequestsOk)} |`,
		`| \`bulkUpsert\`: wall time, and ratio to a plain batched script sending the same requests | ${ms(bulk.wallMs)} vs ${ms(bulk.rawWallMs)} = **${n(bulk.ratioToRaw, 2)}×** | ≤ 1.2× | ${check(ratioOk)}, see [note 1](#1-bulk-upsert-time-is-n8ns-expression-engine-not-requests) |`,
		`| \`bulkUpsert.autoMap\`: the same ${n(bulk.items)} receivers with Input Data Mode "Map Automatically From Input" (no per-item expressions) | ${n(auto.requests)} requests, ${ms(auto.wallMs)} vs ${ms(auto.rawWallMs)} = **${n(auto.ratioToRaw, 2)}×** (${n(auto.ratioToRawNewConnection, 2)}× a script opening a new connection per request, as n8n's request helper does) | ≤ 1.2× | ${check(Number(auto.ratioToRaw) <= 1.2)}, see [note 1](#1-bulk-upsert-time-is-n8ns-expression-engine-not-requests) |`,
		`| \`bulkUpsert\` with one global attribute per item | ${n(attr.requests)} requests, ${ms(attr.wallMs)} | | see [note 2](#2-two-attribute-reads-per-execution) |`,
		`| \`perItemBaseline\`: the same ${n(perItem.items)} receivers, one request each, keep-alive | ${n(perItem.requests)} requests, ${ms(perItem.wallMs)} (${n(perItem.ratioToBulkUpsert, 1)}× the node's bulk upsert) | comparison | |`,
		`| \`perItemBaseline\`, a new connection per request (as n8n sends them) | ${n(fresh.perRequestMs, 2)} ms per request → ~${ms(fresh.estimatedWallMs)} for ${n(perItem.items)} (${n(fresh.ratioToBulkUpsert, 1)}×) | comparison | |`,
		`| \`getManyAll\`: Return All over ${n(all.receivers)} receivers | ${n(all.requests)} requests (pages of ${n(all.largestPageSize)}), ${ms(all.wallMs)} | ceil(N / ${n(all.largestPageSize)}) = ${n(all.minimumRequests)} | ${check(allOk)}${allOk ? '' : ', see [note 3](#3-return-all-one-empty-page-when-n-is-a-multiple-of-5000)'} |`,
		`| \`getManyAll\`: peak memory growth | heap ${n(all.peakHeapGrowthMB, 1)} MB (heap + buffers ${n(all.peakHeapExternalGrowthMB, 1)} MB), ${n(all.retainedHeapMB, 1)} MB retained with the output | report | |`,
		`| \`idlePoll\`: requests per poll with nothing new (5 events × groups of ${sizes.map((s) => n(Number(s))).join(' / ')}) | max ${n(idle.maxRequestsPerPoll)} | ≤ 1 per watched group and event | ${check(idleOk)} |`,
		`| \`catchUpPoll\`: a poll after ${n(catchUp.newReceivers)} new receivers | ${n(catchUp.requests)} requests, ${n(catchUp.itemsEmitted)} items, ${ms(catchUp.wallMs)} | report | |`,
		`| \`catchUpPoll\`, all ${n(catchUp.newReceivers)} imported in the same second | ${n(burst.requests)} requests, ${n(burst.itemsEmitted)} items | report | |`,
		`| \`staticDataBytes\`: trigger state after ${n(state.polls)} polls (${n(state.groupReceivers)} receivers) | ${n(state.bytes)} bytes at the end, ${n(state.maxBytes)} at most | ≤ 16 KB per trigger (issue target) | ${check(stateOk)} |`,
		`| \`overhead\`: per item, ${String(over.operation)} | ${n(over.nodePerItemMs, 2)} ms vs ${n(over.rawPerItemMs, 2)} ms raw = **${n(over.ratio, 2)}×** (${n(over.ratioToRawNewConnection, 2)}× a raw call on a new connection; ${n(over.connections)} TLS connections for ${n(over.requests)} requests, the script ${n(over.rawConnections)}) | report | see [note 4](#4-per-item-overhead-is-mostly-n8ns-new-connection-per-request) |`,
		...instantRows,
		...(queue
			? (['autoMap', 'expressions'] as const)
					.filter((kind) => queue[kind])
					.map((kind) => {
						const q = queue[kind] as Json;
						const mode = kind === 'autoMap' ? 'Map Automatically From Input' : 'email from `{{ $json.email }}`';
						return `| \`queueThroughput.${kind}\`: ${n(q.executions)} parallel Create or Update executions of ${n(q.receiversPerExecution)} receivers (${mode}), n8n ${String(queue.n8n)} in queue mode | one worker ${ms(q.oneWorkerMs)}, two workers ${ms(q.twoWorkersMs)} = **${n(q.speedup, 2)}×** (medians of ${n(queue.rounds)} rounds, ${n(queue.cpus)} CPU cores, load average ${n(queue.loadAverage1m, 1)}) | report | see [note 5](#5-queue-mode-throughput-one-worker-vs-two) |`;
					})
			: []),
		'',
		'### Idle poll, requests per poll (activation poll in brackets)',
		'',
		`| Event | ${sizes.map((s) => `${n(Number(s))} receivers`).join(' | ')} |`,
		`|---|${sizes.map(() => '---').join('|')}|`,
		...events.map(
			(event) =>
				`| ${event} | ${sizes
					.map((s) => {
						const e = bySize[s][event];
						return `${n(e.requests)} (${n(e.activationRequests)}), ${ms(e.wallMs)}, state ${n(e.staticDataBytes)} B`;
					})
					.join(' | ')} |`,
		),
		'',
		`One trigger watching all ${n((idle.threeGroups as Json).watchedGroups)} groups: ${n((idle.threeGroups as Json).requests)} request per idle poll (one account-wide search, \`POST /receivers/filter.json\`, whatever the number of groups).`,
		'',
		`Return All request counts on smaller groups: ${checks.map((c) => `${n(c.receivers)} receivers → ${n(c.requests)} requests (minimum ${n(c.minimumRequests)})`).join('; ')}.`,
		'',
		`Trigger completeness over the ${n(state.polls)} polls: ${n(state.receiversAdded)} receivers added, ${n(state.itemsEmitted)} emitted, ${n(state.requests)} requests.`,
		'',
		'## How it runs',
		'',
		'* `bench/run.mjs` makes a throw-away CA and a certificate for `rest.cleverreach.com` (`test/e2e/lib/tls.mjs`), picks a free',
		'  loopback port and starts vitest (`bench/vitest.config.mts`, only `bench/**/*.bench.ts`, none of the test suite\'s',
		'  setup: no nock, no recorded sleeps) with `--require test/e2e/lib/preload.cjs`, `CLEVERREACH_SIM_PORT` and',
		'  `NODE_EXTRA_CA_CERTS`. The nodes keep calling `https://rest.cleverreach.com/v3/…`; the preload only changes the address.',
		'* The simulator (`startSimulatorServer(sim, { tls })`) runs in its own process (`bench/sim-process.mts`), driven over IPC,',
		'  so the bench process measures the nodes alone while the "server" runs on the other core. Its request log counts',
		'  requests; any OAuth request during a measurement fails the bench (the token is valid for the whole run).',
		"* The action node runs in n8n-core's `WorkflowExecute` (`test/harness/n8n.ts` `runNode`), the trigger in n8n-core's",
		"  `PollContext` + `TriggersAndPollers` with static data persisted between polls (`test/harness/poll.ts`): n8n's own",
		'  parameter resolution, expression engine, OAuth2 request helper and HTTP agents.',
		'* Raw baselines replay the requests the node sent (same method, path, query and body, into a fresh group) with plain',
		"  `axios`: by default over Node's keep-alive agent (what a plain script gets), and where stated with a new agent per",
		"  request (what n8n's request helper does: it builds new HTTP agents for every request, so every request opens a new",
		'  TCP + TLS connection).',
		'* Timings: wall time after a full GC, median of the runs; node and raw runs alternate. Memory: `process.memoryUsage()`',
		'  sampled every 2 ms while the node runs, minus the value after a full GC before it.',
		'',
		'## What each figure is',
		'',
		`* \`bulkUpsert\`: Receiver › Create or Update, ${n(bulk.items)} input items (\`email\` = \`{{ $json.email }}\`, Activation "Active Now")`,
		'  into one empty group, in one execution. `requests` = requests the simulator received; `wallMs` = the execution;',
		'  `rawWallMs` = the same requests sent by a plain script; `ratioToRaw` = wallMs / rawWallMs. The split:',
		"  `n8nExecutionMs` = n8n running a node that does nothing with the same 10,000 items, `n8nExpressionMs` = n8n",
		'  resolving `{{ $json.email }}` for every item (a node that only reads that parameter, minus the former),',
		'  `nodeCodeAndRequestsMs` = the rest (our code, the other parameters, n8n\'s request helper) = wallMs − rawWallMs −',
		'  n8nExecutionMs − n8nExpressionMs; `ratioToRawWithoutExpressions` = (wallMs − n8nExpressionMs) / rawWallMs.',
		'  `withGlobalAttribute`: the same with a `firstname` global attribute from `{{ $json.firstname }}` (one run).',
		'* `perItemBaseline`: the same 10,000 rows sent as 10,000 single-row `upsertplus` requests, one after the other (what',
		'  per-item nodes do), over one keep-alive connection; `newConnectionPerRequest` times a sample of 1,000 of them with',
		'  a new connection each and scales it to 10,000 (`estimatedWallMs`).',
		'* `getManyAll`: Receiver › Get Many, Return All, Simplify on, over a group of 100,000 receivers. `minimumRequests` =',
		'  ceil(N / largest page size); `peakHeapGrowthMB` = highest `heapUsed` during the execution minus before;',
		'  `peakHeapExternalGrowthMB` adds `external` + `arrayBuffers` (response buffers); `retainedHeapMB` = heap still used by',
		'  the finished execution (its 100,000 output items) after a GC.',
		'* `idlePoll`: CleverReach Trigger, watching one selected group, per event and group size (1,000 / 10,000 / 100,000',
		'  receivers, with inactive, unsubscribed and bounced ones, and a finished mailing): one activation poll, then',
		`  ${n(env.runs)} polls with nothing new; \`requests\` = the most any of them sent, \`wallMs\` = median poll time.`,
		`* \`catchUpPoll\`: New Receiver on a 100,000-receiver group; after activation, ${n(catchUp.newReceivers)} receivers arrive over the next`,
		'  hour; one poll. `sameSecondImport`: the same when all of them have the same `registered` second (a bulk import).',
		`* \`staticDataBytes\`: New Receiver on the 100,000-receiver group, ${n(state.polls)} polls one simulated minute apart, with`,
		'  0–8 sign-ups before most polls and a bulk import of 120 in one second every 100 polls. `bytes` = JSON size of the',
		"  node's static data after the last poll, `maxBytes` = the largest after any poll.",
		`* \`overhead\`: ${String(over.operation)} for ${n(over.items)} items (receiver from \`{{ $json.email }}\`); per-item time through the node`,
		"  vs the same GETs from a plain script (`ratio`), and vs a plain script that opens a new connection per request like n8n's helper (`ratioToRawNewConnection`).",
		...(instant
			? [
					`* \`instantTrigger\`: CleverReach Instant Trigger on one group (\`receiver.created\`), in n8n-core's webhook machinery behind a real HTTP`,
					'  server in the bench process; the simulator process registers it (verification call included) and delivers over HTTP.',
					`  \`activationRequests\` = requests of the activation; \`idleRequests\` = requests while nothing happens for ${n(instant.idleSeconds)} s; latency =`,
					"  the simulator's write (its wall clock) → the moment n8n would start the execution (webhook() returned the item), for",
					`  ${n((instant.fetchReceiver as Json).events)} sequential new receivers, with the receiver read (\`fetchReceiver\`, one GET per event) and without.`,
				]
			: []),
		...(queue
			? [
					`* \`queueThroughput\` (\`npm run bench:queue\`, also the last step of \`npm run bench\`): n8n ${String(queue.n8n)} in queue mode as the queue-mode suite sets it up`,
					'  (test/queue: PostgreSQL, Redis, one main, workers, the packed package on each, the simulator over HTTPS). A webhook',
					'  workflow (Webhook → N emails → Create or Update into one group) is called several times at once (numbers in the table); the',
					"  figure is the time from the first execution's creation to the last one's end, as n8n stores them in PostgreSQL, with",
					'  one worker and with two (median of the rounds; every round is in `results.json`). `autoMap`: Input Data Mode',
					'  "Map Automatically From Input" (little work on the worker); `expressions`: Define Below with `{{ $json.email }}` (n8n',
					'  evaluates one expression per item on the worker).',
				]
			: []),
		'',
		'## Notes on the targets',
		'',
		'### 1. Bulk upsert time is n8n\'s expression engine, not requests',
		'',
		`The node sends the minimum (${n(bulk.requests)} requests of ${n(bulk.largestBatch)}, the API's batch limit), but a run took ${ms(bulk.wallMs)} against`,
		`${ms(bulk.rawWallMs)} for the plain script. Of that, n8n itself spent ${ms(bulk.n8nExpressionMs)} resolving \`{{ $json.email }}\` for`,
		`${n(bulk.items)} items (every expression builds a data proxy and a Luxon \`$now\`), ${ms(bulk.n8nExecutionMs)} running the execution, and`,
		`${ms(bulk.nodeCodeAndRequestsMs)} went to our code, the other parameters and n8n's request helper (${n(bulk.connections)} new TLS connections for ${n(bulk.requests)} requests).`,
		`Without the expression cost the ratio is ${n(bulk.ratioToRawWithoutExpressions, 2)}×. Against the simulator on loopback a ${n(bulk.largestBatch)}-row request takes`,
		`~${ms(Number(bulk.rawWallMs) / Number(bulk.requests))}, so fixed per-item costs dominate; against the real API, where a ${n(bulk.largestBatch)}-row upsert takes far longer, the`,
		'same costs are a much smaller share. Any n8n node that reads a per-item expression pays the expression cost, so the',
		'node offers Input Data Mode "Map Automatically From Input", which reads `email` and the attribute fields straight',
		`from the input items' JSON: ${ms(auto.wallMs)} for the same ${n(bulk.items)} receivers (${n(auto.ratioToRaw, 2)}× the plain script). What remains is`,
		`mostly n8n's request helper opening a new TLS connection per request (${n(auto.ratioToRawNewConnection, 2)}× a plain script that does the same), which a`,
		'node cannot change.',
		'',
		'### 2. Two attribute reads per execution',
		'',
		`With attributes, the node first reads the account's attribute definitions (\`GET /attributes\` global and for the group:`,
		`${n(attr.requests)} requests instead of ${n(bulk.requests)}), once per execution and group, to reject unknown attribute names and wrong`,
		'types before anything is written (CleverReach silently drops unknown attribute keys).',
		'',
		'### 3. Return All: one empty page when N is a multiple of 5,000',
		'',
		'List responses carry no total count, so the only way to know the last page was read is a short page. With exactly',
		`${n(all.receivers)} receivers every page is full, so one more (empty) page is read: ${n(all.requests)} = N / 5,000 + 1. For any other N the count is`,
		'ceil(N / 5,000) (see the smaller-group checks above). Knowing N first (`GET /groups/{id}/stats`) also costs a request.',
		'',
		"### 4. Per-item overhead is mostly n8n's new connection per request",
		'',
		`Through the node a GET took ${n(over.nodePerItemMs, 2)} ms per item and n8n opened ${n(over.connections)} TLS connections for ${n(over.requests)} requests;`,
		`a plain script reusing one connection needs ${n(over.rawPerItemMs, 2)} ms, a plain`,
		`script opening a new TLS connection per request (as n8n's request helper does for every node) ${n(over.rawNewConnectionPerItemMs, 2)} ms. The node's`,
		`own share is the difference to the latter (${n(over.ratioToRawNewConnection, 2)}×): parameter and expression resolution and n8n's execution.`,
		'',
	);
	if (queue) {
		const rounds = (q: Json) =>
			`one worker ${(q.oneWorkerRunsMs as number[]).map((v) => ms(v)).join(', ')}; two workers ${(q.twoWorkersRunsMs as number[]).map((v) => ms(v)).join(', ')}`;
		const auto = queue.autoMap as Json | undefined;
		const expr = queue.expressions as Json | undefined;
		p('### 5. Queue mode throughput: one worker vs two', '');
		const describe = (q: Json, what: string) => {
			p(
				`${what}: ${n(q.executions)} parallel executions of ${n(q.receiversPerExecution)} receivers took ${ms(q.oneWorkerMs)} on one worker and ${ms(q.twoWorkersMs)} on two`,
				`(${n(q.speedup, 2)}×; rounds: ${rounds(q)}). One execution took ${ms(q.oneWorkerExecutionMs)} (median) when it shared one worker with the`,
				`others, ${ms(q.twoWorkersExecutionMs)} on two workers.`,
				'',
			);
		};
		if (auto) describe(auto, 'With Map Automatically From Input (little work on the worker)');
		if (expr) describe(expr, `With an expression per item (n8n evaluates ${n(expr.receiversPerExecution)} expressions per execution, on the worker)`);
		const best = Math.max(...[auto, expr].filter((q): q is Json => Boolean(q)).map((q) => Number(q.speedup)));
		p(
			'A worker runs its executions in one Node.js process, so a second worker can only gain where a worker\'s CPU is the',
			`limit. On this ${n(queue.cpus)}-core machine, which also runs the main, PostgreSQL, Redis, the simulator (one process that stores`,
			`the batches one after the other) and, at the time, other test runs (load average in the table), a second worker ${best < 1.3 ? 'gained little or nothing' : `gained up to ${n(best, 2)}×`}:`,
			'measure on your own hardware before adding workers for throughput.',
			'',
		);
		p(`Requests do not change with workers: each execution sends 10 upsert requests per 10,000 receivers (checked by \`npm run test:queue\`).`, '');
	}
	return `${lines.join('\n')}\n`;
}

/** The instant trigger's rows of the results table. */
function renderInstantRows(instant: Json): string[] {
	const fetched = instant.fetchReceiver as Json;
	const plain = instant.withoutFetch as Json;
	const latency = (m: Json) => `median ${ms(m.medianMs)}, p95 ${ms(m.p95Ms)}, max ${ms(m.maxMs)} over ${n(m.events)} events`;
	const idle = Math.max(Number(fetched.idleRequests), Number(plain.idleRequests));
	return [
		`| \`instantTrigger\`: latency from a change in CleverReach to the execution start (eventhook over HTTP, receiver read) | ${latency(fetched)}; ${n(fetched.requestsPerEvent, 2)} request per event | ≤ 2,000 ms | ${check(Number(fetched.maxMs) <= 2000)} |`,
		`| \`instantTrigger\` without reading the receiver | ${latency(plain)}; ${n(plain.requestsPerEvent, 2)} requests per event | ≤ 2,000 ms | ${check(Number(plain.maxMs) <= 2000)} |`,
		`| \`instantTrigger\`: requests while idle for ${n(instant.idleSeconds)} s | ${n(idle)} (a polling trigger sends 1 per minute) | 0 | ${check(idle === 0)} |`,
		`| \`instantTrigger\`: activation (list + 1 registration with CleverReach's verification call) | ${n(fetched.activationRequests)} requests, ${ms(fetched.activationMs)} | report | |`,
	];
}
