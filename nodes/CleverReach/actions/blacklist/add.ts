import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getEmail } from '../../../shared/parameters';
import { blacklistScopeProperties, getScope, toEntry } from './blacklistScope';
import { emailProperty } from '../../../shared/descriptions';

export const add: Operation = {
	option: {
		name: 'Add',
		description:
			'Block an email address account-wide or for one group, with a comment; returns the blacklist entry',
		action: 'Add an email to the blacklist',
	},
	properties: [
		...blacklistScopeProperties('Whether to block the address for the whole account or only for one group'),
		emailProperty(
			'Email address to block. It is checked locally; a malformed address is rejected before any request.',
		),
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			default: '',
			placeholder: 'e.g. Asked by phone not to be contacted',
			description: 'Why the address is blocked (shown in CleverReach)',
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = getScope(this, i);
			const email = getEmail(this, 'email', i);
			const comment = String(this.getNodeParameter('comment', i, '') ?? '').trim();
			const body: IDataObject = { email, comment };
			const result = await cleverReachApiRequest.call(this, 'POST', scope.path, {
				body,
				itemIndex: i,
				notFoundMessage: scope.notFoundMessage,
			});
			// The answer is the entry; fall back to what was sent when CleverReach only answers `true`.
			const entry = result && typeof result === 'object' && !Array.isArray(result) ? toEntry(result) : { email, comment };
			return { ...entry, ...(scope.groupId ? { groupId: scope.groupId } : {}) };
		});
	},
};
