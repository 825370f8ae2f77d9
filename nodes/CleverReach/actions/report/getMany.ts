import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { getAll, MAX_PAGE_SIZE } from '../../../shared/transport';
import { returnAllOrLimit } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { forEachItem, getLimit, showFor } from '../../../shared/utils';
import { readDate } from '../../../shared/parameters';
import { isoFromUnix } from '../mailing/helpers';

export const getMany: Operation = {
	description: [
		...returnAllOrLimit('report', ['getMany']),
		...showFor('report', 'getMany', [
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'End Date',
						name: 'endDate',
						type: 'dateTime',
						default: '',
						description: 'Only reports of mailings sent up to this date and time',
					},
					{
						displayName: 'Start Date',
						name: 'startDate',
						type: 'dateTime',
						default: '',
						description: 'Only reports of mailings sent from this date and time on',
					},
				],
			},
		]),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const limit = getLimit(this, i);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const qs: IDataObject = {};
			const start = readDate(this, filters.startDate, 'Start Date', i);
			const end = readDate(this, filters.endDate, 'End Date', i);
			if (start !== undefined) qs.start = start;
			if (end !== undefined) qs.end = end;
			if (qs.start !== undefined && qs.end !== undefined && (qs.end as number) < (qs.start as number)) {
				throw new NodeOperationError(
					this.getNode(),
					`End Date (${isoFromUnix(qs.end as number)}) is before Start Date (${isoFromUnix(qs.start as number)})`,
					{ itemIndex: i },
				);
			}
			return await getAll.call(this, 'GET', '/reports.json', {
				qs,
				limit,
				maxPageSize: MAX_PAGE_SIZE.reports,
				itemIndex: i,
			});
		});
	},
};
