import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

/** The links come as an array; tolerate `{links:[...]}` or an object keyed by link ID too (shape unconfirmed). */
export function linkRows(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') {
		const links = (body as IDataObject).links;
		if (Array.isArray(links)) return links as IDataObject[];
		const values = Object.values(body as IDataObject);
		if (values.length && values.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
			return values as IDataObject[];
		}
		return [body as IDataObject];
	}
	return [];
}

export const getLinks: Operation = {
	option: {
		name: 'Get Links',
		description: 'List the links contained in a mailing (one item per link)',
		action: 'Get the links of a mailing',
	},
	properties: [mailingLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const body = await cleverReachApiRequest.call(this, 'GET', `/mailings.json/${mailingId}/links`, {
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return linkRows(body).map((link) => ({ mailingId, ...link }));
		});
	},
};
