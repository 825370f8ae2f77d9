import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { getId, itemError, readDate } from '../../../shared/parameters';
import { forEachItem } from '../../../shared/items';
import {
	globalAttributesProperty,
	groupAttributesProperty,
	receiverProperty,
	tagsProperties,
} from './receiverProperties';
import { getReceiverRef, readAttributes, readTags, ref } from './receiverInput';
import { AttributeDefinitions, checkAttributes } from './attributeChecks';

export const update: Operation = {
	option: {
		name: 'Update',
		description: 'Change attributes, source or tags of a receiver already in a group; returns the receiver',
		action: 'Update a receiver',
	},
	properties: [
		groupLocator(),
		receiverProperty({
			description:
				'The receiver to update: their email address or numeric receiver ID. Fails if they are not in the group (use Create or Update to add them).',
		}),
		globalAttributesProperty(),
		groupAttributesProperty(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The receiver fields to change; fields not added here stay as they are',
			options: [
				{
					displayName: 'Registered',
					name: 'registered',
					type: 'dateTime',
					default: '',
					description: 'When the receiver signed up',
				},
				{
					displayName: 'Source',
					name: 'source',
					type: 'string',
					default: '',
					description: 'Free text telling where the receiver came from',
				},
				...tagsProperties(
					'Replace Tags With',
					'The receiver’s complete new tag list: all current tags are replaced (use Add Tags / Remove Tags to change single tags).',
				),
			],
		},
	],
	async execute(items) {
		const definitions = new AttributeDefinitions(this);
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const receiver = getReceiverRef(this, i);
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const attributes = readAttributes(this, i);
			const body: IDataObject = {};
			if (fields.source !== undefined) body.source = String(fields.source);
			const registered = readDate(this, fields.registered, 'Registered', i);
			if (registered !== undefined) body.registered = registered;
			if ('tags' in fields || 'tagsText' in fields) {
				const tags = readTags(this, i, fields);
				if (tags.some((t) => t.startsWith('-'))) {
					throw itemError(this, 'Replace Tags With: a tag cannot start with "-" here (use Remove Tags)', i);
				}
				if (tags.length) body.tags = tags;
			}
			await checkAttributes(this, definitions, groupId, attributes, i, false);
			if (Object.keys(attributes.global).length) body.global_attributes = attributes.global;
			if (Object.keys(attributes.group).length) body.attributes = attributes.group;
			if (!Object.keys(body).length) {
				throw itemError(this, 'Nothing to update: add an attribute or a field to change', i);
			}
			return await cleverReachApiRequest.call(this, 'PUT', `/groups.json/${groupId}/receivers/${ref(receiver)}`, {
				body,
				itemIndex: i,
				notFoundMessage: `Receiver ${receiver} was not found in group ${groupId}`,
			});
		});
	},
};
