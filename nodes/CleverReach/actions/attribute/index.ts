import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { create } from './create';
import { deleteAttribute } from './delete';
import { getMany } from './getMany';
import { update } from './update';

export const operations: Record<string, Operation> = {
	create,
	getMany,
	update,
	delete: deleteAttribute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['attribute'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a receiver attribute (custom field), global for all groups or local to one group; returns it with its numeric ID',
				action: 'Create an attribute',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an attribute (by numeric attribute ID or name) and its values on all receivers',
				action: 'Delete an attribute',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List the global attributes, or the local attributes of a group: ID, name (key), description (label), type',
				action: 'Get many attributes',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the description (label), preview value or default value of an attribute',
				action: 'Update an attribute',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
