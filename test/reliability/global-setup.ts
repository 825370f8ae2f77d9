/**
 * Global setup of the reliability suite: a fresh directory for the records of this run, and, after all files,
 * the central secrets scan: no client secret, access token or refresh token seen by any test may appear in any
 * error (message, description, stack, cause, error item), log line or test snapshot of any suite.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { CollectedRecord } from './leaks';
import { findLeaks } from './leaks';

function snapshots(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) snapshots(path, out);
		else if (entry.name.endsWith('.snap')) out.push(path);
	}
	return out;
}

export default function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'cleverreach-reliability-'));
	project.provide('reliabilityDir', dir);
	return () => {
		const secrets = new Set<string>();
		const records: Array<CollectedRecord & { file: string }> = [];
		for (const name of readdirSync(dir)) {
			const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
				file: string;
				secrets: string[];
				records: CollectedRecord[];
			};
			data.secrets.forEach((s) => secrets.add(s));
			for (const record of data.records) records.push({ ...record, file: data.file });
		}
		const root = new URL('../..', import.meta.url).pathname;
		for (const path of snapshots(join(root, 'test'))) {
			records.push({ kind: 'log', source: 'snapshot', file: path, text: readFileSync(path, 'utf8') });
		}
		rmSync(dir, { recursive: true, force: true });
		const leaks = findLeaks(records, secrets).map(
			({ record, found }) => `${record.file} (${record.source}): contains ${found}`,
		);
		const errors = records.filter((r) => r.kind === 'error').length;
		const logs = records.length - errors;
		console.log(
			`secrets scan: errors=${errors} logs=${logs} secrets=${secrets.size} leaks=${leaks.length}${leaks.length ? `\n  ${leaks.slice(0, 20).join('\n  ')}` : ''}`,
		);
		if (leaks.length || errors === 0 || secrets.size === 0) {
			process.exitCode = 1;
			throw new Error(
				leaks.length
					? `secrets scan: ${leaks.length} error(s) or log line(s) contain a secret`
					: 'secrets scan: nothing was collected (the suites must record their errors and secrets)',
			);
		}
	};
}
