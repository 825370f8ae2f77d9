import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { reportMailingProperty } from './reportMailingProperty';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

/**
 * `GET /reports/{id}/stats/links` nests the links (`[{ links: [{id, link, total_clicks}] }]`, nesting
 * unconfirmed). This returns one row per link, whether the links come nested, as a plain list or keyed by ID.
 */
export function linkStatRows(body: unknown): IDataObject[] {
	const entries: unknown[] = Array.isArray(body)
		? body
		: body && typeof body === 'object'
			? 'links' in (body as IDataObject)
				? [body]
				: Object.values(body as IDataObject)
			: [];
	const rows: IDataObject[] = [];
	for (const entry of entries) {
		if (!entry || typeof entry !== 'object') continue;
		const links = (entry as IDataObject).links;
		if (Array.isArray(links)) rows.push(...(links as IDataObject[]));
		else if (links && typeof links === 'object') rows.push(links as IDataObject);
		else rows.push(entry as IDataObject);
	}
	return rows;
}

export const getLinkStats: Operation = {
	option: {
		name: 'Get Link Stats',
		description: 'Get the click counts of each link in a sent mailing (one item per link)',
		action: 'Get link statistics of a report',
	},
	properties: [reportMailingProperty()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const body = await cleverReachApiRequest.call(this, 'GET', `/reports.json/${mailingId}/stats/links`, {
				itemIndex: i,
				notFoundMessage: `No report for mailing ${mailingId} (it does not exist or has not been sent yet)`,
			});
			return linkStatRows(body).map((link) => ({ mailingId, ...link }));
		});
	},
};
