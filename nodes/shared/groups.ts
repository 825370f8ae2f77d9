/** The "groups to watch" parameter both triggers share: its option list, and reading the IDs it holds. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from './transport';

/** loadOptions: every group of the account as "Name (ID)", sorted by name. */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = asArray(await cleverReachApiRequest.call(this, 'GET', '/groups.json'));
	return groups
		.map((g) => ({ name: `${String(g.name)} (${String(g.id)})`, value: String(g.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Group IDs from a multiOptions value (or an expression giving a comma-separated list): trimmed, de-duplicated,
 * sorted numerically. `bad` is the first entry that is not a numeric CleverReach group ID.
 */
export function parseGroupIds(raw: unknown): { ids: string[]; bad?: string } {
	const list = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((g) => String(g).trim())
		.filter((g) => g !== '');
	const bad = list.find((g) => !/^[0-9]+$/.test(g));
	const ids = [...new Set(list)].sort((a, b) => Number(a) - Number(b));
	return bad === undefined ? { ids } : { ids, bad };
}
