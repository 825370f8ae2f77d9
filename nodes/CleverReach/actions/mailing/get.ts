import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import { outputProperties, readOutput } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { MAILING_OUTPUT } from './storedMailing';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get one mailing by its numeric ID, including its state (draft, waiting, running, finished)',
		action: 'Get a mailing',
	},
	properties: [
		mailingLocator(),
		...outputProperties(MAILING_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const output = readOutput(this, i, MAILING_OUTPUT);
			const mailing = await cleverReachApiRequest.call(this, 'GET', `/mailings.json/${mailingId}`, {
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return output.shape(mailing);
		});
	},
};
