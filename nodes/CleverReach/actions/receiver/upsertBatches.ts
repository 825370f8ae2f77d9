/**
 * Bulk upsert through `POST /groups.json/{gid}/receivers/upsertplus`: at most MAX_BATCH receivers per request,
 * halving a batch CleverReach refuses as too large (413), and mapping each answer row back by email. Rows that
 * must not be sent twice (orders, increments, tag removals) go in batches of their own: the transport does not
 * repeat those after an error that may hide an applied write, and the other rows keep their retries.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { itemError } from '../../../shared/parameters';
import { byEmail } from './receiverOutput';

/** CleverReach's documented ceiling for one upsertplus call. */
export const MAX_BATCH = 1000;

export interface UpsertRow {
	/** Lower-cased email. */
	key: string;
	body: IDataObject;
	/** Tag removals, `+n`/`-n` increments or orders: repeating the request would change the result. */
	nonIdempotent: boolean;
	/** The input item (for error messages). */
	itemIndex: number;
}

/** A receiver as CleverReach answered it, with the time of the answer. */
export interface Saved {
	receiver: IDataObject;
	/** CleverReach's clock when it answered (its `Date` header), unix seconds; n8n's clock when there is none. */
	serverTime: number;
	/** How long the request took (seconds, rounded up): writes of this request are at most this old. */
	elapsed: number;
}

export type UpsertOutcome = Saved | Error;

function isTooLarge(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '413';
}

/**
 * Upserts the rows (unique emails) into a group and returns what CleverReach answered for each email, or the error
 * for it. Never throws for API errors: they are returned per row.
 */
export async function upsertRows(
	context: IExecuteFunctions,
	groupId: string,
	rows: UpsertRow[],
	batchSize = MAX_BATCH,
): Promise<Map<string, UpsertOutcome>> {
	const outcomes = new Map<string, UpsertOutcome>();
	for (const part of [rows.filter((row) => !row.nonIdempotent), rows.filter((row) => row.nonIdempotent)]) {
		for (let start = 0; start < part.length; start += batchSize) {
			await send(context, groupId, part.slice(start, start + batchSize), outcomes);
		}
	}
	return outcomes;
}

function serverSeconds(headers: IDataObject | undefined): number | undefined {
	const date = Date.parse(String(headers?.date ?? headers?.Date ?? ''));
	return Number.isNaN(date) ? undefined : Math.floor(date / 1000);
}

async function send(
	context: IExecuteFunctions,
	groupId: string,
	chunk: UpsertRow[],
	outcomes: Map<string, UpsertOutcome>,
): Promise<void> {
	let answer: IDataObject;
	let headers: IDataObject | undefined;
	const started = Date.now();
	try {
		answer = await cleverReachApiRequest.call(context, 'POST', `/groups.json/${groupId}/receivers/upsertplus`, {
			body: chunk.map((row) => row.body),
			idempotent: !chunk.some((row) => row.nonIdempotent),
			itemIndex: chunk.length === 1 ? chunk[0].itemIndex : undefined,
			notFoundMessage: `Group ${groupId} was not found`,
			onHeaders: (received) => (headers = received),
		});
	} catch (error) {
		if (isTooLarge(error) && chunk.length > 1) {
			const half = Math.ceil(chunk.length / 2);
			await send(context, groupId, chunk.slice(0, half), outcomes);
			await send(context, groupId, chunk.slice(half), outcomes);
			return;
		}
		const failure = error instanceof NodeApiError ? error : new NodeOperationError(context.getNode(), error as Error);
		for (const row of chunk) outcomes.set(row.key, failure);
		return;
	}
	const serverTime = serverSeconds(headers) ?? Math.floor(Date.now() / 1000);
	const elapsed = Math.ceil((Date.now() - started) / 1000);
	const found = byEmail(asArray(answer));
	for (const row of chunk) {
		const receiver = found.get(row.key);
		const problem = receiver ? rowProblem(receiver) : 'it is missing from CleverReach’s answer';
		outcomes.set(
			row.key,
			receiver && !problem
				? { receiver, serverTime, elapsed }
				: itemError(
						context,
						`CleverReach did not accept receiver "${String(row.body.email)}"`,
						row.itemIndex,
						`The bulk upsert into group ${groupId} did not save this receiver (${problem}): the address may be invalid, blacklisted or refused. The other receivers of the same request were saved.`,
					),
		);
	}
}

/** A row of the answer that reports a failure for its receiver instead of the saved receiver. */
function rowProblem(row: IDataObject): string {
	if (row.error) {
		const error = row.error as IDataObject | string;
		return typeof error === 'string' ? error : String(error.message ?? 'error');
	}
	const status = typeof row.status === 'string' ? row.status.toLowerCase() : '';
	if (status && /(fail|invalid|error|reject)/.test(status)) return String(row.status);
	return '';
}
