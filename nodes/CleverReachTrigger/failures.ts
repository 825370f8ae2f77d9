/**
 * What a failing poll does. n8n turns every error a poll throws into a failed execution and an error-workflow run,
 * every minute while it lasts; the cursor never moves on a failure anyway. So:
 * - a transient problem (rate limit, CleverReach unavailable, network, an unstable answer) is kept quiet: the
 *   poll returns nothing and the next ones try again; only once it has lasted `reportAfterMs` is it reported, once;
 * - a refusal of what the strategy relies on (400, an ignored rule or order) makes the next poll probe again;
 * - an authorization problem, a deleted group or an unusable API is reported at once, once, with what to do;
 * - anything else is reported every time (it is not expected).
 * The record of a failure (since when) lives in the trigger's state. What was reported is also kept in this process's
 * memory: under the durable scheduler with durable cursors, the state of a poll that throws is not saved.
 */
import type { IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { UnsortedListError } from './read/lists';
import { IgnoredRuleError } from './read/search';
import type { Failure } from './state';

export type FailureKind = 'transient' | 'strategy' | 'auth' | 'notFound' | 'unsupported' | 'other';

/** No way of reading this event works on this account (the activation fails with it; later: reported once). */
export class UnsupportedError extends NodeOperationError {}

export function unsupported(...args: ConstructorParameters<typeof NodeOperationError>): UnsupportedError {
	return new UnsupportedError(...args);
}

export function classify(error: unknown): FailureKind {
	if (error instanceof IgnoredRuleError || error instanceof UnsortedListError) return 'strategy';
	if (error instanceof UnsupportedError) return 'unsupported';
	if (error instanceof NodeApiError) {
		const code = Number(error.httpCode);
		if (code === 401 || code === 403) return 'auth';
		if (code === 404) return 'notFound';
		if (code === 400) return 'strategy';
		if (code === 429 || code >= 500 || Number.isNaN(code)) return 'transient';
		return 'other';
	}
	if (error instanceof NodeOperationError && /unstable order/.test(error.message)) return 'transient';
	return 'other';
}

/**
 * The failure record after this error, and the error to report now (undefined: stay quiet this time).
 * `now` is n8n's clock (ms).
 */
/** Failures reported by this process, per trigger (workflow, node, configuration): kind and since when. */
const reportedHere = new Map<string, string>();

/** A poll succeeded: a later failure is new again. */
export function onSuccess(trigger: string): void {
	reportedHere.delete(trigger);
}

export function onFailure(
	context: IPollFunctions,
	trigger: string,
	error: unknown,
	previous: Failure | undefined,
	now: number,
	reportAfterMs: number,
): { fail: Failure; report?: NodeApiError | NodeOperationError; reprobe: boolean } {
	const kind = classify(error);
	const since = previous?.since ?? now;
	const remembered = reportedHere.get(trigger);
	const reported = previous?.reported ?? (remembered?.startsWith(`${since}:`) ? remembered.slice(String(since).length + 1) : undefined);
	const fail: Failure = { since, count: (previous?.count ?? 0) + 1, reported };
	const quiet = kind === 'transient' || kind === 'strategy';
	const lasted = now - fail.since;
	const wrap = (message: string, description: string): NodeApiError | NodeOperationError =>
		error instanceof NodeApiError || error instanceof NodeOperationError
			? Object.assign(error, { description: `${description} ${error.description ?? ''}`.trim() })
			: new NodeOperationError(context.getNode(), message, { description });
	if (kind === 'other') {
		const report = error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error);
		return { fail, report, reprobe: false };
	}
	if (quiet && lasted < reportAfterMs) return { fail, reprobe: kind === 'strategy' };
	if (fail.reported === kind) return { fail, reprobe: kind === 'strategy' };
	fail.reported = kind;
	reportedHere.set(trigger, `${since}:${kind}`);
	const minutes = Math.round(lasted / 60_000);
	const description =
		kind === 'transient' || kind === 'strategy'
			? `The CleverReach Trigger has been failing for ${minutes} minute(s) (${fail.count} polls). It keeps its position and delivers every event once CleverReach answers again; this is reported once.`
			: kind === 'auth'
				? 'The trigger keeps its position; reconnect or fix the CleverReach credential and it continues where it stopped. This is reported once.'
				: kind === 'notFound'
					? 'Select the groups to watch again. This is reported once.'
					: 'This is reported once.';
	return { fail, report: wrap((error as Error).message, description), reprobe: kind === 'strategy' };
}
