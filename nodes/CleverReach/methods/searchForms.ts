import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../shared/transport';

/** Sign-up forms for the form picker, filtered by name or ID. */
export async function searchForms(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const forms = asArray(await cleverReachApiRequest.call(this, 'GET', '/forms.json'));
	const needle = (filter ?? '').trim().toLowerCase();
	const results = forms
		.filter((f) => !needle || String(f.name).toLowerCase().includes(needle) || String(f.id) === needle)
		.map((f) => ({ name: `${f.name} (${f.id})`, value: String(f.id) }));
	return { results };
}
