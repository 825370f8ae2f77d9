import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../shared/transport';

const STATES = ['draft', 'waiting', 'running', 'finished'];

/** Mailings for the mailing picker (drafts first, newest first within a state), filtered by name or ID. */
export async function searchMailings(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	// The list is an object keyed by state (docs/cleverreach-api.md §5.1).
	const byState = (await cleverReachApiRequest.call(this, 'GET', '/mailings.json', { qs: { limit: 200 } })) ?? {};
	const needle = (filter ?? '').trim().toLowerCase();
	const results = STATES.flatMap((state) =>
		((byState[state] as IDataObject[] | undefined) ?? []).map((m): IDataObject => ({ ...m, state })),
	)
		.filter((m) => !needle || String(m.name).toLowerCase().includes(needle) || String(m.id) === needle)
		.map((m) => ({ name: `${m.name} (${m.state}, ${m.id})`, value: String(m.id) }));
	return { results };
}
