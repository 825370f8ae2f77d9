/** Helpers shared by the blacklist operations: scope (account or group) and entry normalisation. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { groupLocator } from '../../../shared/descriptions';
import { getId } from '../../../shared/parameters';

/** "Account" vs "Group" plus the group picker shown for "Group". */
export function scopeProperties(purpose: string): INodeProperties[] {
	return [
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'options',
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
		},
		groupLocator({
			description:
				'The group whose blacklist is meant. Pick it from the list, or give its numeric group ID (not its name).',
			displayOptions: { show: { scope: ['group'] } },
		}),
	];
}

export interface BlacklistScope {
	groupId?: string;
	/** Path of the list, e.g. `/blacklist.json` or `/groups.json/5/blacklist`. */
	path: string;
	label: string;
	notFoundMessage?: string;
}

export function getScope(context: IExecuteFunctions, itemIndex: number): BlacklistScope {
	const scope = context.getNodeParameter('scope', itemIndex, 'account') as string;
	if (scope !== 'group') return { path: '/blacklist.json', label: 'the account blacklist' };
	const groupId = getId(context, 'groupId', itemIndex, 'Group');
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
