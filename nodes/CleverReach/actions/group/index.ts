import type { Resource } from '../../../shared/operation';
import { clear } from './clear';
import { create } from './create';
import { deleteGroup } from './delete';
import { get } from './get';
import { getFilters } from './getFilters';
import { getMany } from './getMany';
import { getStats } from './getStats';
import { update } from './update';

export const group: Resource = {
	value: 'group',
	option: { name: 'Group', description: 'Recipient lists ("groups" in CleverReach)' },
	defaultOperation: 'getMany',
	operations: { create, get, getMany, update, delete: deleteGroup, getStats, clear, getFilters },
};
