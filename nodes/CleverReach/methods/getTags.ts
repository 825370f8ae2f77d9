import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../shared/transport';

/** Tags used in the account, for tag dropdowns. */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tags = asArray(
		await cleverReachApiRequest.call(this, 'GET', '/tags.json', { qs: { group_id: 0, limit: 5000, page: 0 } }),
	);
	return tags
		.map((t) => String(typeof t === 'string' ? t : t.tag))
		.filter(Boolean)
		.sort()
		.map((tag) => ({ name: tag, value: tag }));
}
