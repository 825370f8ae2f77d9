import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/utils';
import { showFor } from '../../../shared/utils';
import { getScope, scopeProperties } from './common';
import { forEachItem } from '../../../shared/items';
import { getEmail } from '../../../shared/parameters';

export const remove: Operation = {
	description: showFor('blacklist', 'remove', [
		...scopeProperties('Whether to remove the address from the account blacklist or from one group\'s blacklist'),
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: 'Blocked email address to allow again',
		},
	]),
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
