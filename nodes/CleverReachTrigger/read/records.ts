/**
 * Account-level feeds read by time: bounce records (`GET /bounces.json`, docs/cleverreach-api.md §3.9) and
 * mailing reports (`GET /reports.json?start=…`, §6.1). Neither list has a documented order, so each is read until a
 * page shows nothing newer than the cursor only when its pages prove to be newest first; otherwise it is read whole.
 */
import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import type { PollRun } from '../run';

export const BOUNCE_PAGE_SIZE = 500;
export const REPORT_PAGE_SIZE = 100;
/** A mailing may take this long between its start and its end (reports may be filtered by either). */
export const MAX_SEND_SECONDS = 2 * 24 * 3600;

function newestFirst(rows: IDataObject[], time: (row: IDataObject) => number): boolean {
	return rows.every((row, i) => i === 0 || time(row) <= time(rows[i - 1]));
}

/** Bounce records updated after `from`. */
export async function bouncesSince(run: PollRun, from: number): Promise<IDataObject[]> {
	const time = (row: IDataObject) => Number(row.last_update) || 0;
	const out: IDataObject[] = [];
	for (let page = 0; ; page++) {
		const rows = asArray(await run.request('GET', '/bounces.json', { qs: { page, pagesize: BOUNCE_PAGE_SIZE } }));
		out.push(...rows.filter((row) => time(row) > from));
		if (!rows.length) return out;
		// Newest first and already older than the cursor: the rest is older still.
		if (newestFirst(rows, time) && time(rows[rows.length - 1]) <= from) return out;
	}
}

/** Finished mailings' reports whose `finished` is after `from` (reports of the last days are read whole). */
export async function reportsSince(run: PollRun, from: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const start = Math.max(0, from - MAX_SEND_SECONDS);
	for (let page = 0; ; page++) {
		const rows = asArray(await run.request('GET', '/reports.json', { qs: { start, page, pagesize: REPORT_PAGE_SIZE } }));
		out.push(...rows.filter((row) => Number(row.finished) > from));
		if (rows.length < REPORT_PAGE_SIZE) return out;
	}
}
