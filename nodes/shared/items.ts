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
 * What every input item of one execution gave, filled in any order (an operation that works in batches records an
 * item when its batch is answered) and handed to n8n in input order, each output item paired to its input item.
 * The one place that applies "On Error": an item that fails becomes one error item with "Continue", and stops the
 * node at once (naming the item) without it.
 */
export class ItemResults {
	private readonly results: Array<IDataObject[] | Error | undefined>;

	constructor(
		private readonly context: IExecuteFunctions,
		count: number,
	) {
		this.results = new Array(count);
	}

	/** The item's result: one output item, or several (none for an empty list). */
	set(index: number, result: IDataObject | IDataObject[]): void {
		this.results[index] = Array.isArray(result) ? result : [result];
	}

	/** The item's (first) output, or undefined when it failed or has none yet. */
	get(index: number): IDataObject | undefined {
		const result = this.results[index];
		return Array.isArray(result) ? result[0] : undefined;
	}

	/** The item fails with `error`: with "Continue" it becomes an error item, otherwise this throws. */
	fail(index: number, error: unknown): void {
		const wrapped = errorForItem(this.context, error, index);
		if (!this.context.continueOnFail()) throw wrapped;
		this.results[index] = wrapped;
	}

	/** The output items in input order. */
	output(): INodeExecutionData[] {
		const output: INodeExecutionData[] = [];
		this.results.forEach((result, index) => {
			if (result instanceof Error) {
				const json = errorItemJson(result);
				// One batch error may be shared by all items of the batch: each error item names its own.
				(json.details as IDataObject).itemIndex = index;
				output.push({ json, pairedItem: { item: index } });
			} else {
				for (const json of result ?? []) output.push({ json, pairedItem: { item: index } });
			}
		});
		return output;
	}
}

/** Runs `handler` for every input item in order; each item's results (or its error) go to ItemResults. */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(context, items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			results.set(i, await handler(i));
		} catch (error) {
			results.fail(i, error);
		}
	}
	return results.output();
}
