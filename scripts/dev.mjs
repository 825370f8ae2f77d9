#!/usr/bin/env node
/**
 * `npm run dev` / `npm run dev:sandbox` (run through scripts/dev.sh, which installs Node 24 + deps first).
 *
 * Starts a local n8n (2.41.1 from the cache, see scripts/ensure-n8n.sh) with this package installed as a community
 * package, recompiles on every change (tsc --watch + icon copy) and lets n8n hot-reload the nodes
 * (N8N_DEV_RELOAD=true). With --sandbox it also starts the CleverReach simulator with demo data, sends n8n's requests
 * for rest.cleverreach.com to it (HTTPS with a local test CA), and imports a ready, connected credential
 * "CleverReach sandbox (local simulator)", so every operation can be tried without a CleverReach account.
 *
 *   node scripts/dev.mjs [--sandbox [--reset]] [--port 5678] [--fresh]   (no --port: 5678, or a free port if taken)
 *
 * State (workflows, credentials, owner account) lives in .e2e/dev (or .e2e/dev-sandbox) and survives restarts, and so
 * does the sandbox's CleverReach account (its changes are journaled in .e2e/dev-sandbox/sandbox-account.jsonl).
 * --reset starts the sandbox account from the demo data again (n8n keeps its state); --fresh starts from an empty n8n
 * (and, with --sandbox, a fresh sandbox account). Ctrl+C stops everything.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
	e2eDir,
	ensureN8n,
	freePort,
	installCleanup,
	isPortFree,
	killAll,
	n8nEnv,
	nodeBin,
	PACKAGE_NAME,
	repo,
	runN8n,
	startN8n,
	startSimulator,
	track,
} from '../test/e2e/lib/harness.mjs';

const { values } = parseArgs({
	options: {
		sandbox: { type: 'boolean', default: false },
		port: { type: 'string', default: process.env.N8N_PORT },
		fresh: { type: 'boolean', default: false },
		reset: { type: 'boolean', default: false },
	},
});
const sandbox = values.sandbox;
const log = (msg) => console.log(`[dev] ${msg}`);
// n8n on 5678 unless that port is taken (another n8n, a test run): then on a free one. Its task broker port and the
// simulator's port are always free ones (test/e2e/lib/harness.mjs), so dev and the test suites can run side by side.
let port = Number(values.port ?? 5678);
if (!values.port && !(await isPortFree(port))) {
	port = await freePort();
	log(`port 5678 is in use; n8n will listen on ${port} instead (or pass --port)`);
}

const root = join(repo, '.e2e', sandbox ? 'dev-sandbox' : 'dev');
if (values.fresh) rmSync(root, { recursive: true, force: true });
const userFolder = join(root, 'user');
const nodesDir = join(userFolder, '.n8n/nodes');
const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
mkdirSync(packageDir, { recursive: true });
installCleanup();

// 1. The package as n8n sees a community install: package.json (+ README/LICENSE) and dist/, compiled straight
//    into the user folder so n8n's hot reload sees every rebuild. The repository's own dist/ is left alone.
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
for (const f of ['README.md', 'LICENSE']) if (existsSync(join(repo, f))) cpSync(join(repo, f), join(packageDir, f));
const nodesManifest = join(nodesDir, 'package.json');
const installed = existsSync(nodesManifest) ? JSON.parse(readFileSync(nodesManifest, 'utf8')) : { name: 'installed-nodes', private: true };
installed.dependencies = { ...(installed.dependencies ?? {}), [PACKAGE_NAME]: manifest.version };
writeFileSync(nodesManifest, JSON.stringify(installed, null, 2));
const outDir = join(packageDir, 'dist');

function copyIcons() {
	// What `n8n-node build` does for the icons, into our outDir: every svg/png under nodes/ and icons/, same folder layout.
	let copied = 0;
	const walk = (dir) => {
		for (const entry of readdirSync(dir)) {
			const full = join(dir, entry);
			if (statSync(full).isDirectory()) walk(full);
			else if (/\.(svg|png)$/i.test(entry)) {
				const target = join(outDir, relative(repo, full));
				mkdirSync(dirname(target), { recursive: true });
				cpSync(full, target);
				copied++;
			}
		}
	};
	for (const folder of ['nodes', 'icons']) if (existsSync(join(repo, folder))) walk(join(repo, folder));
	return copied;
}

const tscArgs = [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.json'), '--outDir', outDir];
// Until the banner, a line at least every 15 s whatever step is slow (ensure-n8n.sh, which blocks this process,
// prints its own).
const startedAt = Date.now();
let step = 'compiling';
const heartbeat = setInterval(() => log(`${step} … ${Math.round((Date.now() - startedAt) / 1000)} s`), 15_000);
log('compiling…');
await new Promise((resolve) => {
	const first = spawn(nodeBin, tscArgs, { cwd: repo, stdio: 'inherit' });
	first.on('close', (code) => {
		if (code !== 0) log(`tsc reported errors (exit ${code}); n8n starts with what compiled, fix them and it reloads`);
		resolve();
	});
});
log(`${copyIcons()} icons copied`);

const tscWatch = track(
	spawn(nodeBin, [...tscArgs, '--watch', '--preserveWatchOutput'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
);
const prefix = (stream, tag) =>
	stream.on('data', (d) => {
		for (const line of String(d).split('\n')) if (line.trim()) process.stdout.write(`[${tag}] ${line}\n`);
	});
prefix(tscWatch.stdout, 'tsc');
prefix(tscWatch.stderr, 'tsc');
for (const folder of ['nodes', 'icons']) {
	if (!existsSync(join(repo, folder))) continue;
	watch(join(repo, folder), { recursive: true }, (_event, file) => {
		if (file && /\.(svg|png)$/i.test(file)) log(`icon changed (${file}); ${copyIcons()} icons copied`);
	});
}

// 2. The cached n8n, and in sandbox mode the simulator + credential.
step = 'checking the cached n8n';
const n8nBin = ensureN8n();
let sim = null;
if (sandbox) {
	const credential = JSON.parse(readFileSync(join(e2eDir, 'credentials/sandbox.json'), 'utf8'));
	const { clientId, clientSecret, oauthTokenData } = credential.data;
	const journal = join(root, 'sandbox-account.jsonl');
	if (values.reset) rmSync(journal, { force: true });
	sim = await startSimulator({
		workDir: root,
		journal,
		demo: true,
		clientId,
		clientSecret,
		accessToken: oauthTokenData.access_token,
		refreshToken: oauthTokenData.refresh_token,
		logFile: join(root, 'simulator.log'),
	});
	const { replayed = 0, failed = 0 } = sim.journal ?? {};
	const changes = `${replayed} change${replayed === 1 ? '' : 's'} replayed${failed ? `, ${failed} of them failed` : ''}`;
	const kept = replayed ? `the account as you left it (${changes}; --reset for the demo data)` : 'demo data';
	log(`sandbox CleverReach (simulator, ${kept}) on ${sim.url}; n8n reaches it as https://rest.cleverreach.com`);
}
const env = n8nEnv({
	userFolder,
	port,
	sim,
	extra: {
		N8N_DEV_RELOAD: 'true',
		N8N_HOST: 'localhost',
		N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
		N8N_WEBHOOK_URL: `http://localhost:${port}/`,
	},
});
if (sim) {
	// The simulator is new on every start, so the sandbox credential is (re)imported with the token pair it knows.
	const credential = JSON.parse(readFileSync(join(e2eDir, 'credentials/sandbox.json'), 'utf8'));
	const file = join(root, 'sandbox-credential.json');
	writeFileSync(file, JSON.stringify([credential]));
	step = 'importing the sandbox credential';
	const res = await runN8n(n8nBin, ['import:credentials', `--input=${file}`], { env });
	rmSync(file, { force: true });
	if (res.code !== 0) log(`importing the sandbox credential failed:\n${res.stdout}${res.stderr}`);
	else log(`credential "${credential.name}" is ready (connected to the sandbox)`);
}

step = 'n8n is starting';
log('starting n8n…');
const server = await startN8n(n8nBin, { env, logFile: join(root, 'n8n.log'), timeoutMs: 300_000 });
server.child.stdout.on('data', (d) => process.stdout.write(d));
server.child.stderr.on('data', (d) => process.stderr.write(d));
const url = `http://localhost:${port}`;
const folder = relative(repo, userFolder);
const account = {
	true: `First visit: create the owner account (local only, kept in ${folder}; --fresh starts over).`,
	false: `Sign in with the owner account created earlier (kept in ${folder}; --fresh starts over without it).`,
	null: 'Sign in, or create the owner account if n8n asks for one.',
}[String(await ownerMissing(server.url))];
clearInterval(heartbeat);
console.log(`
  n8n is running with ${PACKAGE_NAME} (hot reload on): open ${url}
  ${sandbox ? `Sandbox: use the credential "CleverReach sandbox (local simulator)"; demo groups, receivers, forms and mailings are there.
  Simulator request log: ${sim.url}/__sim/log (test CA: ${sim.certs.ca})` : 'Connect a CleverReach credential (OAuth2) in n8n, or run `npm run dev:sandbox` to try it against a local simulator.'}
  ${account} Ctrl+C stops everything.
`);

/** Whether n8n still asks for its owner account, from its public settings (null when it did not say). */
async function ownerMissing(base) {
	try {
		const res = await fetch(`${base}/rest/settings`);
		const setup = (await res.json())?.data?.userManagement?.showSetupOnFirstLoad;
		return typeof setup === 'boolean' ? setup : null;
	} catch {
		return null;
	}
}

let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	log('stopping…');
	await server.stop().catch(() => {});
	await sim?.stop().catch(() => {});
	killAll('SIGTERM');
	process.exit(0);
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('close', (code) => {
	if (!stopping) {
		log(`n8n exited (${code}); see ${join(root, 'n8n.log')}`);
		void stop();
	}
});
