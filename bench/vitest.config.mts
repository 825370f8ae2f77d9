/**
 * Vitest config of `npm run bench` only (bench/run.mjs launches it): runs bench/**\/*.bench.ts as one long test,
 * WITHOUT the test suite's setup (no nock, no recorded sleeps), so requests really go over the network stack and
 * the transport behaves as in n8n. Not matched by the main suite (test/**\/*.test.ts).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	root: fileURLToPath(new URL('..', import.meta.url)),
	resolve: {
		// One n8n-workflow for the node code, the harness and n8n-core (as in the main config).
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		include: ['bench/**/*.bench.ts'],
		testTimeout: 15 * 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		fileParallelism: false,
		disableConsoleIntercept: true,
	},
});
