#!/usr/bin/env node
/**
 * Queue-mode suite: the packed n8n-nodes-cleverreach package in n8n 2.41.1 scaled out on n8n's own engine — one main
 * (`n8n start`), two workers (`n8n worker`), Redis as the queue, PostgreSQL as the database — talking HTTPS to the
 * CleverReach simulator as if it were rest.cleverreach.com. See test/queue/README.md.
 *
 *   node test/queue/run.mjs [--keep] [--bench]
 *
 * Prints PASS/FAIL lines and finally `queue: N passed, M failed`; exits 1 on any failure. With --bench it runs only
 * the setup and the throughput rounds and writes the figure into bench/results.json and bench/README.md.
 * Logs go to test-artifacts/queue/.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { OWNER } from '../e2e/editor.mjs';
import { e2eDir, ensureN8n, installCleanup, packPackage, PACKAGE_NAME, repo, runN8n, sleep, startSimulator, suiteRun } from '../e2e/lib/harness.mjs';
import { CONNECTION_NAMES, createCluster, createDatabase, DURABLE_SETTINGS, n8nModules, SHARED_SETTINGS, WORKER_SETTINGS } from './lib/cluster.mjs';
import { ensureServerPackages, startPostgres, startRedis } from './lib/services.mjs';

const flags = new Set(process.argv.slice(2));
const keep = flags.has('--keep') || process.env.E2E_KEEP === '1';
const benchOnly = flags.has('--bench');

const { say, elapsed, artifacts, cliLog, r, check, work, phase } = suiteRun('queue');
const queueDir = join(repo, 'test/queue');
let pg = null;
installCleanup(() => {
	if (!keep) rmSync(work, { recursive: true, force: true });
	if (pg && !keep) rmSync(pg.dir, { recursive: true, force: true });
});

/** Parallel bulk executions per throughput round, receivers per execution, rounds per worker count. */
const BULK = { executions: 8, receivers: 10_000, rounds: 3 };
/** Executions that hit the expired access token at the same instant. */
const REFRESH_EXECUTIONS = 6;
const TOKEN = { credential: 'e2eCrToken000001', access: 'e2e-access-token-1', refresh: 'e2e-refresh-token-1' };
const WF = { bulk: 'queueWfBulk00001', kill: 'queueWfBulkKill1', refresh: 'queueWfRefresh01', trigger: 'queueWfTrigger01', durableTrigger: 'queueWfTriggerD1' };
const figures = { bulk: [], refresh: null, kill: null, trigger: {} };
/**
 * Two bulk workflows, the same but for the input mode of Create or Update: `autoMap` (Map Automatically From Input:
 * the node reads each item's JSON; what the suite checks) and `expressions` (Define Below, email = {{ $json.email }}:
 * n8n evaluates an expression per item on the worker; only for `npm run bench:queue`).
 */
const BULK_KINDS = {
	autoMap: { workflowId: WF.bulk, path: 'queue-bulk', executions: BULK.executions, receivers: BULK.receivers },
	// Smaller: with 8 × 10,000 on one worker, n8n 2.41.1 evaluating the expressions blocked the worker's event loop so
	// long that its PostgreSQL connections timed out and executions failed (see README.md, Deploying at scale).
	expressions: { workflowId: 'queueWfBulkExpr1', path: 'queue-bulk-expr', executions: 4, receivers: 5_000 },
};

const formatLog = (log) => log.map((e) => `${e.method} ${e.path} → ${e.status}${e.fault ? ` (${e.fault})` : ''} [${e.auth}]`).join('\n');
const isUpsert = (e) => e.method === 'POST' && /^\/v3\/groups\/\d+\/receivers\/upsertplus$/.test(e.path);
const isTokenCall = (e) => e.method === 'POST' && e.path === '/oauth/token.php';
const isPoll = (e) => e.method === 'POST' && e.path === '/v3/receivers/filter';
const emailsOf = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}@example.com`);

let n8nBin;
let sim;
let redis;
let cluster;
let db;
const groups = {};
let ownerAuth = null;

async function cli(args, { env = cluster.env('cli') } = {}) {
	return await runN8n(n8nBin, args, { env, logFile: cliLog, timeoutMs: 300_000 });
}

async function exportCredential(id) {
	const file = join(work, `credential-${id}.json`);
	const res = await cli(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
	if (res.code !== 0 || !existsSync(file)) throw new Error(`export:credentials failed (${res.code}): ${res.stderr.slice(-1000)}`);
	const data = JSON.parse(readFileSync(file, 'utf8'));
	rmSync(file);
	return (Array.isArray(data) ? data[0] : data)?.data ?? {};
}

/** All emails the simulator stores in a group (pages of 5,000 through the model). */
async function groupEmails(groupId) {
	const all = [];
	for (let page = 0; ; page++) {
		const rows = await sim.model('listReceivers', groupId, { page, pagesize: 5000 });
		all.push(...rows.map((row) => String(row.email).toLowerCase()));
		if (rows.length < 5000) return all;
	}
}

/** POSTs to a production webhook of the main; returns the HTTP status and body. */
async function webhook(path, body) {
	const res = await fetch(`${cluster.main.url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: await res.text() };
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
/** Waits until `count` executions of a workflow newer than `afterId` have finished; returns them. */
async function waitForExecutions(workflowId, afterId, count, { timeoutMs = 300_000, label = workflowId } = {}) {
	const deadline = Date.now() + timeoutMs;
	let nextNote = Date.now() + 15_000;
	for (;;) {
		const runs = (await db.list(workflowId)).filter((e) => e.id > afterId);
		const done = runs.filter((e) => FINISHED.has(e.status));
		if (done.length >= count) return done.slice(0, count);
		if (Date.now() > deadline) throw new Error(`${label}: ${done.length} of ${count} executions finished within ${timeoutMs / 1000} s (${runs.map((e) => `${e.id}:${e.status}`).join(' ')})`);
		if (Date.now() >= nextNote) {
			nextNote += 15_000;
			say(`${label}: ${done.length} of ${count} executions finished (${runs.map((e) => `${e.id}:${e.status}`).join(' ') || 'none queued yet'})…`);
		}
		await sleep(250);
	}
}
const lastExecutionId = async (workflowId) => (await db.list(workflowId)).reduce((max, e) => Math.max(max, e.id), 0);

