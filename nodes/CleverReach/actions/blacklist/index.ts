import type { Resource } from '../../../shared/operation';
import { add } from './add';
import { check } from './check';
import { getMany } from './getMany';
import { remove } from './remove';

export const blacklist: Resource = {
	value: 'blacklist',
	option: { name: 'Blacklist', description: 'Email addresses that must never receive mailings' },
	defaultOperation: 'check',
	operations: { add, remove, getMany, check },
};
