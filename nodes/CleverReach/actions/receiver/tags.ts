import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId, itemError } from '../../../shared/parameters';
import { receiverProperty } from './receiverProperties';
import { getReceiverRef, readTags } from './receiverInput';
import { patchExisting } from './existingReceiver';

function tagProperties(verb: string): INodeProperties[] {
	return [
		groupLocator(),
		receiverProperty({
			description: `The receiver to ${verb.toLowerCase()} tags: their email address or numeric receiver ID. They must already be in the group.`,
		}),
		{
			displayName: 'Tag Names or IDs',
			name: 'tags',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTags' },
			default: [],
			description:
				'Tags used in the account. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Tags (Free Text)',
			name: 'tagsText',
			type: 'string',
			default: '',
			placeholder: 'e.g. vip, Shop.Customer',
			description: `Comma-separated tags to ${verb.toLowerCase()}, in addition to those picked above; other tags of the receiver are kept`,
		},
	];
}

async function changeTags(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	mode: 'add' | 'remove',
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (i) => {
		const groupId = getId(context, 'groupId', i, 'Group');
		const receiver = getReceiverRef(context, i);
		const source: IDataObject = {
			tags: context.getNodeParameter('tags', i, []),
			tagsText: context.getNodeParameter('tagsText', i, ''),
		};
		const tags = readTags(context, i, source);
		if (!tags.length) throw itemError(context, 'Tags: give at least one tag', i);
		if (tags.some((t) => t.startsWith('-'))) {
			throw itemError(context, 'Tags: give tag names without a leading "-"', i);
		}
		// Removal is sent as "-tag" (upsertplus); CleverReach treats such requests as not safely repeatable.
		const body = mode === 'add' ? tags : tags.map((t) => `-${t}`);
		return await patchExisting(context, groupId, receiver, i, { tags: body }, mode === 'add');
	});
}

export const addTags: Operation = {
	option: {
		name: 'Add Tags',
		description: 'Add tags to a receiver already in a group, keeping their other tags; returns the receiver',
		action: 'Add tags to a receiver',
	},
	properties: tagProperties('Add'),
	async execute(items) {
		return await changeTags(this, items, 'add');
	},
};

export const removeTags: Operation = {
	option: {
		name: 'Remove Tags',
		description: 'Remove tags from a receiver, keeping their other tags; returns the receiver',
		action: 'Remove tags from a receiver',
	},
	properties: tagProperties('Remove'),
	async execute(items) {
		return await changeTags(this, items, 'remove');
	},
};