/** The items a node produced (first output) in one execution, read from n8n's database. */
async function nodeOutput(executionId, nodeName) {
	const run = await db.get(executionId);
	return (run?.runData?.[nodeName] ?? []).flatMap((x) => (x?.data?.main?.[0] ?? []).map((item) => item.json));
}

// ---------------------------------------------------------------------------------------------------------------
await phase('setup', async () => {
	say('n8n (cached install)…');
	n8nBin = ensureN8n();
	check('setup: n8n 2.41.1 installed in the cache', existsSync(n8nBin) && n8nBin.includes('n8n-2.41.1'), n8nBin);
	const installed = await ensureServerPackages({ say, logFile: join(artifacts, 'apt.log') });
	if (installed.installed.length) say(`installed ${installed.installed.join(', ')} from the Debian packages`);
	pg = await startPostgres({ logFile: join(artifacts, 'postgres.log'), say });
	redis = await startRedis({ dir: work, logFile: join(artifacts, 'redis.log'), say });
	say('npm pack…');
	const pkg = packPackage(work);
	const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
	const shipped = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	check('setup: packed tarball contains every node and credential file package.json lists',
		shipped.every((f) => existsSync(join(pkg.dir, f))), shipped.filter((f) => !existsSync(join(pkg.dir, f))).join(', '));
	sim = await startSimulator({
		workDir: work,
		clientId: 'e2e-client',
		clientSecret: 'e2e-secret',
		accessToken: TOKEN.access,
		refreshToken: TOKEN.refresh,
		logFile: join(artifacts, 'simulator.log'),
	});
	say(`simulator on ${sim.url} (n8n reaches it as https://rest.cleverreach.com)`);
	cluster = createCluster({ n8nBin, work, packageDir: pkg.dir, pg, redis, sim, logDir: artifacts, say });
	db = createDatabase({ n8nBin, pg });

	// Groups the workflows write to, picked by ID in the workflow as a user picks one from the list (a per-item
	// expression would cost n8n's expression engine ~1 ms per item, see bench/README.md).
	groups.autoMap = (await sim.model('createGroup', 'queue: bulk')).id;
	groups.expressions = (await sim.model('createGroup', 'queue: bulk (expressions)')).id;
	groups.kill = (await sim.model('createGroup', 'queue: killed worker')).id;
	groups.trigger = (await sim.model('createGroup', 'queue: trigger')).id;
	for (let i = 0; i < 5; i++) await sim.model('addReceiver', groups.trigger, { email: `existing-${i}@example.com`, global_attributes: {} });
	const workflows = join(work, 'workflows');
	mkdirSync(workflows, { recursive: true });
	const load = (file) => JSON.parse(readFileSync(join(queueDir, 'workflows', file), 'utf8'));
	const save = (wf) => writeFileSync(join(workflows, `${wf.id}.json`), JSON.stringify(wf, null, '\t'));
	const bulkWorkflow = (id, path, group, idPrefix) => {
		const wf = load('queue-bulk.json');
		wf.id = id;
		for (const node of wf.nodes) {
			node.id = node.id.replace(/^9a0c1c6e-0001/, idPrefix);
			if (node.webhookId) node.webhookId = node.webhookId.replace(/^9a0c1c6e-0001/, idPrefix);
			if (node.type === 'n8n-nodes-base.webhook') node.parameters.path = path;
			if (node.parameters.groupId) node.parameters.groupId.value = String(group);
		}
		return wf;
	};
	save(bulkWorkflow(WF.bulk, 'queue-bulk', groups.autoMap, '9a0c1c6e-0001'));
	const expressions = bulkWorkflow(BULK_KINDS.expressions.workflowId, BULK_KINDS.expressions.path, groups.expressions, '9a0c1c6e-0006');
	expressions.name = 'queue: Create or Update N receivers (webhook; email from an expression per item)';
	const upsert = expressions.nodes.find((node) => node.parameters.operation === 'upsert');
	upsert.parameters.inputMode = 'define';
	upsert.parameters.email = '={{ $json.email }}';
	save(expressions);
	const kill = bulkWorkflow(WF.kill, 'queue-bulk-kill', groups.kill, '9a0c1c6e-0005');
	kill.name = 'queue: Create or Update N receivers (webhook; killed worker)';
	save(kill);
	save(load('queue-refresh.json'));
	save(load('queue-trigger.json'));
	// The same trigger workflow for the durable-scheduler part, under its own workflow and node ids.
	const trigger = load('queue-trigger.json');
	trigger.id = WF.durableTrigger;
	trigger.name += ' (durable scheduler)';
	for (const node of trigger.nodes) node.id = node.id.replace(/^9a0c1c6e-0003/, '9a0c1c6e-0004');
	save(trigger);

	const credFile = join(work, 'credentials.json');
	writeFileSync(credFile, JSON.stringify([JSON.parse(readFileSync(join(e2eDir, 'credentials/e2e-token.json'), 'utf8'))]));
	say('n8n import:credentials / import:workflow / publish:workflow (PostgreSQL)…');
	let res = await cli(['import:credentials', `--input=${credFile}`]);
	check('setup: n8n import:credentials into PostgreSQL', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	res = await cli(['import:workflow', '--separate', `--input=${workflows}`]);
	check('setup: n8n import:workflow (bulk ×3, refresh, trigger ×2)', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	for (const id of [WF.bulk, BULK_KINDS.expressions.workflowId, WF.kill, WF.refresh]) {
		res = await cli(['publish:workflow', `--id=${id}`]);
		check(`setup: n8n publish:workflow ${id}`, res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	}
	await cluster.startMain();
	await cluster.startWorker('worker-1');
	await cluster.startWorker('worker-2');
	const mainLog = cluster.main.output();
	check('setup: the main runs in queue mode on PostgreSQL (no SQLite file)',
		!existsSync(join(work, 'main/.n8n/database.sqlite')) && (await db.query('SELECT count(*)::int AS n FROM workflow_entity'))[0].n === 6,
		mainLog.slice(-2000));
	const workerLogs = [...cluster.workers.values()].map((w) => w.output());
	check('setup: both workers are up (health endpoint ready) and report n8n worker ready',
		workerLogs.every((out) => /n8n worker is now ready/.test(out)), workerLogs.map((o) => o.slice(-800)).join('\n---\n'));
	check('setup: each instance has the package in its own user folder (.n8n/nodes, community layout)',
		['main', 'worker-1', 'worker-2'].every((name) => existsSync(join(work, name, '.n8n/nodes/node_modules', PACKAGE_NAME, manifest.n8n.nodes[0]))),
		'missing package in a user folder');
});

if (!cluster?.main || cluster.workers.size !== 2) {
	r.summary();
	process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
/**
 * One throughput round: BULK.executions Create or Update executions of BULK.receivers receivers each, started at once
 * through the main's webhook. Returns what the checks need.
 */
async function bulkRound(label, round, kind = 'autoMap') {
	const { workflowId, path, executions, receivers } = BULK_KINDS[kind];
	const group = groups[kind];
	const storedBefore = (await sim.model('groupStats', group)).total_count;
	await sim.admin('POST', '/__sim/reset-log');
	const before = await lastExecutionId(workflowId);
	const prefixes = Array.from({ length: executions }, (_, i) => `${kind.toLowerCase()}-${label}${round}e${i + 1}`);
	const answers = await Promise.all(prefixes.map((prefix) => webhook(path, { prefix, count: receivers })));
	const runs = await waitForExecutions(workflowId, before, executions, { label: `bulk (${kind}) ${label} round ${round}`, timeoutMs: 600_000 });
	const log = await sim.log();
	const wallMs = Math.max(...runs.map((e) => new Date(e.stoppedAt).getTime())) - Math.min(...runs.map((e) => new Date(e.createdAt).getTime()));
	const storedAfter = (await sim.model('groupStats', group)).total_count;
	const workers = runs.map((e) => cluster.workerOf(e.id));
	const failed = runs.filter((e) => e.status !== 'success').length;
	const durations = runs.map((e) => new Date(e.stoppedAt).getTime() - new Date(e.startedAt).getTime());
	figures.bulk.push({ kind, workers: label === 'two' ? 2 : 1, round, wallMs, failed, durations,
		executions: runs.map((e, i) => ({ id: e.id, worker: workers[i], status: e.status, ms: durations[i] })) });
	say(`${label === 'two' ? 'two workers' : 'one worker'}, ${kind}, round ${round}: ${executions} × ${receivers.toLocaleString('en-US')} receivers in ${wallMs} ms (${workers.join(', ')})${failed ? `, ${failed} failed` : ''}`);
	return { group, prefixes, answers, runs, log, wallMs, storedBefore, storedAfter, workers, executions, receivers };
}

async function checkBulkRound(name, round, expectWorkers) {
	const { group, prefixes, answers, runs, log, workers, storedBefore } = round;
	check(`${name}: the main accepted every webhook call (200, "Workflow was started")`,
		answers.every((a) => a.status === 200 && /Workflow was started/.test(a.body)), JSON.stringify(answers));
	check(`${name}: all ${BULK.executions} executions succeeded`, runs.every((e) => e.status === 'success'), runs.map((e) => `${e.id}:${e.status}`).join(' '));
	check(`${name}: the executions ran on ${expectWorkers.join(' and ')} (${runs.map((e, i) => `#${e.id} → ${workers[i]}`).join(', ')})`,
		workers.every((w) => expectWorkers.includes(w)) && expectWorkers.every((w) => workers.includes(w)), JSON.stringify(workers));
	const upserts = log.filter(isUpsert);
	const sent = upserts.flatMap((e) => (Array.isArray(e.body) ? e.body.map((row) => String(row.email).toLowerCase()) : []));
	const expected = prefixes.flatMap((p) => emailsOf(p, BULK.receivers));
	const sentSet = new Set(sent);
	check(`${name}: ${(BULK.receivers / 1000) * BULK.executions} upsertplus requests of at most 1,000 rows, every receiver sent exactly once (as in single-process mode: 10 per 10,000)`,
		upserts.length === (BULK.receivers / 1000) * BULK.executions && upserts.every((e) => e.status === 200 && e.body.length <= 1000) &&
			sent.length === expected.length && sentSet.size === expected.length && expected.every((x) => sentSet.has(x)),
		`requests ${upserts.length}, rows ${sent.length}, distinct ${sentSet.size}, statuses ${[...new Set(upserts.map((e) => e.status))]}`);
	check(`${name}: no other request (no token refresh, no attribute reads)`, log.length === upserts.length, formatLog(log.filter((e) => !isUpsert(e))));
	const stored = await groupEmails(group);
	const counts = new Map();
	for (const email of stored) counts.set(email, (counts.get(email) ?? 0) + 1);
	check(`${name}: the simulator stores each of the ${expected.length.toLocaleString('en-US')} receivers once in the group`,
		stored.length === storedBefore + expected.length && expected.every((x) => counts.get(x) === 1) && [...counts.values()].every((n) => n === 1),
		`stored ${stored.length} (before ${storedBefore}), missing ${expected.filter((x) => !counts.has(x)).length}`);
}

/** Throughput rounds on the running workers; the first autoMap round of the suite is checked in full. */
async function bulkRounds(label, expectWorkers) {
	for (const kind of benchOnly ? Object.keys(BULK_KINDS) : ['autoMap']) {
		for (let round = 1; round <= BULK.rounds; round++) {
			const result = await bulkRound(label, round, kind);
			const name = `bulk (${expectWorkers.length} worker${expectWorkers.length > 1 ? 's' : ''})`;
			if (round === 1 && !benchOnly) {
				await checkBulkRound(name, result, expectWorkers);
				if (expectWorkers.length > 1) {
					const outputs = await Promise.all(result.runs.map((e) => nodeOutput(e.id, 'Create or Update Receivers')));
					check(`${name}: each execution output 10,000 items, one per receiver, none an error`,
						outputs.every((items) => items.length === BULK.receivers && items.every((j) => !j.error && typeof j.email === 'string')),
						outputs.map((items) => `${items.length} items, ${items.filter((j) => j.error).length} errors`).join('; '));
				}
			} else {
				check(`${name}, ${kind}, round ${round}: all executions succeeded on ${expectWorkers.join(' and ')}, each receiver stored once`,
					result.runs.every((e) => e.status === 'success') && result.workers.every((w) => expectWorkers.includes(w)) &&
						result.storedAfter === result.storedBefore + result.executions * result.receivers,
					`${result.runs.map((e, i) => `${e.id}:${e.status}:${result.workers[i]}`).join(' ')}; stored ${result.storedBefore} → ${result.storedAfter}`);
			}
		}
	}
}

await phase('bulk on two workers', async () => {
	await bulkRounds('two', ['worker-1', 'worker-2']);
});

await phase('bulk on one worker (worker-2 stopped)', async () => {
	await cluster.stopWorker('worker-2');
	await bulkRounds('one', ['worker-1']);
	if (!benchOnly) await cluster.startWorker('worker-2', 'restart');
});

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
/** The throughput figure per input mode measured: medians of the rounds with one and with two workers. */
function throughputFigure() {
	const byKind = {};
	for (const kind of Object.keys(BULK_KINDS)) {
		const two = figures.bulk.filter((b) => b.kind === kind && b.workers === 2).map((b) => b.wallMs);
		const one = figures.bulk.filter((b) => b.kind === kind && b.workers === 1).map((b) => b.wallMs);
		if (!two.length || !one.length) continue;
		byKind[kind] = {
			executions: BULK_KINDS[kind].executions,
			receiversPerExecution: BULK_KINDS[kind].receivers,
			failedExecutions: figures.bulk.filter((b) => b.kind === kind).reduce((sum, b) => sum + b.failed, 0),
			oneWorkerMs: median(one),
			twoWorkersMs: median(two),
			speedup: Math.round((median(one) / median(two)) * 100) / 100,
			oneWorkerRunsMs: one,
			twoWorkersRunsMs: two,
			oneWorkerExecutionMs: median(figures.bulk.filter((b) => b.kind === kind && b.workers === 1).flatMap((b) => b.durations)),
			twoWorkersExecutionMs: median(figures.bulk.filter((b) => b.kind === kind && b.workers === 2).flatMap((b) => b.durations)),
		};
	}
	if (!Object.keys(byKind).length) return null;
	return {
		rounds: BULK.rounds,
		n8n: '2.41.1',
		cpus: cpus().length,
		loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
		...byKind,
	};
}

if (benchOnly) {
	const figure = throughputFigure();
	const complete = Boolean(figure?.autoMap && figure?.expressions) && figures.bulk.every((b) => b.failed === 0);
	if (complete) {
		const file = join(repo, 'bench/results.json');
		const results = JSON.parse(readFileSync(file, 'utf8'));
		results.queueThroughput = { generatedAt: new Date().toISOString(), ...figure };
		writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
		const { renderReadme } = await import('../../bench/lib/report.ts');
		writeFileSync(join(repo, 'bench/README.md'), renderReadme(results));
		say(`wrote queueThroughput to bench/results.json and bench/README.md: ${JSON.stringify(figure)}`);
	}
	check('bench: throughput measured with one and with two workers, for both input modes, no execution failed (else nothing is written)', complete,
		JSON.stringify(figures.bulk.map((b) => ({ kind: b.kind, workers: b.workers, round: b.round, wallMs: b.wallMs, failed: b.failed }))));
	await shutdown();
	process.exit(r.summary() ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------------------
await phase('token refresh under contention', async () => {
	const before = await exportCredential(TOKEN.credential);
	check('refresh: the credential starts with the imported token pair',
		before.oauthTokenData?.access_token === TOKEN.access && before.oauthTokenData?.refresh_token === TOKEN.refresh, 'other token pair');
	await sim.admin('POST', '/__sim/expire-tokens');
	await sim.admin('POST', '/__sim/reset-log');
	const since = await lastExecutionId(WF.refresh);
	// Every execution waits (Wait node, in-process) until the same instant, then calls CleverReach with the expired token.
	const at = new Date(Date.now() + 6000).toISOString();
	const answers = await Promise.all(Array.from({ length: REFRESH_EXECUTIONS }, () => webhook('queue-refresh', { at })));
	const runs = await waitForExecutions(WF.refresh, since, REFRESH_EXECUTIONS, { label: 'refresh', timeoutMs: 120_000 });
	const log = await sim.log();
	writeFileSync(join(artifacts, 'refresh-simulator-log.txt'), formatLog(log));
	const workers = runs.map((e) => cluster.workerOf(e.id));
	check(`refresh: all ${REFRESH_EXECUTIONS} executions succeeded`, answers.every((a) => a.status === 200) && runs.every((e) => e.status === 'success'),
		runs.map((e) => `${e.id}:${e.status}`).join(' '));
	check(`refresh: they ran on both workers (${runs.map((e, i) => `#${e.id} → ${workers[i]}`).join(', ')})`,
		workers.includes('worker-1') && workers.includes('worker-2'), JSON.stringify(workers));
	const tokenCalls = log.filter(isTokenCall);
	const firstToken = log.findIndex(isTokenCall);
	const rejected = log.filter((e) => e.path === '/v3/groups' && e.status === 401);
	// A 401 means the execution called CleverReach with the old token: all of them were in flight before any of them
	// had stored the new pair (an execution starting later reads the stored credential and gets 200 at once).
	check(`refresh: every execution hit the expired access token (${REFRESH_EXECUTIONS} × 401 with the old token, ${log.slice(0, firstToken).filter((e) => e.status === 401).length} of them before the refresh request)`,
		rejected.length === REFRESH_EXECUTIONS, formatLog(log));
	check('refresh: CleverReach saw exactly one refresh (refresh_token grant, HTTP Basic client auth, the stored refresh token)',
		tokenCalls.length === 1 && tokenCalls[0].status === 200 && tokenCalls[0].auth === 'basic' &&
			tokenCalls[0].body?.grant_type === 'refresh_token' && tokenCalls[0].body?.refresh_token === TOKEN.refresh, formatLog(log));
	check(`refresh: each execution repeated its request once with the new token (${REFRESH_EXECUTIONS} × 200, all after the refresh)`,
		log.filter((e) => e.path === '/v3/groups' && e.status === 200).length === REFRESH_EXECUTIONS &&
			log.slice(0, firstToken).every((e) => e.status === 401) && log.length === 2 * REFRESH_EXECUTIONS + 1, formatLog(log));
	const after = await exportCredential(TOKEN.credential);
	const state = await sim.admin('GET', '/__sim/state');
	check('refresh: the rotated pair is stored in the credential (new access and refresh token)',
		typeof after.oauthTokenData?.access_token === 'string' && after.oauthTokenData.access_token !== TOKEN.access &&
			typeof after.oauthTokenData?.refresh_token === 'string' && after.oauthTokenData.refresh_token !== TOKEN.refresh,
		`access changed: ${after.oauthTokenData?.access_token !== TOKEN.access}, refresh changed: ${after.oauthTokenData?.refresh_token !== TOKEN.refresh}`);
	await sim.admin('POST', '/__sim/reset-log');
	const mark = await lastExecutionId(WF.refresh);
	await webhook('queue-refresh', { at: new Date().toISOString() });
	const [again] = await waitForExecutions(WF.refresh, mark, 1, { label: 'refresh (next run)', timeoutMs: 60_000 });
	const log2 = await sim.log();
	check('refresh: the next execution uses the stored new token (200 at once, no refresh)',
		again.status === 'success' && log2.length === 1 && log2[0].status === 200 && !log2.some(isTokenCall), formatLog(log2));
	figures.refresh = {
		executions: REFRESH_EXECUTIONS,
		workers: Object.fromEntries(['worker-1', 'worker-2'].map((w) => [w, workers.filter((x) => x === w).length])),
		rejected401: rejected.length,
		rejectedBeforeRefreshRequest: log.slice(0, firstToken).filter((e) => e.status === 401).length,
		refreshRequests: tokenCalls.length,
		simulatorRequests: state.requests,
	};
});

// ---------------------------------------------------------------------------------------------------------------
await phase('worker killed in the middle of a bulk execution', async () => {
	const prefix = 'kill';
	const emails = emailsOf(prefix, BULK.receivers);
	await sim.admin('POST', '/__sim/reset-log');
	// The 4th batch is answered 503 with Retry-After 30: the node waits before repeating it, and the worker is killed
	// during that wait. So 3 of 10 batches are stored when it dies.
	await sim.admin('POST', '/__sim/faults', {
		method: 'POST', path: `^/v3/groups/${groups.kill}/receivers/upsertplus$`, pathRegex: true, status: 503, retryAfter: 30, skip: 3, times: 1,
	});
	const before = await lastExecutionId(WF.kill);
	await webhook('queue-bulk-kill', { prefix, count: BULK.receivers });
	const deadline = Date.now() + 120_000;
	let log = [];
	while (Date.now() < deadline) {
		log = await sim.log();
		if (log.filter(isUpsert).length >= 4) break;
		await sleep(200);
	}
	const [run] = (await db.list(WF.kill)).filter((e) => e.id > before);
	const victim = run ? cluster.workerOf(run.id) : null;
	if (!run || !victim || log.filter(isUpsert).length < 4) throw new Error(`the kill execution did not reach its 4th batch (execution ${run?.id} on ${victim}):\n${formatLog(log)}`);
	const killedAt = Date.now();
	process.kill(-cluster.workers.get(victim).child.pid, 'SIGKILL');
	say(`SIGKILL ${victim} while execution #${run.id} waits to repeat batch 4 of 10…`);
	const storedAtKill = (await sim.model('groupStats', groups.kill)).total_count;
	check(`kill: ${victim} was killed mid-execution: 3 of 10 batches (3,000 receivers) stored, batch 4 refused with 503`,
		storedAtKill === 3000 && log.filter(isUpsert).map((e) => e.status).join(',') === '200,200,200,503', `${storedAtKill} stored; ${formatLog(log)}`);

	let status = 'running';
	let nextNote = Date.now() + 15_000;
	while (Date.now() < killedAt + 240_000) {
		status = (await db.list(WF.kill)).find((e) => e.id === run.id)?.status;
		if (FINISHED.has(status)) break;
		if (Date.now() >= nextNote) {
			nextNote += 15_000;
			say(`kill: execution #${run.id} still "${status}" ${Math.round((Date.now() - killedAt) / 1000)} s after the kill…`);
		}
		await sleep(1000);
	}
	const detectedAfterS = Math.round((Date.now() - killedAt) / 1000);
	const failed = await db.get(run.id);
	check(`kill: n8n marks the execution failed once the job's lock expires (after ${detectedAfterS} s: "${String(failed?.error?.message).slice(0, 60)}…")`,
		status === 'error' && /failed to be processed too many times/.test(failed?.error?.message ?? ''), `${status}: ${failed?.error?.message}`);
	const logAfter = await sim.log();
	check('kill: n8n did not run the execution again on the other worker (nothing more was sent)',
		logAfter.filter(isUpsert).length === 4 && (await sim.model('groupStats', groups.kill)).total_count === 3000, formatLog(logAfter));

	// What "Retry" in the Executions list does with it: nothing of the run was saved, so the retry fails at once.
	const auth = await ownerCookie();
	const retry = await fetch(`${cluster.main.url}/rest/executions/${run.id}/retry`, {
		method: 'POST', headers: { 'content-type': 'application/json', cookie: auth }, body: JSON.stringify({ loadWorkflow: false }),
	});
	const retryBody = await retry.json().catch(() => ({}));
	await sleep(2000);
	check('kill: "Retry" on the failed execution cannot resume it (no run data was saved): it fails at once, sends nothing',
		retry.status === 200 && retryBody?.data?.status === 'error' && (await sim.log()).filter(isUpsert).length === 4,
		`${retry.status} ${JSON.stringify(retryBody).slice(0, 600)}`);

	// What a user does: run it again with the same input. Create or Update without orders or +/- increments is
	// idempotent, so the 3,000 already stored are updated, not duplicated.
	await sim.admin('POST', '/__sim/faults', { clear: true });
	await sim.admin('POST', '/__sim/reset-log');
	const mark = await lastExecutionId(WF.kill);
	await webhook('queue-bulk-kill', { prefix, count: BULK.receivers });
	const [rerun] = await waitForExecutions(WF.kill, mark, 1, { label: 'kill: re-run', timeoutMs: 120_000 });
	const stored = await groupEmails(groups.kill);
	const storedSet = new Set(stored);
	const rerunLog = await sim.log();
	check(`kill: re-running the same input on ${cluster.workerOf(rerun.id)} succeeds and leaves each of the 10,000 receivers stored once`,
		rerun.status === 'success' && stored.length === BULK.receivers && storedSet.size === BULK.receivers && emails.every((x) => storedSet.has(x)) &&
			rerunLog.filter(isUpsert).length === 10, `${rerun.status}; stored ${stored.length}, distinct ${storedSet.size}; ${rerunLog.filter(isUpsert).length} upserts`);
	figures.kill = { execution: run.id, worker: victim, storedAtKill, markedFailedAfterS: detectedAfterS, retryStatus: retryBody?.data?.status, rerun: rerun.status };
	await cluster.startWorker(victim, 'after SIGKILL');
});

/** Owner account for REST calls (the suite's n8n has no user yet): setup, or login when it exists. */
async function ownerCookie() {
	if (ownerAuth) return ownerAuth;
	const post = (path, body) =>
		fetch(`${cluster.main.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	let res = await post('/rest/owner/setup', OWNER);
	if (!res.ok) res = await post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`no n8n-auth cookie from owner setup/login (${res.status} ${await res.text()})`);
	ownerAuth = cookie;
	return cookie;
}

// ---------------------------------------------------------------------------------------------------------------
const TRIGGER_NODES = ['New Receiver', 'Receiver Unsubscribed'];
/** Everything a trigger workflow emitted: per trigger node the emitted emails, with the executions. */
async function emitted(workflowId) {
	const runs = await db.list(workflowId);
	const out = { runs, 'New Receiver': [], 'Receiver Unsubscribed': [] };
	for (const run of runs) {
		if (!FINISHED.has(run.status)) continue;
		const data = await db.get(run.id);
		for (const node of TRIGGER_NODES) {
			const items = (data?.runData?.[node] ?? []).flatMap((x) => (x?.data?.main?.[0] ?? []).map((item) => item.json));
			for (const json of items) out[node].push(String(json.email ?? '').toLowerCase());
		}
	}
	return out;
}
async function waitForEmitted(workflowId, predicate, timeoutMs, label) {
	const deadline = Date.now() + timeoutMs;
	let nextNote = Date.now() + 15_000;
	for (;;) {
		const seen = await emitted(workflowId);
		if (predicate(seen) || Date.now() > deadline) return seen;
		if (Date.now() >= nextNote) {
			nextNote += 15_000;
			say(`${label}: waiting for the next scheduled poll (every minute)…`);
		}
		await sleep(2000);
	}
}
const occurrences = (list, value) => list.filter((v) => v === value).length;
const pollsSince = async (mark) => (await sim.log()).slice(mark).filter(isPoll);

/**
 * The polling trigger in queue mode: it polls on the main, its executions run on the workers. Each event must be
 * emitted exactly once: right after publishing, across a restart of the main and across a restart of the workers.
 */
async function triggerScenario(name, workflowId) {
	const tag = name.startsWith('durable') ? 'd' : 'm';
	const ev = (n) => `trigger-${tag}-new-${n}@example.com`;
	const [unsubFirst, unsubOutage] = tag === 'm' ? ['existing-0@example.com', 'existing-2@example.com'] : ['existing-1@example.com', 'existing-3@example.com'];
	const result = { workflowId };
	const mark0 = (await sim.log()).length;
	await cluster.startMain(`${name}: workflow published`);
	// Activation: one poll per trigger node reads the current state (in-memory scheduler: at once; durable: when the
	// poll job is first inserted).
	// An activation reads in several requests (probe, existing ids, the current second); a receiver added while they
	// run may count as existing. So the activation is over once both nodes polled and no request came for 3 s.
	const deadline = Date.now() + 120_000;
	let activationRequests = 0;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		const count = (await pollsSince(mark0)).length;
		if (count !== activationRequests) [activationRequests, quietSince] = [count, Date.now()];
		else if (count >= 2 && Date.now() - quietSince >= 3000) break;
		await sleep(500);
	}
	const activatedAt = Date.now();
	const activation = await pollsSince(mark0);
	let seen = await emitted(workflowId);
	check(`${name}: on activation both trigger nodes polled and emitted nothing (the existing receivers are not new)`,
		activation.length >= 2 && activation.every((e) => e.status === 200) && seen.runs.length === 0,
		`${formatLog(activation)}\nruns ${seen.runs.map((x) => `${x.id}:${x.status}`).join(' ')}`);

	// Events right after publishing: each trigger node's first scheduled poll comes within a minute of activation.
	await sleep(1100);
	await sim.model('addReceiver', groups.trigger, { email: ev(0), global_attributes: {} });
	await sim.model('unsubscribe', groups.trigger, unsubFirst);
	const firstPolls = Math.max(0, activatedAt + 75_000 - Date.now());
	seen = await waitForEmitted(workflowId, (s) => s['New Receiver'].includes(ev(0)) && s['Receiver Unsubscribed'].includes(unsubFirst), firstPolls,
		`${name}: events after publishing`);
	check(`${name}: a receiver added and one unsubscribed right after publishing are emitted by the first scheduled polls`,
		seen['New Receiver'].includes(ev(0)) && seen['Receiver Unsubscribed'].includes(unsubFirst),
		`emitted ${JSON.stringify({ new: seen['New Receiver'], unsub: seen['Receiver Unsubscribed'] })} within 75 s of activation` +
			(tag === 'd' ? '; durable poll cursors: the activation poll\'s cursor is not committed (n8n commits only non-testing polls), so the first scheduled poll starts over from "now"' : ''));
	const ranOn = seen.runs.map((x) => cluster.workerOf(x.id));
	if (seen.runs.length) {
		check(`${name}: the trigger's executions ran on the workers, not on the main (${seen.runs.map((x, i) => `#${x.id} → ${ranOn[i]}`).join(', ')})`,
			ranOn.every((w) => w === 'worker-1' || w === 'worker-2'), JSON.stringify(ranOn));
	}

	say(`${name}: restarting the main (a receiver is added while it is down)…`);
	await cluster.main.stop();
	await sim.model('addReceiver', groups.trigger, { email: ev(1), global_attributes: {} });
	await cluster.startMain(`${name}: restart`);
	seen = await waitForEmitted(workflowId, (s) => s['New Receiver'].includes(ev(1)), 150_000, `${name}: after the main restart`);
	check(`${name}: after the main restart the receiver added while it was down is emitted`, seen['New Receiver'].includes(ev(1)),
		JSON.stringify(seen['New Receiver']));

	say(`${name}: stopping both workers; a receiver is added and one unsubscribes while they are down…`);
	await cluster.stopWorker('worker-1');
	await cluster.stopWorker('worker-2');
	const queuedAfter = seen.runs.reduce((max, x) => Math.max(max, x.id), 0);
	await sim.model('addReceiver', groups.trigger, { email: ev(2), global_attributes: {} });
	await sim.model('unsubscribe', groups.trigger, unsubOutage);
	let queued = [];
	const queueDeadline = Date.now() + 150_000;
	while (Date.now() < queueDeadline) {
		queued = (await db.list(workflowId)).filter((x) => x.id > queuedAfter);
		if (queued.length) break;
		await sleep(2000);
	}
	check(`${name}: with no worker running, the main's poll queued an execution that waits (#${queued.map((x) => `${x.id}: ${x.status}`).join(', ')})`,
		queued.length > 0 && queued.every((x) => !FINISHED.has(x.status)), JSON.stringify(queued));
	await cluster.startWorker('worker-1', 'restart');
	await cluster.startWorker('worker-2', 'restart');
	seen = await waitForEmitted(workflowId, (s) => s['New Receiver'].includes(ev(2)) && s['Receiver Unsubscribed'].includes(unsubOutage),
		150_000, `${name}: after the worker restart`);
	const delivered = queued.map((x) => seen.runs.find((y) => y.id === x.id)?.status);
	check(`${name}: after the workers restart the queued execution ran on a worker and delivered the events from the outage`,
		seen['New Receiver'].includes(ev(2)) && seen['Receiver Unsubscribed'].includes(unsubOutage) && delivered.every((st) => st === 'success') &&
			queued.every((x) => ['worker-1', 'worker-2'].includes(cluster.workerOf(x.id))),
		JSON.stringify({ new: seen['New Receiver'], unsub: seen['Receiver Unsubscribed'], delivered }));

	say(`${name}: one more poll cycle to catch duplicates…`);
	await sleep(65_000);
	seen = await emitted(workflowId);
	const news = seen['New Receiver'];
	const unsubs = seen['Receiver Unsubscribed'];
	const known = new Set([ev(0), ev(1), ev(2)]);
	check(`${name}: nothing was emitted twice and nothing else was emitted (${news.length} new receivers, ${unsubs.length} unsubscribes in ${seen.runs.length} executions)`,
		[ev(0), ev(1), ev(2)].every((e) => occurrences(news, e) <= 1) && news.every((e) => known.has(e)) &&
			[unsubFirst, unsubOutage].every((e) => occurrences(unsubs, e) <= 1) && unsubs.every((e) => e === unsubFirst || e === unsubOutage),
		JSON.stringify({ news, unsubs, runs: seen.runs.map((x) => `${x.id}:${x.status}`) }));
	check(`${name}: the events after the main restart and during the worker outage were emitted exactly once`,
		occurrences(news, ev(1)) === 1 && occurrences(news, ev(2)) === 1 && occurrences(unsubs, unsubOutage) === 1, JSON.stringify({ news, unsubs }));
	check(`${name}: every trigger execution succeeded, on a worker`,
		seen.runs.every((x) => x.status === 'success' && ['worker-1', 'worker-2'].includes(cluster.workerOf(x.id))),
		seen.runs.map((x) => `${x.id}:${x.status}:${cluster.workerOf(x.id)}`).join(' '));
	const polls = (await sim.log()).slice(mark0).filter(isPoll);
	check(`${name}: no poll failed (${polls.length} poll requests)`, polls.every((e) => e.status === 200), formatLog(polls.filter((e) => e.status !== 200)));
	result.executions = seen.runs.length;
	result.workers = seen.runs.map((x) => cluster.workerOf(x.id));
	result.pollRequests = polls.length;
	result.emitted = { newReceivers: news, unsubscribes: unsubs };
	return result;
}

await phase('trigger in queue mode (in-memory scheduler)', async () => {
	await cluster.main.stop();
	const res = await cli(['publish:workflow', `--id=${WF.trigger}`]);
	check('trigger: n8n publish:workflow activates the trigger workflow', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	figures.trigger.inMemory = await triggerScenario('trigger (in-memory scheduler)', WF.trigger);
});

await phase('trigger with the durable scheduler and durable poll cursors', async () => {
	say('switching every instance to the durable scheduler (N8N_SCHEDULER_ENABLED, …_POLL_TRIGGERS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE, N8N_POLLER_DURABLE_CURSORS_ENABLED)…');
	await cluster.main.stop();
	for (const name of [...cluster.workers.keys()]) await cluster.stopWorker(name);
	let res = await cli(['unpublish:workflow', `--id=${WF.trigger}`]);
	check('durable: n8n unpublish:workflow deactivates the in-memory trigger workflow', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	cluster.durable = true;
	res = await cli(['publish:workflow', `--id=${WF.durableTrigger}`]);
	check('durable: n8n publish:workflow activates the second trigger workflow', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	await cluster.startWorker('worker-1', 'restart');
	await cluster.startWorker('worker-2', 'restart');
	figures.trigger.durable = await triggerScenario('durable scheduler', WF.durableTrigger);
	const jobs = await db.query(`SELECT "taskType", payload FROM scheduled_job WHERE (payload::jsonb)->>'workflowId' = $1`, [WF.durableTrigger]);
	check('durable: the polls ran as durable scheduler jobs (one workflow:poll-trigger job per trigger node in scheduled_job)',
		jobs.length === 2 && jobs.every((j) => j.taskType === 'workflow:poll-trigger'), JSON.stringify(jobs));
	const cursors = await db.query(`SELECT "nodeId", cursor FROM poller_state WHERE "workflowId" = $1 ORDER BY "nodeId"`, [WF.durableTrigger]);
	const staticData = (await db.query(`SELECT "staticData" FROM workflow_entity WHERE id = $1`, [WF.durableTrigger]))[0]?.staticData;
	// The workflow's global static data keeps only each node's start state (saved at activation, see start.ts).
	const nodeStaticData = Object.entries(staticData ?? {}).filter(([key]) => key.startsWith('node:')).map(([, value]) => value);
	check('durable: each trigger node\'s cursor is stored in n8n\'s poller_state table (not in the node\'s static data)',
		cursors.length === 2 && cursors.every((c) => JSON.stringify(c.cursor).includes('"settled"')) && !JSON.stringify(nodeStaticData).includes('settled'),
		JSON.stringify({ cursors, staticData }).slice(0, 1500));
	figures.trigger.durable.cursors = cursors.map((c) => c.cursor);
});

// ---------------------------------------------------------------------------------------------------------------
// INSTANT (WEBHOOK) TRIGGER IN QUEUE MODE — place for its check once the CleverReach instant trigger node exists:
// publish a workflow with it, let the simulator deliver an eventhook call to the main's production webhook URL
// (cluster.main.url + '/webhook/…'), and check that the execution is queued by the main, runs on a worker
// (cluster.workerOf(id)) and carries the event exactly once — also across cluster.main.stop()/startMain().
// ---------------------------------------------------------------------------------------------------------------

await phase('examples/deploy matches what the suite ran', async () => {
	const { yaml } = n8nModules(n8nBin);
	const compose = yaml.parse(readFileSync(join(repo, 'examples/deploy/docker-compose.yml'), 'utf8'), { merge: true });
	const dockerfile = readFileSync(join(repo, 'examples/deploy/Dockerfile'), 'utf8');
	const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
	const services = compose?.services ?? {};
	check('deploy: docker-compose.yml has postgres, redis, n8n-main and n8n-worker', ['postgres', 'redis', 'n8n-main', 'n8n-worker'].every((s) => services[s]),
		Object.keys(services).join(', '));
	const envOf = (service) => Object.fromEntries(Object.entries(services[service]?.environment ?? {}).map(([k, v]) => [k, String(v)]));
	const main = envOf('n8n-main');
	const worker = envOf('n8n-worker');
	const ranMain = cluster.main.env;
	const ranWorker = cluster.workers.get('worker-1').env;
	const mismatches = [];
	for (const [role, composeEnv, ran, settings] of [
		['main', main, ranMain, SHARED_SETTINGS],
		['worker', worker, ranWorker, { ...SHARED_SETTINGS, ...WORKER_SETTINGS }],
	]) {
		for (const [k, v] of Object.entries(settings)) if (composeEnv[k] !== v || ran[k] !== v) mismatches.push(`${role} ${k}: compose ${composeEnv[k]}, suite ${ran[k]}`);
		for (const k of [...CONNECTION_NAMES.shared, ...CONNECTION_NAMES[role]]) if (!(k in composeEnv) || !(k in ran)) mismatches.push(`${role} ${k} missing`);
		for (const k of Object.keys(DURABLE_SETTINGS)) if (composeEnv[k] !== 'false') mismatches.push(`${role} ${k}: compose ${composeEnv[k]} (expected "false": the suite's default part)`);
		for (const k of Object.keys(composeEnv)) if (!(k in ran) && !(k in DURABLE_SETTINGS)) mismatches.push(`${role} ${k}: in compose, not set by the suite`);
	}
	check('deploy: the n8n settings of main and worker in docker-compose.yml are the ones the suite ran with (queue mode, PostgreSQL, Redis, secrets, durable flags off)',
		mismatches.length === 0, mismatches.join('\n'));
	const ranDurable = cluster.main.env;
	check('deploy: the durable-scheduler part ran with the four flags docker-compose.yml lists, all set to true',
		Object.entries(DURABLE_SETTINGS).every(([k, v]) => ranDurable[k] === v && k in main && k in worker), JSON.stringify(DURABLE_SETTINGS));
	const workerCmd = [].concat(services['n8n-worker']?.command ?? []).join(' ');
	check('deploy: the worker runs `n8n worker`, the main `n8n start` (the image default)', workerCmd === 'worker' && !services['n8n-main']?.command,
		`worker: ${workerCmd}, main: ${services['n8n-main']?.command}`);
	const args = services['n8n-main']?.build?.args ?? {};
	const n8nVersion = n8nBin.match(/n8n-(\d+\.\d+\.\d+)/)?.[1];
	check(`deploy: main and worker are built from n8nio/n8n:${n8nVersion} with ${PACKAGE_NAME}@${manifest.version} (the versions the suite ran)`,
		String(args.N8N_VERSION) === n8nVersion && String(args.PACKAGE_VERSION) === manifest.version &&
			JSON.stringify(services['n8n-worker']?.build) === JSON.stringify(services['n8n-main']?.build) && /FROM n8nio\/n8n:\$\{N8N_VERSION\}/.test(dockerfile),
		JSON.stringify({ main: services['n8n-main']?.build, worker: services['n8n-worker']?.build }));
	check('deploy: the Dockerfile installs the package into ~/.n8n/nodes of the node user (the community layout the suite installs on each instance)',
		/USER node\s+RUN mkdir -p ~\/\.n8n\/nodes[^\n]*\n\s*&& cd ~\/\.n8n\/nodes/.test(dockerfile) && /npm install[^\n]*n8n-nodes-cleverreach@\$\{PACKAGE_VERSION\}/.test(dockerfile), dockerfile);
	const pgMajor = pg.bin.split('/').at(-2);
	const redisMajor = redis.version.split('.')[0];
	// n8n 2.41 warns "Postgres 15 is not supported … 17 and newer, with 16 on compatibility support" but runs on it; the
	// suite uses the PostgreSQL the Debian release offers, the compose file one n8n supports.
	const composePg = Number(String(services.postgres?.image).match(/^postgres:(\d+)/)?.[1]);
	check(`deploy: Redis ${redisMajor} as run by the suite; PostgreSQL ${composePg} (n8n supports 16+; the suite ran ${pgMajor}, which n8n warns about but runs on)`,
		String(services.redis?.image) === `redis:${redisMajor}` && composePg >= 16 && composePg >= Number(pgMajor),
		`${services.postgres?.image}, ${services.redis?.image}`);
});

async function shutdown() {
	for (const name of [...cluster.workers.keys()]) await cluster.workers.get(name).stop().catch(() => {});
	await cluster.main?.stop().catch(() => {});
	await db?.close().catch(() => {});
	await sim?.stop();
	await redis?.stop();
	await pg?.stop();
}

const figure = throughputFigure();
writeFileSync(join(artifacts, 'figures.json'), `${JSON.stringify({ throughput: figure, ...figures }, null, '\t')}\n`);
await shutdown();
say(`figures: throughput ${figure?.autoMap ? `${BULK.executions} parallel executions × ${BULK.receivers.toLocaleString('en-US')} receivers: one worker ${figure.autoMap.oneWorkerMs} ms, two workers ${figure.autoMap.twoWorkersMs} ms (×${figure.autoMap.speedup})` : 'n/a'}`);
if (figures.refresh) say(`figures: refresh ${JSON.stringify(figures.refresh)}`);
if (figures.kill) say(`figures: kill ${JSON.stringify(figures.kill)}`);
say(`figures: trigger ${JSON.stringify({ inMemory: figures.trigger.inMemory, durable: { ...figures.trigger.durable, cursors: undefined } })}`);
say(`done in ${elapsed()}; logs in ${artifacts}${keep ? `, work dir ${work}` : ''}`);
const failed = r.summary();
process.exit(failed ? 1 : 0);
