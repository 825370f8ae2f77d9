#!/usr/bin/env node
/**
 * Supply-chain step of `npm run test:reliability`:
 * 1. The package has no runtime dependencies (read from the lockfile, offline).
 * 2. `npm audit --omit=dev` reports no vulnerability. npm sends no audit request at all when there is nothing to
 *    audit, so "0 vulnerabilities" alone proves nothing: the audit endpoint is probed separately, and an
 *    unreachable endpoint is reported as such — it fails the step when there are runtime dependencies (they
 *    could not be checked), and is printed as a clear warning otherwise.
 * 3. The packed tarball holds only dist, README, LICENSE and package.json: scripts/scan-package.mjs (the
 *    project's package scan) is run on a fresh build.
 * Prints `supply chain: …` lines and exits non-zero on failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let failed = false;
const say = (line) => console.log(`supply chain: ${line}`);
const fail = (line) => {
	failed = true;
	say(`FAIL ${line}`);
};

// 1. Runtime dependencies, from the lockfile.
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const runtime = Object.entries(lock.packages ?? {}).filter(([path, p]) => path !== '' && !p.dev && !p.peer && !p.devOptional);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (Object.keys(pkg.dependencies ?? {}).length || runtime.length) {
	say(`${runtime.length} runtime package(s) in the lockfile: ${runtime.slice(0, 10).map(([p]) => p).join(', ')}`);
} else {
	say('no runtime dependencies (package.json "dependencies" empty, lockfile has only dev/peer packages)');
}

// 2. npm audit --omit=dev, and whether the audit endpoint answers at all.
const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8' });
let report;
try {
	report = JSON.parse(audit.stdout);
} catch {
	report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
	fail(`npm audit --omit=dev gave no report (exit ${audit.status}): ${(audit.stderr || audit.stdout).trim().split('\n').slice(-3).join(' | ')}`);
} else if (counts.total > 0) {
	fail(`npm audit --omit=dev reports ${counts.total} vulnerabilities: ${JSON.stringify(counts)}`);
} else {
	say('npm audit --omit=dev: 0 vulnerabilities');
}

const registry = execFileSync('npm', ['config', 'get', 'registry'], { cwd: root, encoding: 'utf8' }).trim().replace(/\/?$/, '/');
const endpoint = `${registry}-/npm/v1/security/advisories/bulk`;
let reachable = false;
let why = '';
try {
	// The same request npm audit sends, for one package of ours that npm knows (a devDependency, only a probe).
	const response = await fetch(endpoint, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ 'n8n-workflow': [pkg.devDependencies?.['n8n-workflow'] ?? '2.41.0'] }),
		signal: AbortSignal.timeout(20_000),
	});
	reachable = response.ok;
	why = `HTTP ${response.status} ${response.statusText}`;
} catch (error) {
	why = String(error?.cause?.code ?? error?.message ?? error);
}
if (reachable) {
	say(`audit endpoint ${endpoint} answers (${why})`);
} else if (runtime.length) {
	fail(`audit endpoint ${endpoint} is UNREACHABLE (${why}): the ${runtime.length} runtime packages were NOT checked for vulnerabilities`);
} else {
	say(
		`WARNING audit endpoint ${endpoint} is UNREACHABLE (${why}): npm audit could not consult the advisory database. ` +
			'With no runtime dependencies there is nothing it could report; re-run against a registry with the audit API to confirm.',
	);
}

// 3. Tarball contents: the project's package scan, on a build that is not older than the sources.
function newest(dir) {
	let time = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return time;
}
let built = 0;
try {
	built = newest(join(root, 'dist'));
} catch {
	built = 0;
}
const sources = Math.max(newest(join(root, 'nodes')), newest(join(root, 'credentials')), statSync(join(root, 'package.json')).mtimeMs);
if (built < sources) {
	say('dist is missing or older than the sources: npm run build');
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) fail('npm run build failed');
}
const scan = spawnSync(process.execPath, [join(root, 'scripts/scan-package.mjs')], { cwd: root, encoding: 'utf8' });
const lines = scan.stdout.trim().split('\n');
for (const line of lines.filter((l) => l.startsWith('FAIL') || l.includes('tarball'))) say(`scan-package: ${line}`);
if (scan.status !== 0) fail(`scripts/scan-package.mjs failed: ${lines[lines.length - 1]}${scan.stderr ? `\n${scan.stderr}` : ''}`);
else say(`scripts/scan-package.mjs: ${lines[lines.length - 1]}`);

say(failed ? 'FAILED' : 'ok');
process.exit(failed ? 1 : 0);
