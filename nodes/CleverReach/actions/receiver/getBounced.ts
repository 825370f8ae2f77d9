import { getAll, MAX_PAGE_SIZE } from '../../../shared/transport';
import { groupLocator, returnAllOrLimit } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { forEachItem, getId, getLimit, showFor } from '../../../shared/utils';
import { RESOURCE } from './common';

export const getBounced: Operation = {
	description: [
		...showFor(RESOURCE, 'getBounced', [
			{
				displayName: 'Bounced In',
				name: 'bounceScope',
				type: 'options',
				default: 'account',
				options: [
					{ name: 'Whole Account', value: 'account', description: 'Bounced receivers of every group' },
					{ name: 'One Group', value: 'group', description: 'Bounced receivers of one group' },
				],
				description: 'Whether to list the bounced receivers of the whole account or of one group',
			},
			groupLocator({ displayOptions: { show: { bounceScope: ['group'] } } }),
		]),
		...returnAllOrLimit(RESOURCE, ['getBounced']),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = this.getNodeParameter('bounceScope', i, 'account') as string;
			const limit = getLimit(this, i);
			const groupId = scope === 'group' ? getId(this, 'groupId', i, 'Group') : undefined;
			return await getAll.call(this, 'GET', '/bounces.json', {
				maxPageSize: MAX_PAGE_SIZE.receivers,
				limit,
				qs: groupId ? { group_id: groupId } : {},
				itemIndex: i,
				notFoundMessage: groupId ? `Group ${groupId} was not found` : undefined,
			});
		});
	},
};
