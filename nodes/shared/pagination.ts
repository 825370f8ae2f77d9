/**
 * CleverReach's paged lists (`page` + `pagesize`), read through the transport: page by page, or all at once.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { CleverReachContext, RequestOptions } from './transport';
import { asArray, cleverReachApiRequest } from './transport';

/** Page sizes the API allows (docs/cleverreach-api.md §1.6: 5000 confirmed for group lists only; reports 100). */
export const MAX_PAGE_SIZE = { receivers: 5000, reports: 100 } as const;

export interface PaginateOptions extends RequestOptions {
	/** Largest page the endpoint allows. */
	maxPageSize: number;
	/** Stop after this many items; undefined returns all. */
	limit?: number;
	/** Where `page`/`pagesize` go: query string (GET lists) or JSON body (POST searches). */
	pageIn?: 'qs' | 'body';
	/**
	 * The identity of a row (e.g. its ID): a row seen on an earlier page is not yielded again (rows can move between
	 * pages when the list changes or its order is not stable).
	 */
	key?: (row: IDataObject) => string;
}

/**
 * Streams the pages of a 0-based `page`/`pagesize` list, one request per page, until `limit` items were yielded or
 * the list ended. CleverReach may cap a page below the size asked for without saying so, so a short first page does
 * not end the list: the next page is asked for at the size the server answered (offsets stay page × pagesize), and
 * the list ends on an empty page or on a page shorter than a size the server has answered in full. A list that fits
 * in its first page therefore costs one request more. With `key`, rows already yielded are skipped.
 */
export async function* paginate(
	this: CleverReachContext,
	method: IHttpRequestMethods,
	path: string,
	options: PaginateOptions,
): AsyncGenerator<IDataObject[]> {
	const { key, maxPageSize, limit, pageIn, ...rest } = options;
	let pageSize = Math.min(maxPageSize, limit ?? maxPageSize);
	/** Whether the server has answered a full page of `pageSize` rows (so a shorter page is the end). */
	let sizeConfirmed = false;
	let remaining = limit ?? Infinity;
	const seen = key ? new Set<string>() : undefined;
	for (let page = 0; remaining > 0; page++) {
		const paging = { page, pagesize: pageSize };
		const request: RequestOptions = { ...rest };
		if (pageIn === 'body') request.body = { ...(options.body as IDataObject), ...paging };
		else request.qs = { ...options.qs, ...paging };
		const rows = asArray(await cleverReachApiRequest.call(this, method, path, request));
		const fresh = seen
			? rows.filter((row) => {
					const id = key!(row);
					if (seen.has(id)) return false;
					seen.add(id);
					return true;
				})
			: rows;
		const take = fresh.length > remaining ? fresh.slice(0, remaining) : fresh;
		if (take.length) yield take;
		remaining -= take.length;
		if (rows.length === 0) return;
		if (rows.length >= pageSize) {
			sizeConfirmed = true;
			continue;
		}
		if (sizeConfirmed) return;
		// A short first page: the end of the list, or a cap below the size asked for. The next page tells.
		pageSize = rows.length;
		sizeConfirmed = true;
	}
}

/** Collects `paginate` into one array (for callers that need all rows at once). */
export async function getAll(
	this: CleverReachContext,
	method: IHttpRequestMethods,
	path: string,
	options: PaginateOptions,
): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for await (const rows of paginate.call(this, method, path, options)) all.push(...rows);
	return all;
}
