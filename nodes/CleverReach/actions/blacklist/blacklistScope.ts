/** Which blacklist an operation works on (the account's or a group's): its parameters, its path, its entries. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { scopeProperties } from '../../../shared/descriptions';
import { readScopeGroup } from '../../../shared/parameters';

/** "Account" vs "Group" plus the group picker shown for "Group". */
export function blacklistScopeProperties(purpose: string): INodeProperties[] {
	return scopeProperties({
		name: 'scope',
		displayName: 'Scope',
		noDataExpression: true,
		options: [
			{
				name: 'Account',
				value: 'account',
				description: 'The account-wide blacklist: blocked addresses get no mailing from any group',
			},
			{
				name: 'Group',
				value: 'group',
				description: "One group's own blacklist: blocked addresses get no mailing sent to that group",
			},
		],
		default: 'account',
		description: purpose,
		groupDescription:
			'The group whose blacklist is meant. Pick it from the list, or give its numeric group ID (not its name).',
	});
}

export interface BlacklistScope {
	groupId?: string;
	/** Path of the list, e.g. `/blacklist.json` or `/groups.json/5/blacklist`. */
	path: string;
	label: string;
	notFoundMessage?: string;
}

export function getScope(context: IExecuteFunctions, itemIndex: number): BlacklistScope {
	const groupId = readScopeGroup(context, itemIndex, 'scope', 'account');
	if (!groupId) return { path: '/blacklist.json', label: 'the account blacklist' };
	return {
		groupId,
		path: `/groups.json/${groupId}/blacklist`,
		label: `the blacklist of group ${groupId}`,
		notFoundMessage: `Group ${groupId} was not found`,
	};
}

/** Group blacklists may list bare email strings instead of objects; every entry becomes an object. */
export function toEntry(entry: unknown): IDataObject {
	if (typeof entry === 'string') return { email: entry };
	return (entry ?? {}) as IDataObject;
}
