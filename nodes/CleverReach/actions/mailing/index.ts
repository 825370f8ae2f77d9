import type { Resource } from '../../../shared/operation';
import { create } from './create';
import { deleteMailing } from './delete';
import { get } from './get';
import { getLinks } from './getLinks';
import { getMany } from './getMany';
import { release } from './release';
import { sendPreview } from './sendPreview';
import { stop } from './stop';
import { update } from './update';

export const mailing: Resource = {
	value: 'mailing',
	option: { name: 'Mailing', description: 'Newsletters: drafts, sending and links' },
	defaultOperation: 'getMany',
	operations: { create, get, getMany, update, release, stop, sendPreview, delete: deleteMailing, getLinks },
};
