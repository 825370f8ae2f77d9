/**
 * Attribute values checked against the account's attribute definitions (read once per execution) before anything
 * is sent: unknown names and values of the wrong type fail the item, naming the attribute.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { itemError, truncate } from '../../../shared/parameters';
import type { AttributeValues } from './receiverInput';

type AttributeTypes = Map<string, string>;

interface Loaded {
	types?: AttributeTypes;
	/** Why the list could not be read (after the transport's retries). */
	error?: NodeApiError;
}

/**
 * Loads attribute definitions (name → type) once per execution: the global ones and those of each group.
 * A definition list that cannot be read is unknown: values named by the user are then sent unchecked (CleverReach
 * refuses bad ones), and `globalError` tells callers that must classify input fields (Map Automatically) why.
 */
export class AttributeDefinitions {
	private global?: Promise<Loaded>;
	private groups = new Map<string, Promise<Loaded>>();

	constructor(private readonly context: IExecuteFunctions) {}

	private async load(qs?: IDataObject): Promise<Loaded> {
		try {
			const list = asArray(
				await cleverReachApiRequest.call(this.context, 'GET', '/attributes.json', qs ? { qs } : {}),
			);
			return { types: new Map(list.map((a) => [String(a.name).toLowerCase(), String(a.type ?? 'text').toLowerCase()])) };
		} catch (error) {
			if (error instanceof NodeApiError) return { error };
			throw new NodeOperationError(this.context.getNode(), error as Error);
		}
	}

	async forGroup(
		groupId?: string,
	): Promise<{ global?: AttributeTypes; group?: AttributeTypes; globalError?: NodeApiError }> {
		this.global ??= this.load();
		let group: Promise<Loaded> | undefined;
		if (groupId) {
			group = this.groups.get(groupId);
			if (!group) {
				group = this.load({ group_id: groupId });
				this.groups.set(groupId, group);
			}
		}
		const global = await this.global;
		return { global: global.types, group: group ? (await group).types : undefined, globalError: global.error };
	}
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks (and normalises) attribute values against known definitions. `relative` allows `+n`/`-n` on
 * numbers (upsert increments). Throws a NodeOperationError naming the attribute.
 */
export async function checkAttributes(
	context: IExecuteFunctions,
	definitions: AttributeDefinitions,
	groupId: string | undefined,
	values: AttributeValues,
	itemIndex: number,
	relative: boolean,
): Promise<void> {
	const hasGlobal = Object.keys(values.global).length > 0;
	const hasGroup = Object.keys(values.group).length > 0;
	if (!hasGlobal && !hasGroup) return;
	const known = await definitions.forGroup(groupId);
	const check = (
		map: Record<string, string>,
		types: AttributeTypes | undefined,
		other: AttributeTypes | undefined,
		label: string,
		otherLabel: string,
	) => {
		if (!types) return;
		for (const [name, raw] of Object.entries(map)) {
			const type = types.get(name.toLowerCase());
			if (type === undefined) {
				const hint = other?.has(name.toLowerCase())
					? ` It is one of the ${otherLabel}: add it there instead.`
					: ` Known ${label}: ${[...types.keys()].join(', ') || 'none'}.`;
				throw itemError(context, `${label}: attribute "${name}" does not exist`, itemIndex, hint.trim());
			}
			map[name] = checkValue(context, name, type, raw, itemIndex, relative);
		}
	};
	check(values.global, known.global, known.group, 'global attributes', 'group attributes');
	if (hasGroup) check(values.group, known.group, known.global, 'group attributes', 'global attributes');
}

function checkValue(
	context: IExecuteFunctions,
	name: string,
	type: string,
	raw: string,
	itemIndex: number,
	relative: boolean,
): string {
	const value = raw.trim();
	if (value === '') return '';
	if (type === 'number') {
		if (!NUMBER.test(value)) {
			throw itemError(
			context,
			`Attribute "${name}" is a number attribute, but the value "${truncate(value)}" is not a number`,
			itemIndex,
			'Give a number such as 42 or 3.5, or +1 / -2 to change the stored number.',
		);
		}
		if (relative && /^[+-]/.test(value)) return value;
		return String(Number(value));
	}
	if (type === 'date') {
		let date = value;
		if (!DATE.test(date)) {
			const ms = /^\d{4}-\d{2}-\d{2}[T ]/.test(value) ? Date.parse(value) : NaN;
			if (Number.isNaN(ms)) {
				throw itemError(
					context,
					`Attribute "${name}" is a date attribute, but the value "${truncate(value)}" is not a date (use YYYY-MM-DD)`,
					itemIndex,
				);
			}
			date = value.slice(0, 10);
		}
		const m = DATE.exec(date) as RegExpExecArray;
		const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
		if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
			throw itemError(
			context,
			`Attribute "${name}" is a date attribute, but "${date}" is not a real date`,
			itemIndex,
			'Give a calendar date as YYYY-MM-DD, e.g. 2030-02-28.',
		);
		}
		return date;
	}
	return raw;
}

/** Whether a value would be read by upsertplus as an increment/decrement. */
export function isRelative(values: Record<string, string>): boolean {
	return Object.values(values).some((v) => /^[+-]/.test(v.trim()));
}
