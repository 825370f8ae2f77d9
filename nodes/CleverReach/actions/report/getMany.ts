import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { getLimit, isoFromUnix, itemError, readDate } from '../../../shared/parameters';
import { forEachItem } from '../../../shared/items';
import { takeLimit } from '../../../shared/lists';
import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { getAll, MAX_PAGE_SIZE } from '../../../shared/pagination';
import { outputProperties, readOutput } from '../../../shared/output';
import { REPORT_OUTPUT } from './reportOutput';

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'List the reports of sent mailings, optionally between a start and an end date',
		action: 'Get many reports',
	},
	properties: [
		...returnAllOrLimit(),
		filtersCollection(
			'Only reports of mailings finished in this time range (workflow time zone unless an offset is given)',
			[
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
		),
		...outputProperties(REPORT_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, REPORT_OUTPUT);
			const limit = getLimit(this, i);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const start = readDate(this, filters.startDate, 'Start Date', i);
			const end = readDate(this, filters.endDate, 'End Date', i);
			if (start !== undefined && end !== undefined && end < start) {
				throw itemError(
					this,
					`End Date (${isoFromUnix(end)}) is before Start Date (${isoFromUnix(start)})`,
					i,
					'Set End Date after Start Date, or leave one of them empty.',
				);
			}
			return (await readReports(this, i, start, end, limit)).map(output.shape);
		});
	},
};

const finishedAt = (report: IDataObject) => Number(report.finished ?? 0);
const newestFirst = (a: IDataObject, b: IDataObject) => finishedAt(b) - finishedAt(a) || Number(b.id ?? 0) - Number(a.id ?? 0);

/**
 * The reports finished between `start` and `end`, newest first. CleverReach guarantees no order for this list (it
 * may change between two requests), so page numbers could lose or repeat reports. The node reads time windows
 * (`start`/`end`) instead, newest first: a window answered with less than a full page is complete; a full one is
 * split in two at the median of the times it showed (about 2 requests per 100 reports). With a Limit it stops once every report newer than the remaining windows is read. If CleverReach
 * ignores the window (a report outside it comes back), the list is read by page numbers with duplicates removed.
 */
async function readReports(
	context: IExecuteFunctions,
	itemIndex: number,
	start: number | undefined,
	end: number | undefined,
	limit: number | undefined,
): Promise<IDataObject[]> {
	const pageSize = MAX_PAGE_SIZE.reports;
	const found = new Map<string, IDataObject>();
	// Without an End Date: two days ahead of n8n's clock, which may be behind CleverReach's.
	const windows: Array<[number, number]> = [[start ?? 0, end ?? Math.floor(Date.now() / 1000) + 2 * 86_400]];
	const done = () => {
		if (limit === undefined || !windows.length) return !windows.length;
		// Windows are read newest first: the last one left is the newest not read yet.
		const newestLeft = windows[windows.length - 1][1];
		return [...found.values()].filter((r) => finishedAt(r) > newestLeft).length >= limit;
	};
	while (!done()) {
		const [from, to] = windows.pop()!;
		const rows = asArray(
			await cleverReachApiRequest.call(context, 'GET', '/reports.json', {
				qs: { start: from, end: to, page: 0, pagesize: pageSize },
				itemIndex,
			}),
		);
		if (rows.some((r) => finishedAt(r) < from || finishedAt(r) > to)) {
			const all = await getAll.call(context, 'GET', '/reports.json', {
				qs: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) },
				maxPageSize: pageSize,
				key: (r) => String(r.id),
				itemIndex,
			});
			return takeLimit(all.sort(newestFirst), limit);
		}
		for (const row of rows) found.set(String(row.id), row);
		if (rows.length < pageSize) continue;
		if (to - from >= 2) {
			// Split at the median of the times seen, so each half holds about half of the reports; both halves share
			// that second (whether CleverReach's end is inclusive is not known).
			const times = rows.map(finishedAt).sort((a, b) => a - b);
			let middle = times[Math.floor(times.length / 2)];
			if (middle <= from || middle >= to) middle = Math.floor((from + to) / 2);
			windows.push([from, middle], [middle, to]);
			continue;
		}
		// A page or more of reports finished within one or two seconds: by page numbers, duplicates removed.
		for (const row of await getAll.call(context, 'GET', '/reports.json', {
			qs: { start: from, end: to },
			maxPageSize: pageSize,
			key: (r) => String(r.id),
			itemIndex,
		})) {
			found.set(String(row.id), row);
		}
	}
	return takeLimit([...found.values()].sort(newestFirst), limit);
}
