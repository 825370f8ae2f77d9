import type { INodeProperties } from 'n8n-workflow';

/** Optional group fields, shared by Create and Update (sorted by name, as n8n's lint wants). */
export const groupOptionalFields: INodeProperties[] = [
	{
		displayName: 'Locked',
		name: 'locked',
		type: 'boolean',
		default: false,
		description: 'Whether the group is locked against changes in the CleverReach UI',
	},
	{
		displayName: 'Receiver Info',
		name: 'receiver_info',
		type: 'string',
		default: '',
		description: 'Free text shown to receivers about this list',
	},
];
