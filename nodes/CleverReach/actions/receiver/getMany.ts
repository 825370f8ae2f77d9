import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { MAX_PAGE_SIZE, paginate } from '../../../shared/transport';
import { groupLocator, includeDetailOption, returnAllOrLimit, simplifyOption } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { DETAIL_BITS, detailBitmask, forEachItem, getId, getLimit, showFor } from '../../../shared/utils';
import { readDate } from '../../../shared/parameters';
import { itemError, RESOURCE, simplifyReceiver } from './common';

export const getMany: Operation = {
	description: [
		...showFor(RESOURCE, 'getMany', [
			groupLocator({
				description:
					'The group (recipient list) whose receivers to list. Pick it from the list, or give its numeric ID (not its name).',
			}),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'Active', value: 'active', description: 'Receivers who currently get mailings' },
					{ name: 'All', value: 'all', description: 'Every receiver of the group' },
					{ name: 'Bounced', value: 'bounce', description: 'Receivers whose address bounced' },
					{
						name: 'Inactive',
						value: 'inactive',
						description: 'Receivers not (yet) active: double opt-in pending or unsubscribed, not bounced',
					},
				],
				description: 'Which receivers to return, by subscription status',
			},
		]),
		...returnAllOrLimit(RESOURCE, ['getMany']),
		simplifyOption(RESOURCE, ['getMany']),
		...showFor(RESOURCE, 'getMany', [
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description: 'Conditions the receivers must all meet (evaluated by CleverReach)',
				options: [
					{
						displayName: 'Attribute Conditions',
						name: 'attributeConditions',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Condition',
						default: {},
						options: [
							{
								displayName: 'Condition',
								name: 'condition',
								values: [
									{
										displayName: 'Attribute Name',
										name: 'field',
										type: 'string',
										default: '',
										placeholder: 'e.g. firstname',
										description: 'Lower-case name of a global or group attribute',
									},
									{
										displayName: 'Operator',
										name: 'logic',
										type: 'options',
										default: 'eq',
										options: [
											{ name: 'Contains', value: 'contains' },
											{ name: 'Does Not Contain', value: 'notcontains' },
											{ name: 'Equals', value: 'eq' },
											{ name: 'Greater Than', value: 'bg' },
											{ name: 'Is Empty', value: 'isnull' },
											{ name: 'Is Not Empty', value: 'notisnull' },
											{ name: 'Less Than', value: 'sm' },
											{ name: 'Not Equals', value: 'neq' },
										],
									},
									{ displayName: 'Value', name: 'condition', type: 'string', default: '' },
								],
							},
						],
						description: 'Conditions on attribute values',
					},
					{
						displayName: 'Changed After',
						name: 'changedAfter',
						type: 'dateTime',
						default: '',
						description: 'Only receivers changed after this time (e.g. for incremental syncs)',
					},
					{
						displayName: 'Email Contains',
						name: 'emailContains',
						type: 'string',
						default: '',
						placeholder: 'e.g. @example.com',
						description: 'Only receivers whose email contains this text (case-insensitive)',
					},
					{
						displayName: 'Registered After',
						name: 'registeredAfter',
						type: 'dateTime',
						default: '',
						description: 'Only receivers who signed up after this time',
					},
					{
						displayName: 'Registered Before',
						name: 'registeredBefore',
						type: 'dateTime',
						default: '',
						description: 'Only receivers who signed up before this time',
					},
					{
						displayName: 'Source Contains',
						name: 'sourceContains',
						type: 'string',
						default: '',
						description: 'Only receivers whose source contains this text',
					},
					{
						displayName: 'Tag',
						name: 'tag',
						type: 'string',
						default: '',
						placeholder: 'e.g. vip',
						description: 'Only receivers with this tag',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					includeDetailOption({
						default: ['tags'],
						description:
							'Nested data to include with each receiver when Simplify is off (tags are always included when it is on)',
					}),
					{
						displayName: 'Sort By',
						name: 'orderBy',
						type: 'options',
						default: '',
						options: [
							{ name: 'Activated (Newest First)', value: 'activated desc' },
							{ name: 'Default (by ID)', value: '' },
							{ name: 'Email (A–Z)', value: 'email asc' },
							{ name: 'Last Changed (Newest First)', value: 'last_changed desc' },
							{ name: 'Registered (Newest First)', value: 'registered desc' },
							{ name: 'Registered (Oldest First)', value: 'registered asc' },
						],
						description: 'Order of the returned receivers',
					},
				],
			},
		]),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const status = this.getNodeParameter('status', i, 'all') as string;
			const limit = getLimit(this, i);
			const simplify = this.getNodeParameter('simplify', i, true) as boolean;
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const include = (options.include as string[] | undefined) ?? ['tags'];
			let detail = detailBitmask(include);
			if (simplify) detail |= DETAIL_BITS.tags;
			const orderBy = String(options.orderBy ?? '');
			const rules = buildRules(this, filters, i);

			const rows: IDataObject[] = [];
			if (!rules.length) {
				for await (const page of paginate.call(this, 'GET', `/groups.json/${groupId}/receivers`, {
					maxPageSize: MAX_PAGE_SIZE.receivers,
					limit,
					qs: { type: status, detail, ...(orderBy ? { order_by: orderBy } : {}) },
					itemIndex: i,
					notFoundMessage: `Group ${groupId} was not found`,
				})) {
					rows.push(...page);
				}
			} else {
				// The search endpoint has no status parameter: active/bounced become rules, inactive is filtered here.
				if (status === 'active') {
					rules.push(
						{ field: 'activated', logic: 'bg', condition: '0' },
						{ field: 'deactivated', logic: 'eq', condition: '0' },
						{ field: 'bounced', logic: 'eq', condition: '0' },
					);
				}
				if (status === 'bounce') rules.push({ field: 'bounced', logic: 'bg', condition: '0' });
				const local = status === 'inactive';
				const generator = paginate.call(this, 'POST', '/receivers/filter.json', {
					maxPageSize: MAX_PAGE_SIZE.receivers,
					limit: local ? undefined : limit,
					pageIn: 'body',
					body: { groups: [groupId], operator: 'AND', rules, detail, ...(orderBy ? { orderby: orderBy } : {}) },
					idempotent: true,
					itemIndex: i,
					notFoundMessage: `Group ${groupId} was not found`,
				});
				for await (const page of generator) {
					for (const row of page) {
						if (local && (row.active === true || Number(row.bounced) > 0)) continue;
						rows.push(row);
					}
					if (limit !== undefined && rows.length >= limit) break;
				}
				if (limit !== undefined) rows.splice(limit);
			}
			return simplify ? rows.map(simplifyReceiver) : rows;
		});
	},
};

