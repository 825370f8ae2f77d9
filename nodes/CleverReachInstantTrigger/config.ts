/**
 * What the instant trigger listens to (its parameters), which registrations that means, and the node's static
 * data: the registrations it owns (with their call tokens) and the keys of recently emitted events.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseGroupIds } from '../shared/groups';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { hmacSha256Hex } from './crypto';

export type InstantContext = IHookFunctions | IWebhookFunctions;

/** The path of both webhooks (GET for CleverReach's verification call, POST for the events). */
export const WEBHOOK_PATH = 'cleverreach';

/** Receiver events are registered once per watched group (`condition` = group ID). */
export const RECEIVER_EVENTS = [
	'receiver.created',
	'receiver.deleted',
	'receiver.subscribed',
	'receiver.unsubscribed',
	'receiver.updated',
];
/** Form and group events are registered once, without a condition (account-wide). */
export const ACCOUNT_EVENTS = ['form.created', 'form.deleted', 'form.updated', 'group.created', 'group.deleted', 'group.updated'];

const LABELS: Record<string, [string, string]> = {
	'form.created': ['Form Created', 'A form was created'],
	'form.deleted': ['Form Deleted', 'A form was deleted'],
	'form.updated': ['Form Updated', 'A form was changed'],
	'group.created': ['Group Created', 'A group (recipient list) was created'],
	'group.deleted': ['Group Deleted', 'A group was deleted'],
	'group.updated': ['Group Updated', 'A group was changed'],
	'receiver.created': ['Receiver Created', 'A receiver was added to a watched group (active or not)'],
	'receiver.deleted': ['Receiver Deleted', 'A receiver was deleted from a watched group'],
	'receiver.subscribed': ['Receiver Subscribed', 'A receiver became active in a watched group (e.g. confirmed the double opt-in)'],
	'receiver.unsubscribed': ['Receiver Unsubscribed', 'A receiver unsubscribed or was deactivated in a watched group'],
	'receiver.updated': ['Receiver Updated', 'A receiver of a watched group changed (attributes, tags, status)'],
};

export const EVENT_OPTIONS: INodePropertyOptions[] = [...ACCOUNT_EVENTS, ...RECEIVER_EVENTS].map((value) => ({
	name: LABELS[value][0],
	value,
	description: LABELS[value][1],
}));

/**
 * Repeated deliveries of an event are emitted once within `ms`; the keys live in the n8n process's memory, at most
 * `maxKeys` of them for all instant triggers together (the oldest go first).
 */
export const DUPLICATE_WINDOW = { ms: 10 * 60_000, maxKeys: 10_000 };

export interface InstantConfig {
	events: string[];
	/** Watched group IDs (for receiver events), sorted. */
	groups: string[];
	fetchReceiver: boolean;
}

/** One registration at CleverReach that this node made (its call token authenticates CleverReach's calls). */
export interface Hook {
	event: string;
	/** Group ID, '' for account-wide events. */
	condition: string;
	url: string;
	token: string;
}

/** The node's static data. Only the lifecycle methods write it; CleverReach's calls only read it. */
export interface InstantState {
	hooks: Hook[];
}

export const isReceiverEvent = (event: string) => event.startsWith('receiver.');

/** The trigger's parameters; `strict` (activation) throws on a configuration that cannot be registered. */
export function readConfig(context: InstantContext, strict = true): InstantConfig {
	const node = context.getNode();
	const raw = context.getNodeParameter('events', []) as unknown;
	const events = [...new Set((Array.isArray(raw) ? raw : [raw]).map(String))].filter((e) => LABELS[e]).sort();
	const { ids, bad } = parseGroupIds(context.getNodeParameter('groupIds', []));
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const config = { events, groups: ids, fetchReceiver: options.fetchReceiver !== false };
	if (!strict) return config;
	if (!events.length) throw new NodeOperationError(node, 'Events: select at least one event to listen to');
	if (bad !== undefined) throw new NodeOperationError(node, `Groups: "${bad}" is not a numeric CleverReach group ID`, {
			description: 'Pick the groups from the list, or give numeric group IDs separated by commas (not names).',
		});
	if (events.some(isReceiverEvent) && !ids.length) {
		throw new NodeOperationError(node, 'Groups: select the groups whose receiver events start the workflow', {
			description: 'CleverReach registers receiver events per group: one registration per group and event.',
		});
	}
	return config;
}

/** The registrations a configuration needs: receiver events × groups, the other events once. */
export function wanted(config: InstantConfig): Array<{ event: string; condition: string }> {
	return config.events.flatMap((event) =>
		isReceiverEvent(event) ? config.groups.map((condition) => ({ event, condition })) : [{ event, condition: '' }],
	);
}

/** This node's webhook URL for the events (production, or the test URL while listening for a test event). */
export function hookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this node', {
		description: 'Set WEBHOOK_URL to the public HTTPS address of n8n, restart n8n and activate the workflow again.',
	});
	return url;
}

/**
 * The `verify` token of this node's registrations: HMAC-SHA-256 (keyed by the credential's client secret) of the
 * workflow ID and the node's webhook ID, 40 hex characters. Derived, not stored: CleverReach's verification call
 * arrives while `create` is still running, and n8n serves it from the workflow as saved in the database, which
 * does not have what `create` is writing yet. It is no secret towards anyone who knows the URL (the GET answers
 * it); only the call tokens authenticate CleverReach's calls.
 */
export async function verifyToken(context: InstantContext): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const key = String(credentials.clientSecret ?? '') || String(credentials.clientId ?? '');
	if (!key) {
		throw new NodeOperationError(context.getNode(), 'The CleverReach credential has no client ID or secret', {
			description: 'The instant trigger derives its verification token from the credential: open it and fill in the client ID and secret.',
		});
	}
	const node = context.getNode();
	const message = `cleverreach-eventhook-verify/${context.getWorkflow().id ?? ''}/${node.webhookId ?? node.id}`;
	return (await hmacSha256Hex(key, message)).slice(0, 40);
}

function isHook(value: unknown): value is Hook {
	const h = value as Hook;
	return (
		typeof h === 'object' && h !== null && typeof h.event === 'string' && typeof h.condition === 'string' &&
		typeof h.url === 'string' && typeof h.token === 'string' && h.token !== ''
	);
}

export function readState(context: InstantContext): InstantState {
	const data = context.getWorkflowStaticData('node');
	const hooks = Array.isArray(data.hooks) ? (data.hooks as unknown[]).filter(isHook) : [];
	return { hooks: hooks.map((h) => ({ ...h })) };
}

/** Replaces the stored hooks (n8n notices changed static data by assignments to it). */
export function writeState(context: IHookFunctions, state: InstantState): void {
	context.getWorkflowStaticData('node').hooks = state.hooks.map((h) => ({ ...h }));
}
