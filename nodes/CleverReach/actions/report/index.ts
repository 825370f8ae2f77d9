import type { Resource } from '../../../shared/operation';
import { get } from './get';
import { getLinkStats } from './getLinkStats';
import { getMany } from './getMany';
import { getReceivers } from './getReceivers';

export const report: Resource = {
	value: 'report',
	option: { name: 'Report', description: 'Statistics of sent mailings' },
	defaultOperation: 'getMany',
	operations: { get, getMany, getLinkStats, getReceivers },
};
