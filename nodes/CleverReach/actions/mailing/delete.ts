import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

// DELETE /mailings.json/{id} is not confirmed by any known client (docs/cleverreach-api.md §5.4).
export const deleteMailing: Operation = {
	option: { name: 'Delete', description: 'Delete a mailing by its numeric ID', action: 'Delete a mailing' },
	properties: [mailingLocator()],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			await cleverReachApiRequest.call(this, 'DELETE', `/mailings.json/${mailingId}`, {
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return { deleted: true };
		});
	},
};
