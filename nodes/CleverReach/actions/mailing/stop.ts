import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const stop: Operation = {
	option: { name: 'Stop', description: 'Stop a scheduled or running mailing', action: 'Stop a mailing' },
	properties: [
		mailingLocator({ description: 'The scheduled or running mailing to stop. Pick it from the list, or give its numeric ID.' }),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			// Stopping twice changes nothing, so a lost answer may be retried.
			await cleverReachApiRequest.call(this, 'POST', `/mailings.json/${mailingId}/stop`, {
				itemIndex: i,
				idempotent: true,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return { id: mailingId, stopped: true };
		});
	},
};
