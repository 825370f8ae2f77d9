/**
 * Test-wide setup: no test may reach the real network (only loopback, for the simulator's HTTP server), and the
 * transport's backoff waits are recorded instead of slept, so retry tests are fast and can assert the delays
 * (e.g. that Retry-After was honoured). Everything else in n8n-workflow is the real module.
 */
import nock from 'nock';
import { beforeEach, vi } from 'vitest';
import { sleepListeners, sleeps } from './sleeps';

vi.mock('n8n-workflow', async (importOriginal) => {
	const original = await importOriginal<typeof import('n8n-workflow')>();
	return {
		...original,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			for (const listener of sleepListeners) await listener(ms);
		},
	};
});

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

beforeEach(() => {
	sleeps.length = 0;
	sleepListeners.length = 0;
});