function buildRules(context: IExecuteFunctions, filters: IDataObject, i: number): IDataObject[] {
	const rules: IDataObject[] = [];
	const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
	if (text(filters.emailContains)) rules.push({ field: 'email', logic: 'contains', condition: text(filters.emailContains) });
	if (text(filters.sourceContains)) {
		rules.push({ field: 'source', logic: 'contains', condition: text(filters.sourceContains) });
	}
	if (text(filters.tag)) rules.push({ field: 'tags', logic: 'eq', condition: text(filters.tag) });
	const time = (key: string, label: string, field: string, logic: string) => {
		const seconds = readDate(context, filters[key], label, i);
		if (seconds !== undefined) rules.push({ field, logic, condition: String(seconds) });
	};
	time('registeredAfter', 'Registered After', 'registered', 'bg');
	time('registeredBefore', 'Registered Before', 'registered', 'sm');
	time('changedAfter', 'Changed After', 'last_changed', 'bg');
	const conditions = ((filters.attributeConditions as IDataObject)?.condition ?? []) as IDataObject[];
	for (const c of conditions) {
		const field = text(c.field).toLowerCase();
		if (!field) throw itemError(context, 'Attribute Conditions: every condition needs an attribute name', i);
		rules.push({ field, logic: String(c.logic ?? 'eq'), condition: text(c.condition) });
	}
	return rules;
}
