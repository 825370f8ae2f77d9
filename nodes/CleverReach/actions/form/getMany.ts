import type { IDataObject } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { filtersCollection, returnAllOrLimit, scopeProperties } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit, readScopeGroup } from '../../../shared/parameters';
import { takeLimit, whereContains } from '../../../shared/lists';
import { outputProperties, readOutput } from '../../../shared/output';
import { FORM_OUTPUT } from './formOutput';

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'List the sign-up forms of the account, or of one group',
		action: 'Get many forms',
	},
	properties: [
		...scopeProperties({
			name: 'scope',
			displayName: 'Scope',
			noDataExpression: true,
			options: [
				{ name: 'Account', value: 'account', description: 'All forms of the account' },
				{ name: 'Group', value: 'group', description: 'Only the forms that belong to one group' },
			],
			default: 'account',
			description: 'Whether to list all forms of the account or only those of one group',
			groupDescription:
				'The group whose forms are listed. Pick it from the list, or give its numeric group ID (not its name).',
		}),
		...returnAllOrLimit(),
		filtersCollection('Conditions the forms must meet (checked by the node on the list CleverReach returns)', [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only forms whose name contains this text (case-insensitive)',
			},
		]),
		...outputProperties(FORM_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, FORM_OUTPUT);
			const groupId = readScopeGroup(this, i, 'scope', 'account');
			const limit = getLimit(this, i);
			const { nameContains } = this.getNodeParameter('filters', i, {}) as IDataObject;
			// Both lists come unpaged, as one array.
			const forms = asArray(
				await cleverReachApiRequest.call(this, 'GET', groupId ? `/groups.json/${groupId}/forms` : '/forms.json', {
					itemIndex: i,
					notFoundMessage: groupId ? `Group ${groupId} was not found` : undefined,
				}),
			);
			return takeLimit(whereContains(forms, nameContains, ['name']), limit).map(output.shape);
		});
	},
};
