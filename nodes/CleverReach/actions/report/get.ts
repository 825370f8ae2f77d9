import { cleverReachApiRequest } from '../../../shared/transport';
import { reportMailingProperty } from './reportMailingProperty';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { outputProperties, readOutput } from '../../../shared/output';
import { REPORT_OUTPUT } from './reportOutput';

export const get: Operation = {
	option: {
		name: 'Get',
		description:
			'Get the report (statistics: delivered, opened, clicked, bounced, unsubscribed) of a sent mailing by the mailing\'s numeric ID',
		action: 'Get a report',
	},
	properties: [
		reportMailingProperty(),
		...outputProperties(REPORT_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, REPORT_OUTPUT);
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const report = await cleverReachApiRequest.call(this, 'GET', `/reports.json/${mailingId}`, {
				itemIndex: i,
				notFoundMessage: `No report for mailing ${mailingId} (it does not exist or has not been sent yet)`,
			});
			return output.shape(report);
		});
	},
};
