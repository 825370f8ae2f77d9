/**
 * Get Bounced: CleverReach's bounce records (`GET /bounces.json`: email, category, occurences, last update, expiry,
 * bounce message; docs/cleverreach-api.md "Bounces"). They are account-level records: whether `/bounces.json` takes
 * a group filter is not known, so "One Group" keeps the records whose address is a bounced receiver of that group,
 * read from the group's own list (`type=bounce`), which also tells when the group does not exist.
 */
import type { IDataObject } from 'n8n-workflow';
import { returnAllOrLimit, scopeProperties } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit, readScopeGroup } from '../../../shared/parameters';
import { MAX_PAGE_SIZE, paginate } from '../../../shared/pagination';

const emailKey = (row: IDataObject) => String(row.email ?? '').trim().toLowerCase();

export const getBounced: Operation = {
	option: {
		name: 'Get Bounced',
		description:
			'List CleverReach’s bounce records (email, category, count, dates, bounce message) of the account or of one group’s receivers',
		action: 'Get bounce records',
	},
	properties: [
		...scopeProperties({
			name: 'bounceScope',
			displayName: 'Bounced In',
			options: [
				{ name: 'Whole Account', value: 'account', description: 'Every bounce record of the account' },
				{
					name: 'One Group',
					value: 'group',
					description: 'Only the records whose address is a bounced receiver of one group (checked against the group)',
				},
			],
			default: 'account',
			description:
				'Whether to list the bounce records of the whole account or only those of the bounced receivers of one group',
			groupDescription:
				'The group whose bounced receivers to list: pick it from the list, or give its numeric group ID (list groups first with Group › Get Many)',
		}),
		...returnAllOrLimit(),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const limit = getLimit(this, i);
			const groupId = readScopeGroup(this, i, 'bounceScope', 'account');
			let members: Map<string, IDataObject> | undefined;
			if (groupId) {
				members = new Map();
				for await (const page of paginate.call(this, 'GET', `/groups.json/${groupId}/receivers`, {
					maxPageSize: MAX_PAGE_SIZE.receivers,
					qs: { type: 'bounce', detail: 0, order_by: 'email asc' },
					key: emailKey,
					itemIndex: i,
					notFoundMessage: `Group ${groupId} was not found`,
				})) {
					for (const row of page) members.set(emailKey(row), row);
				}
				if (!members.size) return [];
			}
			const records: IDataObject[] = [];
			for await (const page of paginate.call(this, 'GET', '/bounces.json', {
				maxPageSize: MAX_PAGE_SIZE.receivers,
				limit: members ? undefined : limit,
				key: emailKey,
				itemIndex: i,
			})) {
				for (const record of page) {
					const member = members?.get(emailKey(record));
					if (members && !member) continue;
					records.push(member ? { ...record, groupId, receiverId: member.id } : record);
				}
				if (limit !== undefined && records.length >= limit) break;
			}
			return limit === undefined ? records : records.slice(0, limit);
		});
	},
};
