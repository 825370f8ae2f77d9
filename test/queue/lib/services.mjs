// PostgreSQL and Redis for the queue-mode suite: installed from the Debian packages when missing (as root, the way CI
// runs), then started as throw-away servers on free loopback ports with their data under the suite's work folder.
// Nothing is left running or registered with the system: no cluster in /etc/postgresql, no service, no port 5432/6379.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, sleep, stopProcessGroup, track } from '../../e2e/lib/harness.mjs';

const isRoot = process.getuid?.() === 0;

/** Runs a command to completion, printing `label … Ns` every 15 s while it runs; rejects on a non-zero exit. */
export async function runWithProgress(label, command, args, { env = process.env, say = console.log, logFile } = {}) {
	const started = Date.now();
	const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	const onData = (d) => {
		output = (output + d).slice(-20_000);
		out?.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const timer = setInterval(() => say(`${label} … ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
	const [code] = await once(child, 'close');
	clearInterval(timer);
	out?.end();
	if (code !== 0) throw new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`);
	return output;
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin/initdb')) && existsSync(join(root, v, 'bin/postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

const which = (bin) => {
	try {
		return execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
	} catch {
		return null;
	}
};

/**
 * Makes sure PostgreSQL (initdb/postgres) and redis-server exist; installs the missing Debian packages with apt-get
 * (root only). A temporary policy-rc.d keeps the packages from starting system services while they are installed.
 */
export async function ensureServerPackages({ say = console.log, logFile } = {}) {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!which('redis-server')) missing.push('redis-server');
	if (missing.length === 0) return { installed: [] };
	if (!isRoot || !which('apt-get')) {
		throw new Error(`${missing.join(' and ')} missing: install them (Debian: apt-get install ${missing.join(' ')}) or run as root`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) {
		writeFileSync(policy, '#!/bin/sh\n# written by the n8n-nodes-cleverreach queue suite while it installs packages\nexit 101\n');
		chmodSync(policy, 0o755);
	}
	try {
		say(`apt-get update + install ${missing.join(' ')} (first run on this machine only)…`);
		const lock = ['-o', 'DPkg::Lock::Timeout=600'];
		await runWithProgress('apt-get update', 'apt-get', [...lock, 'update', '-qq'], { env, say, logFile });
		await runWithProgress(`apt-get install ${missing.join(' ')}`, 'apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
			env,
			say,
			logFile,
		});
	} finally {
		if (ownPolicy) rmSync(policy, { force: true });
	}
	if (!postgresBinDir() || !which('redis-server')) throw new Error(`apt-get install ${missing.join(' ')} did not provide initdb/postgres and redis-server`);
	return { installed: missing };
}

/** The account PostgreSQL runs as: the current user, or (as root, which initdb refuses) `postgres`, created if needed. */
function postgresAccount() {
	if (!isRoot) return null;
	for (const name of ['postgres', 'n8n-queue-pg']) {
		try {
			const uid = Number(execFileSync('id', ['-u', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
			const gid = Number(execFileSync('id', ['-g', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
			return { name, uid, gid };
		} catch {
			/* next */
		}
	}
	execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'n8n-queue-pg']);
	return postgresAccount();
}

/** Waits until a TCP port accepts connections (and, with `probe`, answers it with something matching `expect`). */
async function waitForPort(port, { timeoutMs = 60_000, probe, expect, what }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await new Promise((resolve) => {
			const socket = connect(port, '127.0.0.1');
			let data = '';
			socket.setTimeout(2000, () => (socket.destroy(), resolve(false)));
			socket.on('error', () => resolve(false));
			socket.on('connect', () => {
				if (!probe) {
					socket.end();
					resolve(true);
				} else socket.write(probe);
			});
			socket.on('data', (d) => {
				data += d;
				if (expect.test(data)) {
					socket.end();
					resolve(true);
				}
			});
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`${what} did not answer on port ${port} within ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

/**
 * A throw-away PostgreSQL server: initdb into a new folder under the system temp folder (reachable by the postgres
 * account even when the clone lives in a private folder), trust auth for user `n8n`, database `n8n`, listening only
 * on 127.0.0.1:<free port>. Returns { port, user, password, database, bin, dir, stop() }; stop() deletes the folder.
 */
export async function startPostgres({ logFile, say = console.log }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (initdb/postgres not found under /usr/lib/postgresql)');
	const account = postgresAccount();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	const data = join(dir, 'data');
	const socketDir = join(dir, 'socket');
	mkdirSync(data);
	mkdirSync(socketDir);
	const asAccount = (command, args) => (account ? ['runuser', ['-u', account.name, '--', command, ...args]] : [command, args]);
	if (account) {
		chmodSync(dir, 0o755);
		for (const d of [data, socketDir]) chownSync(d, account.uid, account.gid);
	}
	const user = 'n8n';
	const database = 'n8n';
	const [initCmd, initArgs] = asAccount(join(bin, 'initdb'), ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	execFileSync(initCmd, initArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
	const port = await freePort();
	// Test server: durability off (the data folder is deleted afterwards), enough connections for 1 main + 2 workers
	// (each n8n keeps a pool of up to 10) + CLI calls.
	const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${socketDir}`, 'max_connections=200', 'fsync=off',
		'synchronous_commit=off', 'full_page_writes=off'];
	const [cmd, args] = asAccount(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]);
	const child = track(spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	child.stdout.on('data', (d) => out?.write(d));
	child.stderr.on('data', (d) => out?.write(d));
	await waitForPort(port, { what: 'PostgreSQL', timeoutMs: 60_000 });
	// createdb, retried while the server finishes starting up.
	for (let attempt = 0; ; attempt++) {
		try {
			execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { stdio: ['ignore', 'pipe', 'pipe'] });
			break;
		} catch (error) {
			if (attempt > 40) throw new Error(`createdb failed: ${error.stderr ?? error.message}`);
			await sleep(250);
		}
	}
	say(`PostgreSQL ${bin.split('/').at(-2)} on 127.0.0.1:${port} (database ${database}, user ${user}${account ? `, server runs as ${account.name}` : ''})`);
	const stop = () => stopProcessGroup(child, { signal: 'SIGINT', graceMs: 15_000 });
	return {
		port,
		user,
		password: 'n8n',
		database,
		bin,
		dir,
		child,
		async stop() {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A throw-away Redis server on 127.0.0.1:<free port>, no persistence. Returns { port, stop() }. */
export async function startRedis({ dir, logFile, say = console.log }) {
	const bin = which('redis-server');
	if (!bin) throw new Error('redis-server is not installed');
	const port = await freePort();
	mkdirSync(join(dir, 'redis'), { recursive: true });
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', join(dir, 'redis'),
		'--daemonize', 'no', '--protected-mode', 'yes'];
	const child = track(spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
	child.stdout.on('data', (d) => out?.write(d));
	child.stderr.on('data', (d) => out?.write(d));
	await waitForPort(port, { what: 'Redis', probe: 'PING\r\n', expect: /\+PONG/, timeoutMs: 30_000 });
	const version = execFileSync(bin, ['--version']).toString().match(/v=([\d.]+)/)?.[1] ?? '?';
	say(`Redis ${version} on 127.0.0.1:${port}`);
	return { port, version, child, stop: () => stopProcessGroup(child, { graceMs: 15_000 }) };
}
