/**
 * Central collection for the secrets check: every suite of the reliability run hands the errors it saw (thrown
 * errors, error items, failed polls) to `recordError`/`recordRun`/`recordPoll`; `capture.ts` adds everything
 * logged through n8n's LoggerProxy or the console. `trackSecrets` registers every secret of a test: the client
 * secret and every access and refresh token the simulator issues. At the end of each file the records go to the
 * run's directory, and `global-setup.ts` scans all records of all files against all secrets.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { beforeEach } from 'vitest';
import type { RunResult } from '../harness/n8n';
import type { PollResult } from '../harness/poll';
import type { SimulatorFixture } from '../harness/simulator';
import { CLIENT_SECRET } from '../harness/simulator';
import type { CollectedRecord } from './leaks';

export type { CollectedRecord } from './leaks';

export const collected = { secrets: new Set<string>(), records: [] as CollectedRecord[] };

export function addSecret(value: unknown) {
	if (typeof value === 'string' && value.length >= 8) collected.secrets.add(value);
}

/** Every string reachable from a value (own properties of errors included: message, stack, cause, ...). */
export function stringsOf(value: unknown, out: string[] = [], seen = new Set<object>(), depth = 0): string[] {
	if (value === null || value === undefined || depth > 8) return out;
	if (typeof value === 'string') {
		out.push(value);
		return out;
	}
	if (typeof value !== 'object') return out;
	if (seen.has(value)) return out;
	seen.add(value);
	const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	for (const key of keys) {
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		if (typeof child !== 'function') stringsOf(child, out, seen, depth + 1);
	}
	return out;
}

export function recordError(source: string, error: unknown) {
	if (error === undefined || error === null) return;
	collected.records.push({ kind: 'error', source, text: stringsOf(error).join('\n') });
}

export function recordLog(source: string, parts: unknown[]) {
	collected.records.push({ kind: 'log', source, text: stringsOf(parts).join(' ') });
}

/** The node's error (and the execution's, as n8n stores it) and every error item of a run. */
export function recordRun(source: string, result: RunResult) {
	recordError(source, result.error);
	const runError = result.run?.data?.resultData?.error;
	if (runError && runError !== result.error) recordError(source, runError);
	for (const item of result.items ?? []) recordItem(source, item);
}

export function recordItem(source: string, item: INodeExecutionData) {
	if ((item.json as IDataObject).error !== undefined) recordError(source, item.json);
}

export function recordPoll(source: string, result: PollResult) {
	recordError(source, result.error);
}

/** How many errors were recorded so far in this file (suites assert that they really produced errors). */
export function errorCount(): number {
	return collected.records.filter((r) => r.kind === 'error').length;
}

/**
 * Registers the secrets of every test of the calling file: call it after `useSimulator()` (hooks run in order,
 * so the fixture exists). Tokens issued later (refreshes) are caught by wrapping the simulator's issuer.
 */
export function trackSecrets(fixture: SimulatorFixture) {
	beforeEach(() => {
		addSecret(CLIENT_SECRET);
		addSecret(fixture.credentials.data.clientSecret);
		const token = fixture.credentials.data.oauthTokenData ?? {};
		addSecret(token.access_token);
		addSecret(token.refresh_token);
		const oauth = fixture.sim.oauth;
		const issue = oauth.issueToken.bind(oauth);
		oauth.issueToken = (options) => {
			const pair = issue(options);
			addSecret(pair.access_token);
			addSecret(pair.refresh_token);
			return pair;
		};
		for (const [id, secret] of oauth.clients) {
			void id;
			addSecret(secret);
		}
	});
}
