import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { properties, route } from './actions/router';
import { listSearch, loadOptions } from './methods';
import { NODE_DESCRIPTION } from '../shared/descriptions';

export class CleverReach implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverReach',
		name: 'cleverReach',
		icon: { light: 'file:cleverreach.svg', dark: 'file:cleverreach.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: NODE_DESCRIPTION,
		defaults: { name: 'CleverReach' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'CleverReach is a European email-marketing service. Groups are its recipient lists, receivers the subscribers (contacts) of a group, mailings its newsletters (drafts until released), attributes custom receiver fields, and the blacklist addresses never mailed. To add or update many receivers, send all items to one Receiver › Create or Update (it writes batches of up to 1,000 per request, matches receivers by email and is safe to repeat) instead of a loop or Split In Batches with one call per receiver. Steps after a CleverReach trigger must be idempotent, because a run may be repeated (a republished workflow, a failed run re-run by hand): Create or Update without orders or number increments, Update, Get and Delete are safe to repeat; Create Draft, Release, Send Preview, Send Double Opt-In and Add Order are not (check with a Get first). IDs are numeric CleverReach IDs (list them with Group, Mailing or Form › Get Many; never pass a name as an ID); a receiver may also be given by email. Get and Get Many offer Output Simplified (at most 10 fields), which keeps answers small for agents. Use Inactive + Send Double Opt-In Email for sign-ups without proven consent.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-cleverreach.cleverReachTrigger',
					relationHint: 'Starts a workflow when receivers subscribe, unsubscribe, bounce or change, or a mailing finishes (polling)',
				},
				{
					nodeType: 'n8n-nodes-cleverreach.cleverReachInstantTrigger',
					relationHint: 'Starts a workflow within seconds on receiver, form or group changes (needs a public webhook URL)',
				},
			],
		},
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
