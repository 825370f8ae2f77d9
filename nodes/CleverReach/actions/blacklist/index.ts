import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { add } from './add';
import { check } from './check';
import { getMany } from './getMany';
import { remove } from './remove';

export const operations: Record<string, Operation> = {
	add,
	remove,
	getMany,
	check,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['blacklist'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description:
					'Block an email address account-wide or for one group, with a comment; returns the blacklist entry',
				action: 'Add an email to the blacklist',
			},
			{
				name: 'Check',
				value: 'check',
				description:
					'Tell for a list of email addresses which are blacklisted; returns one item per address with "blacklisted" true/false',
				action: 'Check emails against the blacklist',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the blacklist entries (email, comment, date) of the account or of one group',
				action: 'Get many blacklist entries',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove an email address from the account blacklist or a group blacklist',
				action: 'Remove an email from the blacklist',
			},
		],
		default: 'check',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
