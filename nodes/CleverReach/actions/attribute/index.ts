import type { Resource } from '../../../shared/operation';
import { create } from './create';
import { deleteAttribute } from './delete';
import { getMany } from './getMany';
import { update } from './update';

export const attribute: Resource = {
	value: 'attribute',
	option: { name: 'Attribute', description: 'Custom fields of receivers, global or per group' },
	defaultOperation: 'getMany',
	operations: { create, getMany, update, delete: deleteAttribute },
};
