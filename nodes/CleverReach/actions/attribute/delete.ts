import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { attributeScopeProperties, attributeSelector } from './attributeProperties';
import { resolveAttribute } from './attributeInput';

export const deleteAttribute: Operation = {
	option: {
		name: 'Delete',
		description: 'Delete an attribute (by numeric attribute ID or name) and its values on all receivers',
		action: 'Delete an attribute',
	},
	properties: [
		{
			displayName:
				'Deleting an attribute also deletes its value on every receiver. It cannot be undone.',
			name: 'deleteWarning',
			type: 'notice',
			default: '',
		},
		...attributeScopeProperties(
			'Where to look the attribute up when it is picked from the list or given by name; not needed for a numeric attribute ID',
		),
		...attributeSelector(),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const { id } = await resolveAttribute(this, i);
			await cleverReachApiRequest.call(this, 'DELETE', `/attributes.json/${id}`, {
				itemIndex: i,
				notFoundMessage: `Attribute ${id} was not found`,
			});
			return { deleted: true };
		});
	},
};
