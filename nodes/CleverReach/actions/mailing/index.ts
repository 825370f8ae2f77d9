import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';
import { create } from './create';
import { deleteMailing } from './delete';
import { get } from './get';
import { getLinks } from './getLinks';
import { getMany } from './getMany';
import { release } from './release';
import { sendPreview } from './sendPreview';
import { stop } from './stop';
import { update } from './update';

export const operations: Record<string, Operation> = {
	create,
	get,
	getMany,
	update,
	release,
	stop,
	sendPreview,
	delete: deleteMailing,
	getLinks,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mailing'] } },
		options: [
			{
				name: 'Create Draft',
				value: 'create',
				description:
					'Create a mailing (newsletter) draft with subject, sender, HTML and/or text content and target groups. Returns the draft as CleverReach stored it (with its numeric ID, without the bodies). Nothing is sent.',
				action: 'Create a mailing draft',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a mailing by its numeric ID',
				action: 'Delete a mailing',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one mailing by its numeric ID, including its state (draft, waiting, running, finished)',
				action: 'Get a mailing',
			},
			{
				name: 'Get Links',
				value: 'getLinks',
				description: 'List the links contained in a mailing (one item per link)',
				action: 'Get the links of a mailing',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List mailings, optionally only those in one state (draft, waiting, running, finished); one item per mailing with a "state" field',
				action: 'Get many mailings',
			},
			{
				name: 'Release (Send)',
				value: 'release',
				description: 'Send a draft mailing to its receivers now or at a scheduled time',
				action: 'Release a mailing',
			},
			{
				name: 'Send Preview',
				value: 'sendPreview',
				description: 'Send a test copy of a mailing to the given email addresses only',
				action: 'Send a mailing preview',
			},
			{
				name: 'Stop',
				value: 'stop',
				description: 'Stop a scheduled or running mailing',
				action: 'Stop a mailing',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change a draft mailing: name, subject, sender, content, target groups or tracking settings',
				action: 'Update a mailing',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
