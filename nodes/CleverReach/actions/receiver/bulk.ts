/**
 * Bulk upsert through `POST /groups.json/{gid}/receivers/upsertplus`: at most MAX_BATCH receivers per request,
 * halving a batch CleverReach refuses as too large (413), and mapping each answer row back by email.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { byEmail } from './common';

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

export type UpsertOutcome = IDataObject | Error;

function isTooLarge(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '413';
}

/**
 * Upserts the rows (unique emails) into a group and returns the receiver CleverReach answered for each email,
 * or the error for it. Never throws for API errors: they are returned per row.
 */
export async function upsertRows(
	context: IExecuteFunctions,
	groupId: string,
	rows: UpsertRow[],
	batchSize = MAX_BATCH,
): Promise<Map<string, UpsertOutcome>> {
	const outcomes = new Map<string, UpsertOutcome>();
	for (let start = 0; start < rows.length; start += batchSize) {
		await send(context, groupId, rows.slice(start, start + batchSize), outcomes);
	}
	return outcomes;
}

async function send(
	context: IExecuteFunctions,
	groupId: string,
	chunk: UpsertRow[],
	outcomes: Map<string, UpsertOutcome>,
): Promise<void> {
	let answer: IDataObject;
	try {
		answer = await cleverReachApiRequest.call(context, 'POST', `/groups.json/${groupId}/receivers/upsertplus`, {
			body: chunk.map((row) => row.body),
			idempotent: !chunk.some((row) => row.nonIdempotent),
			itemIndex: chunk.length === 1 ? chunk[0].itemIndex : undefined,
			notFoundMessage: `Group ${groupId} was not found`,
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
	const found = byEmail(asArray(answer));
	for (const row of chunk) {
		const receiver = found.get(row.key);
		const problem = receiver ? rowProblem(receiver) : 'it is missing from CleverReach’s answer';
		outcomes.set(
			row.key,
			receiver && !problem
				? receiver
				: new NodeOperationError(
						context.getNode(),
						`CleverReach did not accept receiver "${String(row.body.email)}"`,
						{
							itemIndex: row.itemIndex,
							description: `The bulk upsert into group ${groupId} did not save this receiver (${problem}): the address may be invalid, blacklisted or refused. The other receivers of the same request were saved.`,
						},
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
