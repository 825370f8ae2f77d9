#!/usr/bin/env node
/**
 * End-to-end suite: the packed n8n-nodes-cleverreach package inside a real n8n (2.41.1), talking HTTPS to the
 * CleverReach simulator as if it were rest.cleverreach.com. See test/e2e/README.md.
 *
 *   node test/e2e/run.mjs [--no-trigger] [--no-editor] [--no-instant] [--keep]
 *
 * Prints PASS/FAIL lines and finally `e2e: N passed, M failed`; exits 1 on any failure.
 * Logs and the editor screenshot go to test-artifacts/e2e/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	e2eDir,
	ensureN8n,
	freePort,
	installCleanup,
	installIntoUserFolder,
	makeWorkDir,
	n8nEnv,
	packPackage,
	parseExecuteOutput,
	repo,
	reporter,
	runN8n,
	sleep,
	startN8n,
	startSimulator,
} from './lib/harness.mjs';
import { createExecutionReader, nodeItems } from './lib/executions.mjs';
import { editorCheck, ensureChromium } from './editor.mjs';
import { instantPhase } from './instant.mjs';

const flags = new Set(process.argv.slice(2));
const withTrigger = !flags.has('--no-trigger');
const withEditor = !flags.has('--no-editor');
const keep = flags.has('--keep') || process.env.E2E_KEEP === '1';

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
const say = (msg) => console.log(`[e2e ${elapsed()}] ${msg}`);

const artifacts = join(repo, 'test-artifacts/e2e');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const cliLog = join(artifacts, 'n8n-cli.log');

const r = reporter('e2e');
const { check } = r;
const work = makeWorkDir('suite');
installCleanup(() => {
	if (!keep) rmSync(work, { recursive: true, force: true });
});

// The simulator's OAuth client and the token pair the "token data" credential starts with
// (test/e2e/credentials/e2e-token.json).
const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-secret';
const ACCESS_TOKEN = 'e2e-access-token-1';
const REFRESH_TOKEN = 'e2e-refresh-token-1';
const TOKEN_CREDENTIAL = 'e2eCrToken000001';
const CLIENT_CREDENTIALS_CREDENTIAL = 'e2eCrClientCreds';
const WF = {
	bulk: 'e2eWfBulk0000001',
	continueOnFail: 'e2eWfContOnFail1',
	stopOnError: 'e2eWfStopOnErr01',
	listGroups: 'e2eWfListGroups1',
	clientCredentials: 'e2eWfClientCred1',
	trigger: 'e2eWfTrigger0001',
};

/** Runs a phase; an exception becomes one FAIL line instead of aborting the suite. */
async function phase(name, fn) {
	say(`--- ${name}`);
	try {
		await fn();
	} catch (error) {
		check(`${name}: completed without an exception`, false, error?.stack ?? String(error));
	}
}

const count = (log, method, pattern) => log.filter((e) => e.method === method && pattern.test(e.path)).length;
const formatLog = (log) => log.map((e) => `${e.method} ${e.path} → ${e.status}${e.fault ? ` (${e.fault})` : ''} [${e.auth}]`).join('\n');

let n8nBin;
let sim;
let env;
let userFolder;
let executions;
const state = { groupId: null, mailingId: null };

async function execute(workflowId, extraEnv = {}) {
	const res = await runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], {
		env: { ...env, ...extraEnv },
		logFile: cliLog,
	});
	let run = null;
	try {
		run = parseExecuteOutput(res.stdout);
	} catch {
		run = null;
	}
	return { ...res, run, runData: run?.data?.resultData?.runData ?? {}, error: run?.data?.resultData?.error ?? null };
}

