// Shared plumbing for the end-to-end suite and `npm run dev`: the cached n8n, the package as npm would publish it,
// the simulator's HTTPS server, n8n CLI calls and `n8n start`, and process clean-up.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificates } from './tls.mjs';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const e2eDir = join(repo, 'test/e2e');
export const binDir = join(repo, 'node_modules/.bin');
export const nodeBin = process.execPath;
export const PACKAGE_NAME = 'n8n-nodes-cleverreach';
export const ACTION_TYPE = `${PACKAGE_NAME}.cleverReach`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.cleverReachTrigger`;
/** Fixed test-only key so that `export:credentials --decrypted` works across processes of one run. */
export const ENCRYPTION_KEY = 'n8n-nodes-cleverreach-e2e-test-key-not-secret';

const children = new Set();
/** Kills every child process this module started (by process group), e.g. on exit or Ctrl+C. */
export function killAll(signal = 'SIGTERM') {
	for (const child of children) {
		try {
			process.kill(-child.pid, signal);
		} catch {
			try {
				child.kill(signal);
			} catch {
				/* already gone */
			}
		}
	}
}
/** Registers a child process (spawned with detached: true) for killAll / the exit handler. */
export function track(child) {
	children.add(child);
	child.on('close', () => children.delete(child));
	return child;
}
/**
 * Sends `signal` to a child's process group (spawned with detached: true) and waits until it exited; SIGKILL after
 * `graceMs` (n8n's own graceful-shutdown timeout is 30 s: it gets that first).
 */
export async function stopProcessGroup(child, { signal = 'SIGTERM', graceMs = 40_000 } = {}) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const closed = once(child, 'close');
	try {
		process.kill(-child.pid, signal);
	} catch {
		return;
	}
	const t = setTimeout(() => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}, graceMs);
	await closed;
	clearTimeout(t);
}
let cleanupInstalled = false;
export function installCleanup(extra = () => {}) {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.on('exit', () => {
		killAll('SIGKILL');
		extra();
	});
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			killAll('SIGTERM');
			setTimeout(() => process.exit(130), 1500).unref();
		});
	}
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
	const srv = createServer();
	srv.listen(0, '127.0.0.1');
	await once(srv, 'listening');
	const { port } = srv.address();
	srv.close();
	await once(srv, 'close');
	return port;
}

/** Whether a TCP port on 127.0.0.1 can be listened on right now. */
export async function isPortFree(port) {
	const srv = createServer();
	try {
		srv.listen(port, '127.0.0.1');
		await once(srv, 'listening');
	} catch {
		return false;
	}
	srv.close();
	await once(srv, 'close');
	return true;
}

/** Runs scripts/ensure-n8n.sh (installs n8n@2.41.1 into the cache once) and returns the n8n executable. */
export function ensureN8n({ log = process.stderr } = {}) {
	const out = execFileSync('bash', [join(repo, 'scripts/ensure-n8n.sh')], {
		cwd: repo,
		env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
		stdio: ['ignore', 'pipe', log === process.stderr ? 'inherit' : 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	const bin = out.toString().trim().split('\n').pop();
	if (!bin || !existsSync(bin)) throw new Error(`ensure-n8n.sh did not report an n8n executable (got "${bin}")`);
	return bin;
}

/** `npm pack` of the repository (dist + package.json as published), unpacked into a folder; returns that folder. */
export function packPackage(workDir) {
	const packDir = join(workDir, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], {
		cwd: repo,
		env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tgz = out.toString().trim().split('\n').pop();
	execFileSync('tar', ['-xzf', join(packDir, tgz), '-C', packDir]);
	return { dir: join(packDir, 'package'), tarball: join(packDir, tgz) };
}

/**
 * Installs the package into an n8n user folder as n8n's community-node installer does:
 * <userFolder>/.n8n/nodes/node_modules/<name> listed in <userFolder>/.n8n/nodes/package.json.
 * With `link`, a symlink to `source` is made instead of a copy (for `npm run dev`, so rebuilt files are seen).
 */
export function installIntoUserFolder(userFolder, source, { link = false } = {}) {
	const nodesDir = join(userFolder, '.n8n/nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
	rmSync(target, { recursive: true, force: true });
	const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
	if (link) execFileSync('ln', ['-s', source, target]);
	else cpSync(source, target, { recursive: true });
	const manifestPath = join(nodesDir, 'package.json');
	const manifest = existsSync(manifestPath)
		? JSON.parse(readFileSync(manifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	manifest.dependencies = { ...(manifest.dependencies ?? {}), [PACKAGE_NAME]: pkg.version };
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	return target;
}

/** Environment for every n8n process of one user folder. */
export function n8nEnv({ userFolder, port = 5678, sim, extra = {} }) {
	const env = {
		...process.env,
		PATH: `${binDir}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		// Offline: no telemetry, version checks, templates, banners or n8n's list of verified community nodes (each
		// would try to reach n8n's servers and log the failure).
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// The MCP server registry refreshes from api.n8n.io at startup and logs a stack trace when that is unreachable.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// This package is not verified by n8n: n8n 2.41 warns that this default becomes false (3.0 stops loading it).
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Defaults n8n 2.41 warns it will lower: set explicitly (to today's values), which is what n8n asks for.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		DB_TYPE: 'sqlite',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NODE_ENV: 'production',
		...extra,
	};
	delete env.NODE_OPTIONS;
	delete env.npm_config_nodedir;
	if (sim) {
		env.NODE_OPTIONS = `--require ${join(e2eDir, 'lib/preload.cjs')}`;
		env.NODE_EXTRA_CA_CERTS = sim.certs.ca;
		env.CLEVERREACH_SIM_PORT = String(sim.port);
		env.CLEVERREACH_SIM_ADDR = '127.0.0.1';
	}
	return env;
}

