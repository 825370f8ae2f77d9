import type { Resource } from '../../../shared/operation';
import { get } from './get';
import { getCode } from './getCode';
import { getMany } from './getMany';

export const form: Resource = {
	value: 'form',
	option: { name: 'Form', description: 'Sign-up forms and their double opt-in emails' },
	defaultOperation: 'getMany',
	operations: { get, getMany, getCode },
};
