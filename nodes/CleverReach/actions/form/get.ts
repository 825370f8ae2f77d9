import { cleverReachApiRequest } from '../../../shared/transport';
import { formLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';

export const formDescription =
	'The CleverReach sign-up form. Pick it from the list, or give its numeric form ID (not its name).';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a sign-up form by its numeric ID: name, type and the group it belongs to',
		action: 'Get a form',
	},
	properties: [
		formLocator({ description: formDescription }),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const formId = getId(this, 'formId', i, 'Form');
			return await cleverReachApiRequest.call(this, 'GET', `/forms.json/${formId}`, {
				itemIndex: i,
				notFoundMessage: `Form ${formId} was not found`,
			});
		});
	},
};
