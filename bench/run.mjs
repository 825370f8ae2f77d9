// `npm run bench`: makes a throw-away CA and a certificate for rest.cleverreach.com, picks a free loopback port
// for the simulator, and runs the bench (bench/*.bench.ts) in vitest with the e2e preload, so the nodes'
// requests to https://rest.cleverreach.com go to the simulator's TLS server on 127.0.0.1, certificate checked.
// Writes bench/results.json and bench/README.md. BENCH_RUNS=n changes the number of timed runs (default 5).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificates } from '../test/e2e/lib/tls.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
	console.error(`bench: Node 24 is required (this is ${process.version}); run it with \`npm run bench\`, which installs it`);
	process.exit(1);
}
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
if (!existsSync(vitest)) {
	console.error('bench: node_modules is missing; run `bash scripts/bootstrap.sh` (or `npm run bench`) first');
	process.exit(1);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'cleverreach-bench-'));
let code = 1;
try {
	const certs = makeCertificates(dir);
	const port = await freePort();
	const preload = join(root, 'test', 'e2e', 'lib', 'preload.cjs');
	const env = {
		...process.env,
		PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
		NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require "${preload}"`].filter(Boolean).join(' '),
		CLEVERREACH_SIM_PORT: String(port),
		NODE_EXTRA_CA_CERTS: certs.ca,
		BENCH_SIM_PORT: String(port),
		BENCH_TLS_KEY: certs.key,
		BENCH_TLS_CERT: certs.cert,
		N8N_DIAGNOSTICS_ENABLED: 'false',
	};
	const child = spawn(process.execPath, [vitest, 'run', '--config', join(root, 'bench', 'vitest.config.mts'), ...process.argv.slice(2)], {
		cwd: root,
		env,
		stdio: 'inherit',
	});
	code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
} finally {
	rmSync(dir, { recursive: true, force: true });
}
console.log(`bench: finished in ${Math.round((Date.now() - started) / 1000)} s (exit code ${code})`);
process.exit(code);
