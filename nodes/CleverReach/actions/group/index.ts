import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { clear } from './clear';
import { create } from './create';
import { deleteGroup } from './delete';
import { get } from './get';
import { getMany } from './getMany';
import { getStats } from './getStats';
import { update } from './update';

export const operations: Record<string, Operation> = {
	create,
	get,
	getMany,
	update,
	delete: deleteGroup,
	getStats,
	clear,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Clear',
				value: 'clear',
				description: 'Delete every receiver of a group, keeping the group (cannot be undone)',
				action: 'Clear a group',
			},
			{ name: 'Create', value: 'create', description: 'Create a group (recipient list)', action: 'Create a group' },
			{ name: 'Delete', value: 'delete', description: 'Delete a group and its receivers', action: 'Delete a group' },
			{ name: 'Get', value: 'get', description: 'Get a group by ID', action: 'Get a group' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the groups (recipient lists) of the account, optionally with each group’s receiver counts',
				action: 'Get many groups',
			},
			{
				name: 'Get Stats',
				value: 'getStats',
				description:
					'Get receiver counts of a group: total, active, inactive, bounced, orders, quality (cached by CleverReach, so they may lag behind recent changes)',
				action: 'Get group statistics',
			},
			{ name: 'Update', value: 'update', description: 'Rename or change a group', action: 'Update a group' },
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
