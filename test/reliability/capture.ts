/**
 * Per-file setup of the reliability suite: records everything logged through n8n's LoggerProxy (n8n-core and
 * n8n-workflow log there) and the console, and at the end of the file writes the collected records and secrets
 * to the run's directory for the central scan in `global-setup.ts`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerProxy } from 'n8n-workflow';
import { afterAll, expect, inject } from 'vitest';
import { collected, recordLog } from './secrets';

declare module 'vitest' {
	export interface ProvidedContext {
		reliabilityDir: string;
	}
}

const log =
	(level: string) =>
	(...parts: unknown[]) =>
		recordLog(`logger.${level}`, parts);
LoggerProxy.init({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') } as never);

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[level].bind(console);
	console[level] = (...parts: unknown[]) => {
		recordLog(`console.${level}`, parts);
		original(...parts);
	};
}

afterAll(() => {
	const file = expect.getState().testPath ?? 'unknown';
	const out = {
		file,
		secrets: [...collected.secrets],
		records: collected.records,
	};
	writeFileSync(join(inject('reliabilityDir'), `${randomBytes(6).toString('hex')}.json`), JSON.stringify(out));
});
