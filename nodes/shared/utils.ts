import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IDisplayOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation of the action node: its parameters and how it runs over the input items. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** Restricts properties to one resource/operation (a community-package copy of nodes-base's helper). */
export function showFor(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...property.displayOptions?.show,
			resource: [resource],
			operation: [operation],
		};
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}

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

/** Reads a resource locator's value (list, ID or URL mode), trimmed, and checks it is a numeric ID. */
export function getId(context: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!/^[0-9]+$/.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			value
				? `${label} must be a numeric CleverReach ID, not "${truncate(value)}"`
				: `${label} is required`,
			{
				itemIndex,
				description: `Parameter "${label}" of item ${itemIndex}: pick it from the list or enter its numeric ID.`,
			},
		);
	}
	return value;
}

/** Reads a required, non-empty string parameter. */
export function getRequiredString(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw !== null && typeof raw === 'object') {
		throw new NodeOperationError(context.getNode(), `${label} must be text, not an object or a list`, {
			itemIndex,
			description: `Parameter "${label}" of item ${itemIndex} resolved to ${JSON.stringify(raw).slice(0, 80)}`,
		});
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value) {
		throw new NodeOperationError(context.getNode(), `${label} is required`, {
			itemIndex,
			description: `Parameter "${label}" of item ${itemIndex} is empty.`,
		});
	}
	return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads and checks an email parameter locally, so no request is sent for a malformed address. */
export function getEmail(context: IExecuteFunctions, name: string, itemIndex: number, label = 'Email'): string {
	const email = getRequiredString(context, name, itemIndex, label);
	if (!EMAIL.test(email)) {
		throw new NodeOperationError(context.getNode(), `${label} "${truncate(email)}" is not a valid email address`, {
			itemIndex,
		});
	}
	return email;
}

export function isEmail(value: string): boolean {
	return EMAIL.test(value);
}

export function truncate(value: string, max = 60): string {
	return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Reads Return All / Limit as the number of rows wanted (undefined = all). */
export function getLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1, not ${limit}`, {
			itemIndex,
		});
	}
	return limit;
}

/** Receiver `detail` bits (docs/cleverreach-api.md §3.1): 1 events, 2 orders, 4 tags. */
export const DETAIL_BITS: Record<string, number> = { events: 1, orders: 2, tags: 4 };

/** The `detail` bitmask for the values of an Include option (`includeDetailOption`); unknown values add nothing. */
export function detailBitmask(include: string[]): number {
	return include.reduce((bits, name) => bits | (DETAIL_BITS[name] ?? 0), 0);
}

/** The rows whose `fields` contain `text` (case-insensitive); every row when `text` is empty. */
export function whereContains(rows: IDataObject[], text: unknown, fields: string[]): IDataObject[] {
	if (!text) return rows;
	const needle = String(text).toLowerCase();
	return rows.filter((row) => fields.some((field) => String(row[field] ?? '').toLowerCase().includes(needle)));
}

/** The first `limit` rows of a list read in full (Return All: `limit` undefined). */
export function takeLimit<T>(rows: T[], limit: number | undefined): T[] {
	return limit === undefined ? rows : rows.slice(0, limit);
}
