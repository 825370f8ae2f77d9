import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator, simplifyOption } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { simplifyMailing } from './storedMailing';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get one mailing by its numeric ID, including its state (draft, waiting, running, finished)',
		action: 'Get a mailing',
	},
	properties: [
		mailingLocator(),
		{
			...simplifyOption(),
			description:
				'Whether to return a simplified version of the response instead of the raw data (leaves out the HTML and text bodies)',
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const simplify = this.getNodeParameter('simplify', i, true) as boolean;
			const mailing = await cleverReachApiRequest.call(this, 'GET', `/mailings.json/${mailingId}`, {
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return simplify ? simplifyMailing(mailing) : mailing;
		});
	},
};
