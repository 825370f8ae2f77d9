import { cleverReachApiRequest } from '../../../shared/transport';
import { reportMailingProperty } from './reportMailingProperty';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const get: Operation = {
	option: {
		name: 'Get',
		description:
			'Get the report (statistics: delivered, opened, clicked, bounced, unsubscribed) of a sent mailing by the mailing\'s numeric ID',
		action: 'Get a report',
	},
	properties: [reportMailingProperty()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			return await cleverReachApiRequest.call(this, 'GET', `/reports.json/${mailingId}`, {
				itemIndex: i,
				notFoundMessage: `No report for mailing ${mailingId} (it does not exist or has not been sent yet)`,
			});
		});
	},
};
