import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { get } from './get';
import { getCode } from './getCode';
import { getMany } from './getMany';

export const operations: Record<string, Operation> = {
	get,
	getMany,
	getCode,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['form'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a sign-up form by its numeric ID: name, type and the group it belongs to',
				action: 'Get a form',
			},
			{
				name: 'Get Code',
				value: 'getCode',
				description: 'Get the embeddable HTML of a sign-up form, returned as the string field "html"',
				action: 'Get the HTML code of a form',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the sign-up forms of the account, or of one group',
				action: 'Get many forms',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
