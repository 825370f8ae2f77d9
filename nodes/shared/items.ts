/**
 * Running an operation over its input items, with n8n's "On Error" settings: each item yields its results (paired
 * to it) or, with "Continue", one error item; without it the first error stops the node, naming the item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Attaches the item index to an error (so n8n names the item) and keeps the error type. */
export function errorForItem(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * The JSON of an error item for "On Error: Continue" (regular or error output). n8n routes an item to the error
 * output only when its JSON holds nothing but `error`, `message` and `details` (n8n-core WorkflowExecute,
 * handleNodeErrorOutput), so everything else the user needs goes into `details`: the HTTP status, CleverReach's own
 * text, the longer description, whether a failed write may still have been applied, and the input item.
 */
export function errorItemJson(error: Error): IDataObject {
	const e = error as Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	const context = e.context ?? {};
	const details: IDataObject = {};
	if (e.httpCode) details.httpCode = e.httpCode;
	if (typeof context.cleverReach === 'string' && context.cleverReach) details.cleverReach = context.cleverReach;
	if (e.description) details.description = e.description;
	if (typeof context.mayHaveBeenApplied === 'boolean') details.mayHaveBeenApplied = context.mayHaveBeenApplied;
	if (typeof context.itemIndex === 'number') details.itemIndex = context.itemIndex;
	return { error: e.message || 'Unknown error', details };
}

/**
 * Runs `handler` for every input item in order. Each item yields its results (paired to it) or, with
 * "Continue On Fail", one error item; without it the first error stops the node, naming the item.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await handler(i);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const wrapped = errorForItem(context, error, i);
			if (!context.continueOnFail()) throw wrapped;
			output.push({ json: errorItemJson(wrapped), pairedItem: { item: i } });
		}
	}
	return output;
}
