import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { itemError } from '../../../shared/parameters';
import { attributeScopeProperties, attributeSelector } from './attributeProperties';
import { resolveAttribute } from './attributeInput';

export const update: Operation = {
	option: {
		name: 'Update',
		description: 'Change the description (label), preview value or default value of an attribute',
		action: 'Update an attribute',
	},
	properties: [
		...attributeScopeProperties(
			'Where to look the attribute up when it is picked from the list or given by name; not needed for a numeric attribute ID',
		),
		...attributeSelector(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The attribute fields to change; fields not added here stay as they are',
			options: [
				{
					displayName: 'Default Value',
					name: 'default_value',
					type: 'string',
					default: '',
					description: 'Value receivers get when none is given; must fit the attribute type',
				},
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					description: 'Label shown in the CleverReach UI',
				},
				{
					displayName: 'Preview Value',
					name: 'preview_value',
					type: 'string',
					default: '',
					description: 'Value used for this attribute in mailing previews; must fit the attribute type',
				},
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const body: IDataObject = {};
			for (const key of ['description', 'preview_value', 'default_value']) {
				if (fields[key] !== undefined && fields[key] !== null) body[key] = String(fields[key]).trim();
			}
			if (!Object.keys(body).length) {
				throw itemError(this, 'Update Fields: add at least one field to change', i);
			}
			const { id } = await resolveAttribute(this, i);
			return await cleverReachApiRequest.call(this, 'PUT', `/attributes.json/${id}`, {
				body,
				itemIndex: i,
				notFoundMessage: `Attribute ${id} was not found`,
			});
		});
	},
};
