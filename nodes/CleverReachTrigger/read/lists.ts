/**
 * Reads a group's receivers newest first with `GET /groups.json/{id}/receivers?order_by=<field> desc`
 * (docs/cleverreach-api.md §3.2; `registered desc` is what real clients use), down to a cursor position.
 * Page numbers are safe here: the rows at and after the position form the start of the list, so their number is
 * known from the page lengths; equal times may come back in another order on every request, so the pages are read
 * again until every row of that start has been seen (or the poll gives up for now and retries next time).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import type { PollRun } from '../run';
import { rowIdentity } from './search';

export const LIST_PAGE_SIZE = 5000;
const MAX_PASSES = 6;

export interface ListSpec {
	field: 'registered' | 'last_changed';
	detail: number;
	timeOf(row: IDataObject): number;
}

/** CleverReach did not sort the list as asked (the order is ignored on this account). */
export class UnsortedListError extends Error {
	constructor(public readonly order: string) {
		super(`CleverReach did not sort the receiver list by "${order}"`);
	}
}

async function listPage(run: PollRun, groupId: string, spec: ListSpec, page: number): Promise<IDataObject[]> {
	return asArray(
		await run.request('GET', `/groups.json/${groupId}/receivers`, {
			qs: { page, pagesize: LIST_PAGE_SIZE, type: 'all', detail: spec.detail, order_by: `${spec.field} desc` },
			notFoundMessage: `Watched group ${groupId} was not found in CleverReach; it may have been deleted. Select the groups to watch again`,
		}),
	);
}

function sortedDesc(rows: IDataObject[], spec: ListSpec): boolean {
	return rows.every((row, i) => i === 0 || spec.timeOf(row) <= spec.timeOf(rows[i - 1]));
}

/** The rows of one group whose time is ≥ `from` (all of them, whatever the order of equal times). */
export async function readGroupSince(run: PollRun, groupId: string, spec: ListSpec, from: number): Promise<IDataObject[]> {
	const union = new Map<string, IDataObject>();
	for (let pass = 0; pass < MAX_PASSES; pass++) {
		let count = 0;
		for (let page = 0; ; page++) {
			const rows = await listPage(run, groupId, spec, page);
			if (!sortedDesc(rows, spec)) throw new UnsortedListError(`${spec.field} desc`);
			const recent = rows.filter((row) => spec.timeOf(row) >= from);
			count += recent.length;
			for (const row of recent) union.set(rowIdentity(row), row);
			if (rows.length < LIST_PAGE_SIZE || recent.length < rows.length) break;
		}
		if (union.size >= count) return [...union.values()];
	}
	throw new NodeOperationError(run.context.getNode(), `CleverReach listed group ${groupId} in an unstable order`, {
		description: 'Receivers with the same time came back in a different order on every read. The trigger keeps its position and tries again at the next poll.',
	});
}

