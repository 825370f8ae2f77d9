import type { IDataObject } from 'n8n-workflow';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit } from '../../../shared/parameters';
import { takeLimit, whereContains } from '../../../shared/lists';
import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { attributeScopeProperties, typeProperty } from './attributeProperties';
import { getScope, listAttributes } from './attributeInput';
import { outputProperties, readOutput } from '../../../shared/output';
import type { OutputShape } from '../../../shared/output';

/** Raw by default, as before the Output option. */
const ATTRIBUTE_OUTPUT: OutputShape = {
	simplified: ['id', 'name', 'type', 'description', 'groups_id', 'tag', 'preview_value'],
	default: 'raw',
};

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description:
			'List the global attributes, or the local attributes of a group: ID, name (key), description (label), type',
		action: 'Get many attributes',
	},
	properties: [
		...attributeScopeProperties('Whether to list the global (account-wide) attributes or the local attributes of one group'),
		...returnAllOrLimit(),
		filtersCollection('Conditions the attributes must meet (checked by the node on the list CleverReach returns)', [
			{
				displayName: 'Name or Description Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only attributes whose name or description contains this text (case-insensitive)',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: typeProperty.options,
				default: 'text',
				description: 'Only attributes of this type',
			},
		]),
		...outputProperties(ATTRIBUTE_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, ATTRIBUTE_OUTPUT);
			const { groupId } = getScope(this, i);
			const limit = getLimit(this, i);
			const { nameContains, type } = this.getNodeParameter('filters', i, {}) as IDataObject;
			// CleverReach returns all attributes of a scope in one unpaged array.
			let attributes = whereContains(await listAttributes(this, i, groupId), nameContains, ['name', 'description']);
			if (type) attributes = attributes.filter((a) => a.type === type);
			return takeLimit(attributes, limit).map(output.shape);
		});
	},
};
