import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// One n8n-workflow for everybody: our node code, the test harness and n8n-core (which uses the CJS build).
		// Two copies would break n8n's `instanceof NodeApiError` checks.
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		// The process runs in another time zone than n8n's default workflow time zone (America/New_York), so that a
		// date read in the process's zone instead of the workflow's shows up in the tests.
		env: { TZ: 'Asia/Tokyo' },
		include: ['test/**/*.test.ts'],
		setupFiles: ['test/harness/setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
	},
});
