/**
 * Receiver › Get Many: the receivers of a group from the group's own list (`GET /groups.json/{id}/receivers`), which
 * is live (CleverReach's search endpoint lags behind writes by minutes, may cap pages below 5000, refuses rule fields
 * and operators no client has been seen using, and answers rows without tags and group attributes; docs
 * /cleverreach-api.md "Receiver search"). The status is CleverReach's own (`type`), filters are evaluated by the
 * node on every row, and pages are read in email order (unique in a group, so no row moves between pages when
 * CleverReach's order of equal values changes from one request to the next).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	DETAIL_BITS,
	detailBitmask,
	filtersCollection,
	groupLocator,
	includeDetailOption,
	returnAllOrLimit,
} from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { getId, getLimit, itemError, ONE_OF_HINT } from '../../../shared/parameters';
import { forEachItem } from '../../../shared/items';
import { RECEIVERS_OUTPUT } from './receiverOutput';
import { outputProperties, readOutput } from '../../../shared/output';
import { buildFilter, ORDERS } from './receiverFilters';
import { MAX_PAGE_SIZE, paginate } from '../../../shared/pagination';

/** Sort › Sort By (and, for workflows saved before Sort existed, Options › Sort By). */
const SORT_BY: INodeProperties = {
	displayName: 'Sort By',
	name: 'orderBy',
	type: 'options',
	default: '',
	options: [
		{ name: 'Activated (Newest First)', value: 'activated desc' },
		{
			name: 'Default',
			value: '',
			description:
				'CleverReach’s own order when one page is enough; by email when the node reads several pages (Return All, Limit above 5,000, filters)',
		},
		{ name: 'Email (A–Z)', value: 'email asc' },
		{ name: 'Last Changed (Newest First)', value: 'last_changed desc' },
		{ name: 'Registered (Newest First)', value: 'registered desc' },
		{ name: 'Registered (Oldest First)', value: 'registered asc' },
	],
	description:
		'Order of the returned receivers. Registered and Email are sorted by CleverReach; Activated and Last Changed by the node, which then reads the whole group first.',
};

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'List the receivers of a group, filtered by status, tag, attributes, dates',
		action: 'Get many receivers',
	},
	properties: [
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
		...returnAllOrLimit(),
		...outputProperties(RECEIVERS_OUTPUT),
		filtersCollection(
			'Conditions the receivers must all meet. They are checked by the node on the group’s current receiver list (always up to date), which it reads page by page until Limit receivers match.',
			[
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
									description:
										'Lower-case name of a global or group attribute of the group’s receivers (e.g. firstname; see Attribute › Get Many)',
								},
								{
									displayName: 'Operator',
									name: 'logic',
									type: 'options',
									default: 'eq',
									description:
										'How the receiver’s value is compared with Value: text case-insensitively, numbers as numbers, dates (YYYY-MM-DD) in calendar order',
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
								{
									displayName: 'Value',
									name: 'condition',
									type: 'string',
									default: '',
									description: 'The value to compare with (not needed for Is Empty / Is Not Empty)',
								},
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
					description: 'Only receivers whose source contains this text (case-insensitive)',
				},
				{
					displayName: 'Tag',
					name: 'tag',
					type: 'string',
					default: '',
					placeholder: 'e.g. Shop.VIP',
					description:
						'Only receivers with this tag (case-insensitive). Give the full tag (origin.tag, e.g. Shop.VIP); a tag without origin (e.g. VIP) also matches that tag under any origin.',
				},
			],
		),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'Extra data to include with each receiver',
			options: [
				includeDetailOption({
					default: ['tags'],
					description:
						'Nested data to include with each receiver with Output: Raw (Simplified always includes the tags)',
				}),
				// Sort By was here before it got its own collection: still read, and shown where a workflow set it.
				{
					...SORT_BY,
					displayName: 'Sort By (Moved to Sort)',
					displayOptions: { show: { orderBy: Object.keys(ORDERS).filter(Boolean) } },
				},
			],
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'collection',
			placeholder: 'Add Sort Rule',
			default: {},
			description: 'The order of the returned receivers',
			options: [SORT_BY],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const status = String(this.getNodeParameter('status', i, 'all'));
			if (!STATUSES.includes(status)) {
				throw itemError(this, `Status must be one of ${STATUSES.join(', ')}, not "${status}"`, i, ONE_OF_HINT);
			}
			const limit = getLimit(this, i);
			const output = readOutput(this, i, RECEIVERS_OUTPUT);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const include = (options.include as string[] | undefined) ?? ['tags'];
			const sort = this.getNodeParameter('sort', i, {}) as IDataObject;
			const orderBy = String(sort.orderBy ?? options.orderBy ?? '');
			if (!(orderBy in ORDERS)) {
				throw itemError(
					this,
					`Sort By "${orderBy}" is not one of ${Object.keys(ORDERS).filter(Boolean).join(', ')}`,
					i,
					ONE_OF_HINT,
				);
			}
			const matches = buildFilter(this, filters, i);
			const wantTags = output.fields.includes('tags') || include.includes('tags');
			let detail = detailBitmask(include);
			if (wantTags || matches?.needsTags) detail |= DETAIL_BITS.tags;

			const order = ORDERS[orderBy];
			// One page in CleverReach's order is enough: no filter, a Limit that fits one page, an order CleverReach sorts.
			const onePage = !matches && limit !== undefined && limit <= MAX_PAGE_SIZE.receivers && order.server;
			// Otherwise pages come by email (unique, so stable); an order the node sorts needs every row first.
			const stopAtLimit = onePage || !order.compare;
			const rows: IDataObject[] = [];
			for await (const page of paginate.call(this, 'GET', `/groups.json/${groupId}/receivers`, {
				maxPageSize: MAX_PAGE_SIZE.receivers,
				limit: onePage ? limit : undefined,
				qs: { type: status, detail, ...(onePage ? (orderBy ? { order_by: orderBy } : {}) : { order_by: 'email asc' }) },
				key: (row) => String(row.id ?? row.email),
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			})) {
				for (const row of page) if (!matches || matches.test(row)) rows.push(row);
				if (stopAtLimit && limit !== undefined && rows.length >= limit) break;
			}
			if (!onePage && order.compare) rows.sort(order.compare);
			const out = limit === undefined ? rows : rows.slice(0, limit);
			if (!wantTags) for (const row of out) delete row.tags;
			return out.map(output.shape);
		});
	},
};

const STATUSES = ['all', 'active', 'inactive', 'bounce'];
