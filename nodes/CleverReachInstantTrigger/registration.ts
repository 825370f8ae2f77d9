/**
 * The webhook lifecycle (n8n's `webhookMethods`: checkExists → create on activation, delete on deactivation)
 * against CleverReach's eventhooks (docs/instant-trigger.md):
 *
 * - register: `POST /hooks/eventhook {url, event, condition, verify}` (no /v3). CleverReach calls the URL with
 *   GET ?secret= before it answers; the webhook answers from the derived verify token (config.ts verifyToken).
 *   The answer's `call_token` goes to static data only.
 * - list: `GET /hooks/eventhook` (unconfirmed endpoint; when it fails, the node works without it).
 * - delete: `DELETE /hooks/eventhook/{event}?condition=<group>`. CleverReach documents that this may delete every
 *   registration of the event, other workflows' included. So a registration is deleted only when the list shows no
 *   other registration (another URL) of the same event or its entity; otherwise it is kept (and stays this node's,
 *   token included), and a warning is logged. Its calls start nothing: the event is not watched any more, or the
 *   workflow is inactive and n8n does not answer the URL.
 */
import type { IHookFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../shared/transport';
import type { Hook } from './config';
import { hookUrl, readConfig, readState, verifyToken, wanted, writeState } from './config';

const HOOKS_PATH = '/hooks/eventhook';

interface Listed {
	url: string;
	event: string;
	condition: string;
}

const sameRegistration = (a: Listed, b: Listed) => a.url === b.url && a.event === b.event && a.condition === b.condition;
const isListed = (listing: Listed[], hook: Listed) => listing.some((r) => sameRegistration(r, hook));
const entityOf = (event: string) => event.split('.')[0];
const label = (h: { event: string; condition: string }) => (h.condition ? `${h.event} for group ${h.condition}` : h.event);

/** The registrations CleverReach lists, or null when the list cannot be read. */
async function listHooks(this: IHookFunctions): Promise<Listed[] | null> {
	try {
		const rows = asArray(await cleverReachApiRequest.call(this, 'GET', HOOKS_PATH, { base: 'root' }));
		return rows
			.filter((r) => typeof r.url === 'string' && typeof r.event === 'string')
			.map((r) => ({ url: String(r.url), event: String(r.event), condition: String(r.condition ?? '') }));
	} catch (error) {
		this.logger.warn(
			`CleverReach Instant Trigger: could not list the eventhook registrations (${(error as Error).message}); ` +
				'continuing without the list (registrations shared with other workflows cannot be recognised)',
		);
		return null;
	}
}

async function register(this: IHookFunctions, url: string, want: { event: string; condition: string }, verify: string) {
	let answer;
	try {
		answer = await cleverReachApiRequest.call(this, 'POST', HOOKS_PATH, {
			base: 'root',
			body: { url, event: want.event, ...(want.condition ? { condition: want.condition } : {}), verify },
			notFoundMessage: want.condition ? `Group ${want.condition} was not found` : undefined,
		});
	} catch (error) {
		const e = error as NodeApiError;
		const host = new URL(url).hostname;
		const local = /^(localhost|127\.|0\.0\.0\.0|\[?::1\]?$)/.test(host);
		e.message = `Could not register the CleverReach eventhook ${label(want)}: ${e.message}`;
		e.description =
			'CleverReach calls this workflow\'s URL to verify the registration, so n8n must be reachable from the internet' +
			(local ? ` (n8n's webhook URL points to ${host}: set WEBHOOK_URL to n8n's public address)` : '') +
			'. Without a public URL, use the polling CleverReach Trigger.' +
			(e.description ? ` ${e.description}` : '');
		throw e;
	}
	const token = answer && typeof answer.call_token === 'string' ? answer.call_token : '';
	if (!token || answer.success === false) {
		throw new NodeOperationError(this.getNode(), `CleverReach did not confirm the eventhook ${label(want)}`, {
			description: 'Its answer had no call token, so calls for this registration could not be authenticated.',
		});
	}
	return token;
}

async function deleteRegistration(this: IHookFunctions, hook: Hook): Promise<void> {
	try {
		await cleverReachApiRequest.call(this, 'DELETE', `${HOOKS_PATH}/${encodeURIComponent(hook.event)}`, {
			base: 'root',
			qs: hook.condition ? { condition: hook.condition } : {},
		});
	} catch (error) {
		// Already gone (deleted by the same DELETE for another group, or by hand).
		if ((error as NodeApiError).httpCode !== '404') throw error as NodeApiError;
	}
}

/**
 * Deletes `hooks` at CleverReach, except those whose DELETE could take other registrations with it (see the file
 * comment); returns the ones kept. A hook the list does not show any more is gone already.
 */
async function removeHooks(this: IHookFunctions, hooks: Hook[], listing: Listed[] | null): Promise<Hook[]> {
	const kept: Hook[] = [];
	for (const hook of hooks) {
		if (listing && !isListed(listing, hook)) continue;
		const others = (listing ?? []).filter(
			(r) => r.url !== hook.url && (r.event === hook.event || r.event === entityOf(hook.event)),
		);
		if (others.length) {
			kept.push(hook);
			this.logger.warn(
				`CleverReach Instant Trigger: kept the eventhook ${label(hook)}: deleting it could also delete ` +
					`${others.length} registration(s) of other workflows or integrations for that event. It starts nothing.`,
			);
			continue;
		}
		await deleteRegistration.call(this, hook);
	}
	return kept;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const want = wanted(readConfig(this));
	const url = hookUrl(this);
	const { hooks } = readState(this);
	const exact = hooks.length === want.length && want.every((w) => hooks.some((h) => sameRegistration(h, { ...w, url })));
	if (!exact) return false;
	const listing = await listHooks.call(this);
	return !listing || hooks.every((h) => isListed(listing, h));
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const want = wanted(readConfig(this));
	const url = hookUrl(this);
	const verify = await verifyToken(this);
	const state = readState(this);
	const isWanted = (h: Hook) => want.some((w) => sameRegistration(h, { ...w, url }));
	let listing = await listHooks.call(this);

	// Registrations of an earlier configuration (other events or groups, another URL) go first; deleting them may
	// delete wanted ones too (same event), so the list is read again.
	const stale = state.hooks.filter((h) => !isWanted(h));
	let hooks = [...state.hooks.filter(isWanted), ...(await removeHooks.call(this, stale, listing))];
	if (stale.length && listing) listing = await listHooks.call(this);

	const added: Hook[] = [];
	try {
		for (const w of want) {
			const have = hooks.find((h) => sameRegistration(h, { ...w, url }));
			if (have && (!listing || isListed(listing, have))) continue;
			const hook: Hook = { ...w, url, token: await register.call(this, url, w, verify) };
			hooks = [...hooks.filter((h) => h !== have), hook];
			added.push(hook);
		}
	} catch (error) {
		// n8n cleans up a failed activation with the static data as saved before it, which does not know these.
		const left = await removeHooks.call(this, added, await listHooks.call(this)).catch(() => added);
		writeState(this, { hooks: [...hooks.filter((h) => !added.includes(h)), ...left] });
		throw error as NodeApiError;
	}
	writeState(this, { hooks });
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const { hooks } = readState(this);
	if (!hooks.length) return true;
	const kept = await removeHooks.call(this, hooks, await listHooks.call(this));
	writeState(this, { hooks: kept });
	return true;
}
