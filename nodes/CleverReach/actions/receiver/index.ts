import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { upsert } from './upsert';

export const operations: Record<string, Operation> = {
	upsert,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['receiver'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a receiver',
			},
		],
		default: 'upsert',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
