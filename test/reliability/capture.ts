/**
 * Per-file setup of the reliability suite: records everything logged through n8n's LoggerProxy (n8n-core and
 * n8n-workflow log there), the console and the output streams (n8n's own logger writes there), and at
 * the end of the file writes the collected records and secrets to the run's directory for the central scan in
 * `global-setup.ts`.
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

// n8n's logger (winston's Console transport) writes to `console._stdout`/`_stderr` directly.
const streams = console as unknown as { _stdout?: NodeJS.WritableStream; _stderr?: NodeJS.WritableStream };
for (const stream of new Set([process.stdout, process.stderr, streams._stdout, streams._stderr])) {
	if (!stream) continue;
	const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
	stream.write = ((chunk: unknown, ...rest: unknown[]) => {
		recordLog('output', [typeof chunk === 'string' ? chunk : String(chunk)]);
		return write(chunk, ...rest);
	}) as typeof stream.write;
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
