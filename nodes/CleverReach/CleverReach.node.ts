import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { properties, route } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class CleverReach implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverReach',
		name: 'cleverReach',
		icon: { light: 'file:cleverreach.svg', dark: 'file:cleverreach.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage CleverReach email marketing: groups (recipient lists), receivers (subscribers) with bulk import and double opt-in, attributes, mailings, reports, forms and the blacklist',
		defaults: { name: 'CleverReach' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
