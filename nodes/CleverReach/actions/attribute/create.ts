import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getRequiredString, itemError, truncate } from '../../../shared/parameters';
import { attributeScopeProperties, typeProperty } from './attributeProperties';
import { checkValueForType, getAttributeType, getScope } from './attributeInput';

const NAME = /^[a-z][a-z0-9_]*$/;

export const create: Operation = {
	option: {
		name: 'Create',
		description:
			'Create a receiver attribute (custom field), global for all groups or local to one group; returns it with its numeric ID',
		action: 'Create an attribute',
	},
	properties: [
		...attributeScopeProperties(
			'Whether the attribute is global (one value per receiver, shared by all groups) or local to one group',
		),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. customer_number',
			description:
				'Key of the attribute: letters, digits and underscores, starting with a letter. It is stored in lower case and is the key used in a receiver\'s "attributes" / "global_attributes".',
		},
		typeProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Optional settings of the new attribute: label, default value and preview value',
			options: [
				{
					displayName: 'Default Value',
					name: 'default_value',
					type: 'string',
					default: '',
					description: 'Value receivers get when none is given; must fit the type',
				},
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					placeholder: 'e.g. Customer number',
					description: 'Label shown in the CleverReach UI (defaults to the name)',
				},
				{
					displayName: 'Preview Value',
					name: 'preview_value',
					type: 'string',
					default: '',
					description: 'Value used for this attribute in mailing previews; must fit the type',
				},
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const { groupId } = getScope(this, i);
			const name = getRequiredString(this, 'name', i, 'Name').toLowerCase();
			if (!NAME.test(name)) {
				throw itemError(
					this,
					`Name "${truncate(name)}" is not a valid attribute name: use letters, digits and underscores, starting with a letter`,
					i,
				);
			}
			const type = getAttributeType(this, 'type', i);
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			const body: IDataObject = { name, type };
			for (const [key, label] of [
				['description', 'Description'],
				['preview_value', 'Preview Value'],
				['default_value', 'Default Value'],
			] as const) {
				if (extra[key] === undefined || extra[key] === null) continue;
				const value = String(extra[key]).trim();
				if (key !== 'description') checkValueForType(this, i, label, type, value);
				if (value !== '') body[key] = value;
			}
			// The label defaults to the key, as in the CleverReach UI.
			body.description ??= name;
			const path = groupId ? `/groups.json/${groupId}/attributes` : '/attributes.json';
			try {
				return await cleverReachApiRequest.call(this, 'POST', path, {
					body,
					itemIndex: i,
					notFoundMessage: groupId ? `Group ${groupId} was not found` : undefined,
				});
			} catch (error) {
				throw explainConflict(this, error, name, groupId, i);
			}
		});
	},
};

/** A 409 on create means the name is taken in that scope: say so in user terms. Other errors pass through. */
function explainConflict(
	context: IExecuteFunctions,
	error: unknown,
	name: string,
	groupId: string | undefined,
	itemIndex: number,
): Error {
	if (!(error instanceof NodeApiError) || error.httpCode !== '409') return error as Error;
	const where = groupId ? `in group ${groupId}` : 'as a global attribute';
	const conflict = new NodeApiError(
		context.getNode(),
		{ message: error.message, httpCode: '409' },
		{
			message: `An attribute named "${name}" already exists ${where}`,
			description: `${error.description ? `${error.description}. ` : ''}Use Attribute → Update to change it, or choose another name.`,
			httpCode: '409',
			itemIndex,
		},
	);
	conflict.context.cleverReach = error.context.cleverReach;
	return conflict;
}
