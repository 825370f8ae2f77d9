import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../shared/utils';
import * as attribute from './attribute';
import * as blacklist from './blacklist';
import * as form from './form';
import * as group from './group';
import * as mailing from './mailing';
import * as receiver from './receiver';
import * as report from './report';

interface Resource {
	operations: Record<string, Operation>;
	description: INodeProperties[];
}

export const resources: Record<string, Resource> = {
	group,
	receiver,
	attribute,
	mailing,
	report,
	form,
	blacklist,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Attribute', value: 'attribute', description: 'Custom fields of receivers, global or per group' },
		{ name: 'Blacklist', value: 'blacklist', description: 'Email addresses that must never receive mailings' },
		{ name: 'Form', value: 'form', description: 'Sign-up forms and their double opt-in emails' },
		{ name: 'Group', value: 'group', description: 'Recipient lists ("groups" in CleverReach)' },
		{ name: 'Mailing', value: 'mailing', description: 'Newsletters: drafts, sending and links' },
		{ name: 'Receiver', value: 'receiver', description: 'Subscribers (contacts) of a group' },
		{ name: 'Report', value: 'report', description: 'Statistics of sent mailings' },
	],
	default: 'receiver',
};

/** Runs the chosen operation over all input items (resource and operation are the same for every item). */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this, items)];
}