async function exportCredential(id) {
	const file = join(work, `credential-${id}.json`);
	const res = await runN8n(n8nBin, ['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`], { env, logFile: cliLog });
	if (res.code !== 0 || !existsSync(file)) throw new Error(`export:credentials failed (${res.code}): ${res.stderr.slice(-1000)}`);
	const data = JSON.parse(readFileSync(file, 'utf8'));
	rmSync(file);
	return (Array.isArray(data) ? data[0] : data)?.data ?? {};
}

// ---------------------------------------------------------------------------------------------------------------
await phase('setup', async () => {
	if (withEditor) {
		const chromium = ensureChromium();
		check('setup: headless Chromium available', Boolean(chromium), 'install it with apt-get install -y chromium');
	}
	say('n8n (cached install)…');
	n8nBin = ensureN8n();
	check('setup: n8n 2.41.1 installed in the cache', existsSync(n8nBin), n8nBin);
	say('npm pack + install into the n8n user folder…');
	const pkg = packPackage(work);
	const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
	const shipped = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	check(
		'setup: packed tarball contains every node and credential file package.json lists',
		shipped.every((f) => existsSync(join(pkg.dir, f))),
		shipped.filter((f) => !existsSync(join(pkg.dir, f))).join(', '),
	);
	userFolder = join(work, 'user');
	installIntoUserFolder(userFolder, pkg.dir);
	sim = await startSimulator({
		workDir: work,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		accessToken: ACCESS_TOKEN,
		refreshToken: REFRESH_TOKEN,
		logFile: join(artifacts, 'simulator.log'),
	});
	say(`simulator on ${sim.url} (n8n reaches it as https://rest.cleverreach.com)`);
	env = n8nEnv({ userFolder, port: await freePort(), sim });
	executions = createExecutionReader(n8nBin, userFolder);

	const creds = ['e2e-token.json', 'e2e-client-credentials.json'].map((f) =>
		JSON.parse(readFileSync(join(e2eDir, 'credentials', f), 'utf8')),
	);
	const credFile = join(work, 'credentials.json');
	writeFileSync(credFile, JSON.stringify(creds));
	let res = await runN8n(n8nBin, ['import:credentials', `--input=${credFile}`], { env, logFile: cliLog });
	check('setup: n8n import:credentials (token data + client credentials)', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	res = await runN8n(n8nBin, ['import:workflow', '--separate', `--input=${join(e2eDir, 'workflows')}`], { env, logFile: cliLog });
	check('setup: n8n import:workflow (all workflows)', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	// n8n 2.x imports workflows inactive; publishing makes the trigger workflow active for `n8n start`.
	res = await runN8n(n8nBin, ['publish:workflow', `--id=${WF.trigger}`], { env, logFile: cliLog });
	check('setup: n8n publish:workflow activates the trigger workflow', res.code === 0, `${res.stdout}${res.stderr}`.slice(-2000));
	res = await runN8n(n8nBin, ['list:workflow'], { env, logFile: cliLog });
	const listed = Object.values(WF).filter((id) => res.stdout.includes(id));
	check('setup: n8n list:workflow shows the imported workflows', listed.length === Object.keys(WF).length, res.stdout);
});

if (!sim || !n8nBin) {
	r.summary();
	process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
await phase('bulk: create group, upsert 2,500 receivers, read them back, create a mailing draft', async () => {
	await sim.admin('POST', '/__sim/reset-log');
	const res = await execute(WF.bulk);
	const log = await sim.log();
	writeFileSync(join(artifacts, 'bulk-simulator-log.txt'), formatLog(log));
	check('bulk: n8n execute finished with status success', res.code === 0 && res.run?.status === 'success',
		`exit ${res.code}, status ${res.run?.status}, error ${res.error?.message}\n${(res.stdout + res.stderr).slice(-2000)}`);

	const group = nodeItems(res.runData, 'Create Group');
	state.groupId = group[0]?.id ? String(group[0].id) : null;
	check('bulk: Create Group returned the new group (numeric id, name)',
		group.length === 1 && /^\d+$/.test(state.groupId ?? '') && group[0].name === 'e2e Newsletter', JSON.stringify(group));
	const simGroup = state.groupId ? await sim.model('getGroup', state.groupId) : null;
	check('bulk: the simulator has the group with the receiver info n8n sent',
		simGroup?.name === 'e2e Newsletter' && simGroup?.receiver_info === 'created by the e2e suite', JSON.stringify(simGroup));
	const createCalls = log.filter((e) => e.method === 'POST' && e.path === '/v3/groups');
	check('bulk: one POST /v3/groups with a Bearer token and the name in the body',
		createCalls.length === 1 && createCalls[0].auth === 'bearer' && createCalls[0].body?.name === 'e2e Newsletter',
		JSON.stringify(createCalls));

	const expected = Array.from({ length: 2500 }, (_, i) => `e2e-${String(i).padStart(4, '0')}@example.com`);
	const upserted = nodeItems(res.runData, 'Upsert Receivers');
	const upsertedEmails = new Set(upserted.map((j) => String(j.email ?? '').toLowerCase()));
	check('bulk: Upsert Receivers output has 2,500 items, one per email, none an error',
		upserted.length === 2500 && expected.every((e) => upsertedEmails.has(e)) && !upserted.some((j) => j.error),
		`items ${upserted.length}, first ${JSON.stringify(upserted[0])}, errors ${upserted.filter((j) => j.error).length}`);
	const upsertCalls = log.filter((e) => e.method === 'POST' && /^\/v3\/groups\/\d+\/receivers\/upsertplus$/.test(e.path));
	const sizes = upsertCalls.map((e) => (Array.isArray(e.body) ? e.body.length : -1));
	check('bulk: receivers were sent in batches of at most 1,000 via upsertplus (3 requests for 2,500)',
		upsertCalls.length === 3 && sizes.every((n) => n > 0 && n <= 1000) && sizes.reduce((a, b) => a + b, 0) === 2500 &&
			upsertCalls.every((e) => e.status === 200), `sizes ${JSON.stringify(sizes)} statuses ${upsertCalls.map((e) => e.status)}`);
	const stats = state.groupId ? await sim.model('groupStats', state.groupId) : null;
	check('bulk: the simulator holds 2,500 active receivers in the group',
		stats?.total_count === 2500 && stats?.active_count === 2500, JSON.stringify(stats));

	const got = nodeItems(res.runData, 'Get Receivers');
	const gotEmails = new Set(got.map((j) => String(j.email ?? '').toLowerCase()));
	check('bulk: Get Receivers (Return All) returned the same 2,500 receivers',
		got.length === 2500 && expected.every((e) => gotEmails.has(e)), `items ${got.length}, first ${JSON.stringify(got[0])}`);
	const pages = log.filter((e) => e.method === 'GET' && /^\/v3\/groups\/\d+\/receivers$/.test(e.path));
	check('bulk: Get Receivers paged through GET /v3/groups/{id}/receivers',
		pages.length >= 1 && pages.every((e) => e.status === 200), formatLog(pages));

	const mailing = nodeItems(res.runData, 'Create Mailing Draft');
	state.mailingId = mailing[0]?.id ? String(mailing[0].id) : null;
	check('bulk: Create Mailing Draft returned one item with the mailing id', mailing.length === 1 && /^\d+$/.test(state.mailingId ?? ''),
		JSON.stringify(mailing));
	const simMailing = state.mailingId ? await sim.model('getMailing', state.mailingId) : null;
	check('bulk: the simulator has the mailing as a draft for the group, with the subject n8n sent',
		simMailing?.state === 'draft' && simMailing?.subject === 'Hello from the e2e suite' &&
			(simMailing?.mailing_groups?.group_ids ?? []).map(String).includes(String(state.groupId)),
		JSON.stringify(simMailing).slice(0, 1500));
	check('bulk: no request needed a token refresh (the imported access token was used)',
		log.length > 0 && count(log, 'POST', /^\/oauth\/token/) === 0 && log.every((e) => e.auth === 'bearer' || e.path.startsWith('/oauth')), formatLog(log.slice(0, 20)));
});

// ---------------------------------------------------------------------------------------------------------------
await phase('errors: unknown group with and without Continue On Fail', async () => {
	await sim.admin('POST', '/__sim/reset-log');
	const res = await execute(WF.continueOnFail, { E2E_EXISTING_GROUP_ID: state.groupId ?? '1000001' });
	check('continue on fail: execution succeeds although one item failed', res.code === 0 && res.run?.status === 'success',
		`exit ${res.code}, status ${res.run?.status}\n${(res.stdout + res.stderr).slice(-1500)}`);
	const out = res.runData['Get Group']?.[0]?.data?.main?.[0] ?? [];
	check('continue on fail: item 1 is the existing group', String(out[0]?.json?.id) === String(state.groupId), JSON.stringify(out[0]));
	const errorJson = out[1]?.json ?? {};
	const message = String(errorJson.error ?? '');
	check('continue on fail: item 2 is an error item naming the missing group, paired with input item 2',
		out.length === 2 && /not found/i.test(message) && /999999|group/i.test(message) && out[1]?.pairedItem?.item === 1,
		JSON.stringify(out[1]));
	const log = await sim.log();
	check('continue on fail: the simulator answered 404 for group 999999 (not retried)',
		count(log, 'GET', /^\/v3\/groups\/999999$/) === 1 && log.find((e) => e.path === '/v3/groups/999999')?.status === 404, formatLog(log));

	await sim.admin('POST', '/__sim/reset-log');
	const stop = await execute(WF.stopOnError);
	const text = `${stop.stdout}\n${stop.stderr}`;
	const stopMessage = stop.error?.message ?? '';
	const stopLog = await sim.log();
	check('stop on error: without Continue On Fail the execution fails after CleverReach answered 404',
		(stop.code !== 0 || stop.run?.status === 'error') && stopLog.some((e) => e.path === '/v3/groups/999999' && e.status === 404) &&
			!/does not exist/.test(text), `exit ${stop.code} status ${stop.run?.status}\n${text.slice(-1500)}`);
	check('stop on error: the error n8n reports names the missing group (CleverReach 404 mapped by the node)',
		/not found/i.test(stopMessage || text) && /group/i.test(stopMessage || text), (stopMessage || text).slice(-1500));
});

// ---------------------------------------------------------------------------------------------------------------
await phase('oauth: expired access token refreshed by n8n through the credential', async () => {
	const before = await exportCredential(TOKEN_CREDENTIAL);
	check('oauth: credential starts with the imported token pair',
		before.oauthTokenData?.access_token === ACCESS_TOKEN && before.oauthTokenData?.refresh_token === REFRESH_TOKEN,
		JSON.stringify(before.oauthTokenData));
	await sim.admin('POST', '/__sim/expire-tokens');
	await sim.admin('POST', '/__sim/reset-log');
	const res = await execute(WF.listGroups);
	const log = await sim.log();
	writeFileSync(join(artifacts, 'refresh-simulator-log.txt'), formatLog(log));
	check('oauth: the workflow succeeds after the refresh', res.code === 0 && res.run?.status === 'success',
		`exit ${res.code}, status ${res.run?.status}, error ${res.error?.message}\n${(res.stdout + res.stderr).slice(-1500)}`);
	const groups = nodeItems(res.runData, 'List Groups');
	check('oauth: List Groups returned the group created earlier', groups.some((g) => String(g.id) === String(state.groupId)),
		JSON.stringify(groups).slice(0, 500));
	const tokenCalls = log.filter((e) => e.method === 'POST' && e.path === '/oauth/token.php');
	const call = tokenCalls[0];
	check('oauth: sequence 401 → POST /oauth/token.php → retry 200',
		log.length >= 3 && log[0].status === 401 && log[1].path === '/oauth/token.php' && log[1].status === 200 &&
			log[2].method === 'GET' && log[2].status === 200, formatLog(log));
	check('oauth: the refresh call used HTTP Basic client auth and a refresh_token grant with the stored refresh token',
		tokenCalls.length === 1 && call.auth === 'basic' && call.body?.grant_type === 'refresh_token' &&
			call.body?.refresh_token === REFRESH_TOKEN, JSON.stringify(call));
	const after = await exportCredential(TOKEN_CREDENTIAL);
	check('oauth: n8n stored the new (rotated) token pair in the credential',
		typeof after.oauthTokenData?.access_token === 'string' && after.oauthTokenData.access_token !== ACCESS_TOKEN &&
			typeof after.oauthTokenData?.refresh_token === 'string' && after.oauthTokenData.refresh_token !== REFRESH_TOKEN,
		JSON.stringify({ ...after.oauthTokenData, access_token: `${String(after.oauthTokenData?.access_token).slice(0, 6)}…` }));

	await sim.admin('POST', '/__sim/reset-log');
	const again = await execute(WF.listGroups);
	const log2 = await sim.log();
	check('oauth: the next run uses the stored new token (no refresh, 200 at once)',
		again.run?.status === 'success' && log2.length >= 1 && log2.every((e) => e.status === 200 && e.auth === 'bearer') &&
			count(log2, 'POST', /^\/oauth\//) === 0, formatLog(log2));
});

// ---------------------------------------------------------------------------------------------------------------
await phase('oauth: client-credentials grant', async () => {
	await sim.admin('POST', '/__sim/reset-log');
	const res = await execute(WF.clientCredentials);
	const log = await sim.log();
	check('client credentials: the workflow succeeds', res.code === 0 && res.run?.status === 'success',
		`exit ${res.code}, status ${res.run?.status}, error ${res.error?.message}\n${(res.stdout + res.stderr).slice(-1500)}`);
	check('client credentials: List Groups returned the groups', nodeItems(res.runData, 'List Groups').length >= 1,
		JSON.stringify(nodeItems(res.runData, 'List Groups')).slice(0, 300));
	const tokenCall = log.find((e) => e.method === 'POST' && e.path === '/oauth/token.php');
	check('client credentials: n8n fetched a token with grant_type=client_credentials',
		tokenCall?.status === 200 && tokenCall?.body?.grant_type === 'client_credentials', formatLog(log) + `\n${JSON.stringify(tokenCall)}`);
	const stored = await exportCredential(CLIENT_CREDENTIALS_CREDENTIAL);
	check('client credentials: the fetched token is stored in the credential',
		typeof stored.oauthTokenData?.access_token === 'string' && stored.oauthTokenData.access_token.length > 0,
		Object.keys(stored).join(','));
});

// ---------------------------------------------------------------------------------------------------------------
let server = null;
const triggerLog = join(artifacts, 'n8n-start.log');

async function startServer(label) {
	say(`n8n start (${label})…`);
	server = await startN8n(n8nBin, { env, logFile: triggerLog });
	say(`n8n is ready at ${server.url}`);
}

/** Waits until the trigger's activation polls reached the simulator (receiver searches + the mailing reports list). */
async function waitForActivation(since, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	let quietLength = -1;
	let quietSince = 0;
	for (;;) {
		const log = (await sim.log()).slice(since);
		const searches = count(log, 'POST', /^\/v3\/receivers\/filter$/);
		const mailings = count(log, 'GET', /^\/v3\/reports$/);
		// Done once every trigger has read its start state and the simulator has been quiet for 2 s.
		if (searches >= 2 && mailings >= 1) {
			if (log.length === quietLength && Date.now() - quietSince >= 2000) return log;
			if (log.length !== quietLength) {
				quietLength = log.length;
				quietSince = Date.now();
			}
		}
		if (Date.now() > deadline) throw new Error(`the trigger did not poll on activation within ${timeoutMs / 1000} s:\n${formatLog(log)}\n${server?.output().slice(-3000)}`);
		await sleep(1000);
	}
}

/** Everything the trigger workflow emitted so far: per trigger node, the emitted items and the execution ids. */
function emitted() {
	const runs = executions.list(WF.trigger);
	const out = { runs, 'New Receiver': [], 'Receiver Unsubscribed': [], 'Mailing Finished': [] };
	for (const run of runs) {
		for (const node of ['New Receiver', 'Receiver Unsubscribed', 'Mailing Finished']) {
			for (const json of nodeItems(run.runData, node)) out[node].push({ execution: run.id, json });
		}
	}
	return out;
}
const emails = (list) => list.map((e) => String(e.json.email ?? '').toLowerCase());
const occurrences = (list, value) => list.filter((v) => v === value).length;

async function waitFor(what, predicate, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const seen = emitted();
		if (predicate(seen)) return seen;
		if (Date.now() > deadline) return seen;
		await sleep(3000);
	}
}

const NEW_1 = 'trigger-new-1@example.com';
const NEW_2 = 'trigger-new-2@example.com';
const NEW_3 = 'trigger-new-3@example.com';
const UNSUBSCRIBED = 'e2e-0007@example.com';

const editorRun = { promise: null };

if (withTrigger || withEditor) {
	await phase('trigger: active workflow under n8n start', async () => {
		await sim.admin('POST', '/__sim/reset-log');
		await startServer('first start');
		if (withEditor) {
			// The editor check runs against the same server while the trigger waits for its schedule.
			editorRun.promise = editorCheck({ url: server.url, artifactsDir: artifacts, check, say }).catch((error) =>
				check('editor: completed without an exception', false, error?.stack ?? String(error)),
			);
		}
		if (!withTrigger) return;
		if (!state.groupId || !state.mailingId) throw new Error('the bulk phase did not create the group and the mailing');
		const activation = await waitForActivation(0);
		check('trigger: on activation each trigger read the current state (receiver searches, the mailing reports), all 200',
			activation.every((e) => e.status === 200), formatLog(activation));
		check('trigger: activation emitted nothing (the 2,500 existing receivers are not "new")', emitted().runs.length === 0,
			JSON.stringify(emitted().runs.map((x) => x.id)));
		await sleep(1100);
		await sim.model('addReceiver', state.groupId, { email: NEW_1, global_attributes: {} });
		await sim.model('addReceiver', state.groupId, { email: NEW_2, global_attributes: {} });
		await sim.model('unsubscribe', state.groupId, UNSUBSCRIBED);
		await sim.model('finishMailing', state.mailingId);
		const changedAt = Date.now();
		say('simulator: 2 new receivers, 1 unsubscribe, 1 finished mailing; waiting for the scheduled polls (every minute)…');

		const complete = (s) =>
			emails(s['New Receiver']).includes(NEW_1) && emails(s['New Receiver']).includes(NEW_2) &&
			emails(s['Receiver Unsubscribed']).includes(UNSUBSCRIBED) &&
			s['Mailing Finished'].some((m) => String(m.json.id) === state.mailingId);
		let seen = await waitFor('events', complete, 200_000);
		check('trigger: the scheduled polls emitted both new receivers, the unsubscribe and the finished mailing',
			complete(seen), JSON.stringify({ new: emails(seen['New Receiver']), unsub: emails(seen['Receiver Unsubscribed']),
				mailings: seen['Mailing Finished'].map((m) => m.json.id), runs: seen.runs.map((x) => `${x.id}:${x.status}`) }));
		say(`events arrived ${Math.round((Date.now() - changedAt) / 1000)} s after the change; one more poll cycle to catch duplicates…`);
		await sleep(65_000);
		seen = emitted();
		const newEmails = emails(seen['New Receiver']);
		check('trigger: New Receiver emitted exactly the 2 new receivers, once each',
			newEmails.length === 2 && occurrences(newEmails, NEW_1) === 1 && occurrences(newEmails, NEW_2) === 1, JSON.stringify(newEmails));
		const unsubEmails = emails(seen['Receiver Unsubscribed']);
		check('trigger: Receiver Unsubscribed emitted the unsubscribed receiver once (and nothing else)',
			unsubEmails.length === 1 && unsubEmails[0] === UNSUBSCRIBED, JSON.stringify(unsubEmails));
		const finished = seen['Mailing Finished'];
		check('trigger: Mailing Finished emitted the finished mailing once, with its report figures',
			finished.length === 1 && String(finished[0].json.id) === state.mailingId && finished[0].json.report !== undefined,
			JSON.stringify(finished.map((m) => m.json)).slice(0, 1500));
		check('trigger: every trigger execution succeeded', seen.runs.every((x) => x.status === 'success'),
			seen.runs.map((x) => `${x.id}:${x.mode}:${x.status}`).join(' '));
		const runsBefore = seen.runs.length;

		say('restarting n8n (a receiver is added while it is down)…');
		await server.stop();
		server = null;
		await sim.model('addReceiver', state.groupId, { email: NEW_3, global_attributes: {} });
		const mark = (await sim.log()).length;
		await startServer('restart');
		const reactivation = await waitForActivation(mark);
		check('trigger: after the restart the workflow is active again and polls', reactivation.length >= 3, formatLog(reactivation));
		seen = await waitFor('restart', (s) => emails(s['New Receiver']).includes(NEW_3), 150_000);
		check('trigger: after the restart the receiver added while n8n was down is emitted (the cursor was kept)',
			emails(seen['New Receiver']).includes(NEW_3), JSON.stringify(emails(seen['New Receiver'])));
		await sleep(65_000);
		seen = emitted();
		const afterNew = emails(seen['New Receiver']);
		check('trigger: after the restart nothing was emitted again (each event still exactly once)',
			afterNew.length === 3 && [NEW_1, NEW_2, NEW_3].every((e) => occurrences(afterNew, e) === 1) &&
				emails(seen['Receiver Unsubscribed']).length === 1 && seen['Mailing Finished'].length === 1,
			JSON.stringify({ new: afterNew, unsub: emails(seen['Receiver Unsubscribed']), mailings: seen['Mailing Finished'].length,
				runs: `${runsBefore} → ${seen.runs.length}` }));
		const log = await sim.log();
		check('trigger: no poll needed a token refresh or failed', log.every((e) => e.status === 200 || e.path.startsWith('/__sim')),
			formatLog(log.filter((e) => e.status !== 200)));
	});
}

if (editorRun.promise) await editorRun.promise;
if (server) await server.stop();

if (!flags.has('--no-instant')) {
	await phase('instant trigger: eventhooks into n8n\'s production webhook URL', () =>
		instantPhase({ n8nBin, env, sim, executions, check, say, artifacts, cliLog, credential: { id: TOKEN_CREDENTIAL, name: 'CleverReach e2e (authorization code, token data)' }, deactivateFirst: [WF.trigger] }));
}

// ---------------------------------------------------------------------------------------------------------------
// Last, because it breaks the token credential for good: the refresh token is no longer accepted.
await phase('oauth: expired refresh token', async () => {
	await sim.admin('POST', '/__sim/revoke-refresh-tokens');
	await sim.admin('POST', '/__sim/expire-tokens');
	await sim.admin('POST', '/__sim/reset-log');
	const res = await execute(WF.listGroups);
	const log = await sim.log();
	const message = res.error?.message ?? `${res.stdout}\n${res.stderr}`;
	check('expired refresh token: the execution fails after one refused refresh (no loop)',
		(res.code !== 0 || res.run?.status === 'error') && count(log, 'POST', /^\/oauth\/token\.php$/) === 1 &&
			log.find((e) => e.path === '/oauth/token.php')?.status === 400, `exit ${res.code}\n${formatLog(log)}`);
	check('expired refresh token: the error tells the user to reconnect the credential', /reconnect/i.test(message),
		message.slice(-1500));
});
await sim?.stop();
say(`done in ${elapsed()}; logs in ${artifacts}${keep ? `, work dir ${work}` : ''}`);
const failed = r.summary();
process.exit(failed ? 1 : 0);
