/**
 * The reliability suite (`npm run test:reliability`): fault storms, bad input, secrets, authorization failures.
 * Same resolution and setup as the main suite (one n8n-workflow, backoff sleeps recorded instead of slept), but
 * its own files (`*.reliability.ts`, which the main suite's `test/**\/*.test.ts` does not pick up) and a global
 * teardown that scans every error and log line the suites collected for secrets.
 */
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	root: new URL('../..', import.meta.url).pathname,
	resolve: {
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		// The process runs in another time zone than n8n's default workflow time zone (America/New_York), so that a
		// date read in the process's zone instead of the workflow's shows up in the tests.
		env: { TZ: 'Asia/Tokyo' },
		include: ['test/reliability/**/*.reliability.ts'],
		setupFiles: ['test/harness/setup.ts', 'test/reliability/capture.ts'],
		globalSetup: ['test/reliability/global-setup.ts'],
		testTimeout: 240_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// scripts/test.sh asks for a JSON report to print the overall pass/fail count.
		reporters: process.env.CR_TEST_REPORT
			? ['default', ['json', { outputFile: process.env.CR_TEST_REPORT }]]
			: ['default'],
	},
});
