import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

/** The report of a mailing has the mailing's ID. */
export function reportMailingLocator() {
	return mailingLocator({
		description:
			'The sent mailing whose report to read (a report has the same numeric ID as its mailing). Pick it from the list, or give its numeric ID.',
	});
}

export const get: Operation = {
	option: {
		name: 'Get',
		description:
			'Get the report (statistics: delivered, opened, clicked, bounced, unsubscribed) of a sent mailing by the mailing\'s numeric ID',
		action: 'Get a report',
	},
	properties: [
		reportMailingLocator(),
	],
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
