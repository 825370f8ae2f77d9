/**
 * The state a trigger starts from, kept a second time in the workflow's global static data.
 *
 * With n8n's durable scheduler and durable poll cursors, the node's static data is a snapshot that n8n commits only
 * for scheduled polls: the cursor the activation poll creates is thrown away when it emits nothing, and the first
 * scheduled poll would start from its own "now", missing what happened in between. The workflow's global static
 * data is saved at activation, so the start state is kept there too and used when the node's own is missing.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { TriggerState } from './state';
import { readState } from './state';

/** A kept start state older than this is not used (n8n's clock): the first scheduled poll comes well before. */
const KEEP_MS = 24 * 3600 * 1000;

function slot(context: IPollFunctions): string {
	return `cleverReachTrigger:${context.getNode().id}`;
}

/** Remembers the state an activation started from (for the configuration `key`). */
export function keepStartState(context: IPollFunctions, key: string, state: TriggerState): void {
	context.getWorkflowStaticData('global')[slot(context)] = { key, savedAt: Date.now(), state: { ...state } };
}

/** The kept start state of configuration `key`, if the node's own state is missing and it is recent. */
export function keptStartState(context: IPollFunctions, key: string): TriggerState | undefined {
	const kept = context.getWorkflowStaticData('global')[slot(context)] as IDataObject | undefined;
	if (!kept || kept.key !== key || !(Date.now() - Number(kept.savedAt) < KEEP_MS)) return undefined;
	return readState(kept.state);
}
