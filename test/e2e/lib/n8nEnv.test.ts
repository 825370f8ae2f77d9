/**
 * The environment our scripts give n8n (`npm run dev`, the end-to-end and queue-mode suites: test/e2e/lib/harness.mjs
 * `n8nEnv`, test/queue/lib/cluster.mjs) sets no variable n8n deprecates and leaves none of the defaults n8n warns
 * about implicit. Judged by n8n's own DeprecationService from the cached n8n 2.41.1 (scripts/ensure-n8n.sh), the code
 * that prints "There are deprecations related to your n8n setup" at startup; skipped while n8n is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const N8N_VERSION = '2.41.1';
const n8nDir = join(
	process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
	'n8n-nodes-cleverreach',
	`n8n-${N8N_VERSION}`,
	'node_modules/n8n',
);
const service = join(n8nDir, 'dist/deprecation/deprecation.service.js');

/** The warnings n8n's DeprecationService prints for `env`, one `NAME -> advice` line each (empty: none). */
function deprecations(env: Record<string, string | undefined>, mode: 'regular' | 'queue'): string[] {
	const script = `
		const { DeprecationService } = require(process.argv[1]);
		let out = '';
		const logger = { warn: (m) => (out += m) };
		const config = { executions: { mode: process.argv[2] }, taskRunners: { mode: process.env.N8N_RUNNERS_MODE ?? 'internal' } };
		// isDocker: true leaves out the warning about running outside a container (dev and the suites run without one).
		new DeprecationService(logger, config, { instanceType: 'main', isDocker: true }).warn();
		process.stdout.write(out);`;
	const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
	const res = spawnSync(process.execPath, ['-e', script, service, mode], { env: clean, encoding: 'utf8' });
	if (res.status !== 0) throw new Error(res.stderr);
	return res.stdout.split('\n').filter((l) => l.startsWith(' - ')).map((l) => l.slice(3));
}

const names = (lines: string[]) => lines.map((l) => l.split(' -> ')[0]);
// The internal task runner: n8n wants an external launcher process, which a local dev instance does not need.
const ACCEPTED = ['N8N_RUNNERS_MODE'];

describe.skipIf(!existsSync(service))(`n8n ${N8N_VERSION} deprecations in the environment our scripts set`, async () => {
	const harness = await import(new URL('./harness.mjs', import.meta.url).href);
	const cluster = await import(new URL('../../queue/lib/cluster.mjs', import.meta.url).href);
	const base = { PATH: process.env.PATH };

	it('n8n reports the variables it deprecates (the check works)', () => {
		const found = names(deprecations({ ...base, WEBHOOK_URL: 'http://localhost:5678/', N8N_RUNNERS_ENABLED: 'true' }, 'regular'));
		expect(found).toEqual(expect.arrayContaining(['WEBHOOK_URL', 'N8N_RUNNERS_ENABLED', 'N8N_UNVERIFIED_PACKAGES_ENABLED']));
	});

	it('a single n8n (npm run dev, the end-to-end suite): none but the internal task runner', () => {
		const env = harness.n8nEnv({ userFolder: 'user', port: 5678 });
		expect(names(deprecations(env, 'regular')).filter((n) => !ACCEPTED.includes(n))).toEqual([]);
	});

	it('queue mode (the queue suite, examples/deploy): none but the internal task runner', () => {
		const env = harness.n8nEnv({ userFolder: 'user', port: 5678, extra: cluster.SHARED_SETTINGS });
		expect(names(deprecations(env, 'queue')).filter((n) => !ACCEPTED.includes(n))).toEqual([]);
	});
});
