import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../shared/transport';

/** Groups for the group picker, filtered by name or ID; CleverReach returns them in one list. */
export async function searchGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const groups = asArray(await cleverReachApiRequest.call(this, 'GET', '/groups.json'));
	const needle = (filter ?? '').trim().toLowerCase();
	const results = groups
		.filter((g) => !needle || String(g.name).toLowerCase().includes(needle) || String(g.id) === needle)
		.sort((a, b) => String(a.name).localeCompare(String(b.name)))
		.map((g) => ({ name: `${g.name} (${g.id})`, value: String(g.id) }));
	return { results };
}
