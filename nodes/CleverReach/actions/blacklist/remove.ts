import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getEmail } from '../../../shared/parameters';
import { blacklistScopeProperties, getScope } from './blacklistScope';
import { emailProperty } from '../../../shared/descriptions';

export const remove: Operation = {
	option: {
		name: 'Remove',
		description: 'Remove an email address from the account blacklist or a group blacklist',
		action: 'Remove an email from the blacklist',
	},
	properties: [
		...blacklistScopeProperties('Whether to remove the address from the account blacklist or from one group\'s blacklist'),
		emailProperty('Blocked email address to allow again'),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = getScope(this, i);
			const email = getEmail(this, 'email', i);
			await cleverReachApiRequest.call(this, 'DELETE', `${scope.path}/${encodeURIComponent(email)}`, {
				itemIndex: i,
				notFoundMessage: `${email} is not on ${scope.label}${scope.groupId ? ' (or the group does not exist)' : ''}`,
			});
			return { removed: true, email, ...(scope.groupId ? { groupId: scope.groupId } : {}) };
		});
	},
};
