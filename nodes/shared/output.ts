/**
 * The "Output" choice of Get and Get Many operations (n8n's UX guidelines for nodes used as AI tools): Simplified
 * (at most 10 fields, named in the option), Raw (what CleverReach answers) or Selected Fields. Each operation keeps
 * the default that reproduces what it returned before the option existed; operations that had a Simplify switch
 * keep it (shown with Output: Simplified) so that workflows saved with Simplify off still get the raw data.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemError } from './parameters';

export interface OutputShape {
	/** The fields Simplified returns, in order (at most 10: n8n's UX guidelines; measured in test/nodes/shared/output.test.ts). */
	simplified: readonly string[];
	/** `raw` for operations that returned the raw answer before, `simplified` for those with a Simplify switch. */
	default: 'raw' | 'simplified';
	/** The operation has the older Simplify switch (parameter `simplify`, default on). */
	legacySimplify?: boolean;
	/** Derived fields (e.g. `groupIds` of a mailing) added to a raw row before Simplified or Selected Fields pick. */
	prepare?: (row: IDataObject) => IDataObject;
}

/** Output, Fields (for Selected Fields) and, where the operation had it, the Simplify switch. */
export function outputProperties(shape: OutputShape): INodeProperties[] {
	const simplified = shape.simplified.map((f) => (f === 'id' ? 'ID' : f)).join(', ');
	const properties: INodeProperties[] = [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			// Replaced by the operation's default below (n8n's lint wants a literal here).
			default: 'raw',
			description: 'Which fields each output item has; Simplified or Selected Fields keep answers small for AI agents',
			options: [
				{ name: 'Raw', value: 'raw', description: 'Every field CleverReach returns' },
				{ name: 'Selected Fields', value: 'selected', description: 'Only the fields named in Fields' },
				{ name: 'Simplified', value: 'simplified', description: `These fields: ${simplified}` },
			],
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'string',
			default: '',
			required: true,
			placeholder: `e.g. ${shape.simplified.filter((f) => f !== 'id').slice(0, 2).join(', ')}`,
			displayOptions: { show: { output: ['selected'] } },
			description:
				'Comma-separated names of the top-level fields to return, as the raw output names them; fields an answer lacks are left out',
		},
		...(shape.legacySimplify
			? [
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean' as const,
						default: true,
						displayOptions: { show: { output: ['simplified'] } },
						description:
							'Whether to return a simplified version of the response instead of the raw data (the same as Output: Raw when off; kept for workflows saved before Output existed)',
					},
				]
			: []),
	];
	properties[0].default = shape.default;
	return properties;
}

/** What Output asks for: its mode, the fields it keeps (none for Raw) and what shapes each row. */
export interface Output {
	mode: 'raw' | 'simplified' | 'selected';
	fields: readonly string[];
	shape(row: IDataObject): IDataObject;
}

/**
 * Reads Output (and Fields, Simplify) of item `itemIndex`, before any request. Fails naming the item when Selected
 * Fields has no field.
 */
export function readOutput(context: IExecuteFunctions, itemIndex: number, shape: OutputShape): Output {
	let mode = String(context.getNodeParameter('output', itemIndex, shape.default));
	if (mode === 'simplified' && shape.legacySimplify && context.getNodeParameter('simplify', itemIndex, true) === false) {
		mode = 'raw';
	}
	if (mode === 'raw') return { mode, fields: [], shape: (row) => row };
	let fields: readonly string[] = shape.simplified;
	if (mode === 'selected') {
		fields = String(context.getNodeParameter('fields', itemIndex, ''))
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		if (!fields.length) {
			throw itemError(
				context,
				'Fields is empty: list the fields to return, separated by commas (e.g. id, name), or choose Output: Simplified or Raw',
				itemIndex,
			);
		}
	} else if (mode !== 'simplified') {
		throw itemError(context, `Output must be Simplified, Raw or Selected Fields, not "${mode}": choose one of them`, itemIndex);
	}
	// The derived fields join the raw ones, so that Selected Fields may name either.
	const prepare = shape.prepare ?? ((row: IDataObject) => row);
	return { mode: mode as Output['mode'], fields, shape: (row) => pick({ ...row, ...prepare(row) }, fields) };
}

function pick(row: IDataObject, fields: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of fields) if (key in row) out[key] = row[key];
	return out;
}
