import type { IDataObject } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit } from '../../../shared/parameters';
import { takeLimit, whereContains } from '../../../shared/lists';
import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { blacklistScopeProperties, getScope, toEntry } from './blacklistScope';
import { outputProperties, readOutput } from '../../../shared/output';
import type { OutputShape } from '../../../shared/output';

/** Raw by default, as before the Output option. */
const BLACKLIST_OUTPUT: OutputShape = { simplified: ['email', 'comment', 'stamp', 'groupId'], default: 'raw' };

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'List the blacklist entries (email, comment, date) of the account or of one group',
		action: 'Get many blacklist entries',
	},
	properties: [
		...blacklistScopeProperties('Whether to list the account-wide blacklist or the blacklist of one group'),
		...returnAllOrLimit(),
		filtersCollection('Conditions the entries must meet (checked by the node on the list CleverReach returns)', [
			{
				displayName: 'Email Contains',
				name: 'emailContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. @example.com',
				description: 'Only entries whose email address contains this text (case-insensitive)',
			},
		]),
		...outputProperties(BLACKLIST_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, BLACKLIST_OUTPUT);
			const scope = getScope(this, i);
			const limit = getLimit(this, i);
			const { emailContains } = this.getNodeParameter('filters', i, {}) as IDataObject;
			let entries = asArray(
				await cleverReachApiRequest.call(this, 'GET', scope.path, {
					itemIndex: i,
					notFoundMessage: scope.notFoundMessage,
				}),
			).map(toEntry);
			entries = whereContains(entries, emailContains, ['email']);
			if (scope.groupId) entries = entries.map((e) => ({ ...e, groupId: scope.groupId }));
			return takeLimit(entries, limit).map(output.shape);
		});
	},
};