/**
 * Every n8n process (CLI commands included) starts a task broker, by default on 5679, so two n8n processes on one
 * machine (`npm run dev` next to the suites, or two CLI calls at once) collide. Each process started here gets a free
 * broker port of its own unless the environment sets one.
 */
async function withOwnBrokerPort(env) {
	if (env.N8N_RUNNERS_BROKER_PORT) return env;
	return { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/** Runs an n8n CLI command to completion; never throws on a non-zero exit. */
export async function runN8n(n8nBin, args, { env: baseEnv, timeoutMs = 180_000, logFile } = {}) {
	const env = await withOwnBrokerPort(baseEnv);
	const child = spawn(nodeBin, [n8nBin, ...args], { env, cwd: env.N8N_USER_FOLDER, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', (d) => (stderr += d));
	const timer = setTimeout(() => {
		stderr += `\n[e2e] timed out after ${timeoutMs} ms, killing\n`;
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}, timeoutMs);
	const [code] = await once(child, 'close');
	clearTimeout(timer);
	children.delete(child);
	if (logFile) writeFileSync(logFile, `$ n8n ${args.join(' ')}\n--- exit ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`, { flag: 'a' });
	return { code, stdout, stderr };
}

/** Parses the JSON that `n8n execute --rawOutput` prints (it may be preceded by log lines). */
export function parseExecuteOutput(stdout) {
	const text = stdout.trim();
	try {
		return JSON.parse(text);
	} catch {
		/* fall through */
	}
	for (let i = 0; i < text.length; i++) {
		if (text[i] !== '{' && text[i] !== '[') continue;
		if (i > 0 && text[i - 1] !== '\n') continue;
		try {
			return JSON.parse(text.slice(i));
		} catch {
			/* keep looking */
		}
	}
	throw new Error(`no JSON in n8n execute output:\n${text.slice(0, 2000)}`);
}

/**
 * Starts `n8n start` (or `args`, e.g. ['worker']) in the background and waits until /healthz/readiness answers on
 * N8N_PORT (or `healthPort`, e.g. a worker's QUEUE_HEALTH_CHECK_PORT); `progress(seconds)` is called every 15 s
 * while it waits. Returns { url, child, env, output(), stop() }.
 */
export async function startN8n(n8nBin, { env: baseEnv, logFile, timeoutMs = 180_000, args = ['start'], healthPort, progress }) {
	const env = await withOwnBrokerPort(baseEnv);
	const port = Number(healthPort ?? env.N8N_PORT);
	const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	const child = spawn(nodeBin, [n8nBin, ...args], { env, cwd: env.N8N_USER_FOLDER, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	children.add(child);
	let output = '';
	const onData = (d) => {
		output += d;
		if (output.length > 4_000_000) output = output.slice(-2_000_000);
		out?.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = null;
	child.on('close', (code) => {
		exited = code ?? -1;
		children.delete(child);
	});
	const url = `http://127.0.0.1:${port}`;
	const startedAt = Date.now();
	const deadline = startedAt + timeoutMs;
	let nextProgress = startedAt + 15_000;
	for (;;) {
		if (progress && Date.now() >= nextProgress) {
			nextProgress += 15_000;
			progress(Math.round((Date.now() - startedAt) / 1000));
		}
		if (exited !== null) throw new Error(`n8n exited with ${exited} before it was ready:\n${output.slice(-4000)}`);
		try {
			const res = await fetch(`${url}/healthz/readiness`);
			if (res.ok) break;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
		}
		await sleep(500);
	}
	return {
		url,
		child,
		env,
		output: () => output,
		async stop() {
			if (exited !== null) return;
			await stopProcessGroup(child);
			out?.end();
		},
	};
}

/**
 * Starts the CleverReach simulator (test/simulator/cli.ts) over HTTPS with a fresh test CA; `journal` (a file) keeps
 * its account across restarts. Returns { url, port, certs, demo, journal, admin(method, path, body), log(), stop() }.
 */
export async function startSimulator({ workDir, port = 0, demo = false, clientId, clientSecret, accessToken, refreshToken, logFile, journal }) {
	const certs = makeCertificates(join(workDir, 'certs'));
	const args = [join(repo, 'test/simulator/cli.ts'), '--port', String(port), '--tls-key', certs.key, '--tls-cert', certs.cert];
	if (demo) args.push('--demo');
	if (clientId) args.push('--client-id', clientId, '--client-secret', clientSecret ?? '');
	if (accessToken) args.push('--access-token', accessToken);
	if (refreshToken) args.push('--refresh-token', refreshToken);
	if (journal) args.push('--journal', journal);
	const child = spawn(nodeBin, args, { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
	children.add(child);
	const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	child.stderr.on('data', (d) => out?.write(d));
	let buffer = '';
	const info = await new Promise((resolveInfo, reject) => {
		const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${buffer}`)), 30_000);
		child.stdout.on('data', (d) => {
			buffer += d;
			out?.write(d);
			const line = buffer.split('\n').find((l) => l.trim().startsWith('{'));
			if (line && buffer.includes('\n')) {
				clearTimeout(timer);
				try {
					resolveInfo(JSON.parse(line));
				} catch (e) {
					reject(e);
				}
			}
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			reject(new Error(`simulator exited with ${code}:\n${buffer}`));
		});
	});
	child.removeAllListeners('close');
	child.on('close', () => children.delete(child));
	const base = `https://127.0.0.1:${info.port}`;
	// The admin API is on the same TLS server; talk to it with the test CA (undici-free: node:https).
	const https = await import('node:https');
	const admin = (method, path, body) =>
		new Promise((resolveRes, reject) => {
			const req = https.request(
				`${base}${path}`,
				{ method, ca: certs.caPem, servername: 'rest.cleverreach.com', headers: { 'content-type': 'application/json' } },
				(res) => {
					let data = '';
					res.on('data', (d) => (data += d));
					res.on('end', () => {
						let json = data;
						try {
							json = data ? JSON.parse(data) : null;
						} catch {
							/* text */
						}
						if (res.statusCode >= 400) reject(new Error(`${method} ${path} → ${res.statusCode}: ${data.slice(0, 500)}`));
						else resolveRes(json);
					});
				},
			);
			req.on('error', reject);
			req.end(body === undefined ? undefined : JSON.stringify(body));
		});
	return {
		...info,
		url: base,
		port: info.port,
		certs,
		admin,
		log: () => admin('GET', '/__sim/log'),
		model: (op, ...args) => admin('POST', '/__sim/model', { op, args }),
		async stop() {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			await Promise.race([once(child, 'close'), sleep(5000)]);
		},
	};
}

export function makeWorkDir(name) {
	const root = join(repo, '.e2e');
	mkdirSync(root, { recursive: true });
	return mkdtempSync(join(root, `${name}-`));
}

/**
 * Prints `[<prefix>] … still busy: <last line> (+N s)` whenever the process printed nothing for 15 s, so that long
 * steps (n8n starts, schedule waits, installs) show progress in CI logs. The timer does not keep the process alive.
 */
export function progressWatchdog(prefix, intervalMs = 15_000) {
	const since = Date.now();
	let lastReal = since;
	let lastBeat = since;
	let lastLine = '';
	const write = process.stdout.write.bind(process.stdout);
	process.stdout.write = (chunk, ...rest) => {
		lastReal = Date.now();
		const text = String(chunk).trim();
		if (text) lastLine = text.split('\n').pop().slice(0, 160);
		return write(chunk, ...rest);
	};
	setInterval(() => {
		const now = Date.now();
		if (now - Math.max(lastReal, lastBeat) < intervalMs) return;
		lastBeat = now;
		write(`[${prefix} ${Math.round((now - since) / 1000)}s] … still busy: ${lastLine} (+${Math.round((now - lastReal) / 1000)} s)\n`);
	}, 1000).unref();
}

/** PASS/FAIL bookkeeping with the suite's final line `e2e: N passed, M failed`; starts the progress watchdog. */
export function reporter(prefix = 'e2e') {
	progressWatchdog(prefix);
	let passed = 0;
	let failed = 0;
	const failures = [];
	return {
		check(name, ok, detail = '') {
			if (ok) passed++;
			else {
				failed++;
				failures.push(name);
			}
			console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `\n     ${String(detail).split('\n').join('\n     ')}` : ''}`);
			return ok;
		},
		get failed() {
			return failed;
		},
		get failures() {
			return failures;
		},
		summary() {
			console.log(`${prefix}: ${passed} passed, ${failed} failed`);
			return failed;
		},
	};
}

/**
 * The frame of a suite run: `test-artifacts/<prefix>` emptied, a work folder under .e2e, the PASS/FAIL reporter,
 * `say` (timestamped progress) and `phase` (a step whose exception becomes one FAIL line instead of ending the run).
 */
export function suiteRun(prefix, workName = prefix) {
	const started = Date.now();
	const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
	const say = (msg) => console.log(`[${prefix} ${elapsed()}] ${msg}`);
	const artifacts = join(repo, 'test-artifacts', prefix);
	rmSync(artifacts, { recursive: true, force: true });
	mkdirSync(artifacts, { recursive: true });
	const r = reporter(prefix);
	const phase = async (name, fn) => {
		say(`--- ${name}`);
		try {
			await fn();
		} catch (error) {
			r.check(`${name}: completed without an exception`, false, error?.stack ?? String(error));
		}
	};
	return { say, elapsed, artifacts, cliLog: join(artifacts, 'n8n-cli.log'), r, check: r.check, work: makeWorkDir(workName), phase };
}
