import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { outputProperties, readOutput } from '../../../shared/output';
import { GROUP_OUTPUT } from './groupOutput';

export const get: Operation = {
	option: { name: 'Get', description: 'Get a group by ID', action: 'Get a group' },
	properties: [
		groupLocator(),
		...outputProperties(GROUP_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, GROUP_OUTPUT);
			const groupId = getId(this, 'groupId', i, 'Group');
			const group = await cleverReachApiRequest.call(this, 'GET', `/groups.json/${groupId}`, {
				itemIndex: i,
				notFoundMessage: `Group ${groupId} was not found`,
			});
			return output.shape(group);
		});
	},
};
