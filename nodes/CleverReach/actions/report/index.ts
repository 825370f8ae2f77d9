import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { get } from './get';
import { getLinkStats } from './getLinkStats';
import { getMany } from './getMany';
import { getReceivers } from './getReceivers';

export const operations: Record<string, Operation> = {
	get,
	getMany,
	getLinkStats,
	getReceivers,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get the report (statistics: delivered, opened, clicked, bounced, unsubscribed) of a sent mailing by the mailing\'s numeric ID',
				action: 'Get a report',
			},
			{
				name: 'Get Link Stats',
				value: 'getLinkStats',
				description: 'Get the click counts of each link in a sent mailing (one item per link)',
				action: 'Get link statistics of a report',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the reports of sent mailings, optionally between a start and an end date',
				action: 'Get many reports',
			},
			{
				name: 'Get Receivers',
				value: 'getReceivers',
				description:
					'List the receivers of a sent mailing by event: sent, opened, not opened, clicked, not clicked, bounced or unsubscribed',
				action: 'Get receivers of a report by event',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
