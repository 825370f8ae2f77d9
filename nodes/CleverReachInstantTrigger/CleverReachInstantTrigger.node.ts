import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { getGroups } from '../shared/groups';
import { EVENT_OPTIONS, WEBHOOK_PATH } from './config';
import { checkExists, create, remove } from './registration';
import { handleWebhook } from './webhook';

export class CleverReachInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverReach Instant Trigger',
		name: 'cleverReachInstantTrigger',
		icon: { light: 'file:cleverreachInstantTrigger.svg', dark: 'file:cleverreachInstantTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow within seconds when CleverReach reports receiver, form or group changes (eventhooks; n8n must be reachable from the internet)',
		defaults: { name: 'CleverReach Instant Trigger' },
		builderHint: {
			searchHint:
				'Instant (webhook) trigger: CleverReach calls n8n within seconds when receivers are created, updated, subscribed, unsubscribed or deleted, or forms and groups change. It needs a public HTTPS webhook URL (n8n WEBHOOK_URL reachable from the internet); without one, or for mailings and bounces, use the polling CleverReach Trigger. CleverReach may deliver an event again (the node drops repeats within 10 minutes, but forgets them on a restart), so make the steps after it idempotent: update receivers with CleverReach › Receiver › Create or Update without orders or number increments (safe to repeat) and check before creating drafts, adding orders or sending emails.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-cleverreach.cleverReach', relationHint: 'Acts on the receivers the trigger reports' },
				{
					nodeType: 'n8n-nodes-cleverreach.cleverReachTrigger',
					relationHint: 'Polling alternative without a public URL, also for finished mailings and bounces',
				},
			],
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		webhooks: [
			// CleverReach verifies a registration with a GET to the same URL before it answers the registration.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: WEBHOOK_PATH },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: WEBHOOK_PATH },
		],
		properties: [
			{
				displayName:
					'CleverReach calls this workflow when something happens, so n8n must be reachable from the internet (WEBHOOK_URL). Without that, and for mailings and bounces, use the polling CleverReach Trigger.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['receiver.subscribed'],
				options: EVENT_OPTIONS,
				description: 'The CleverReach events that start the workflow',
			},
			{
				displayName: 'Group Names or IDs',
				name: 'groupIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: [],
				description:
					'The groups whose receiver events start the workflow (one registration per group and event). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Fetch Receiver',
						name: 'fetchReceiver',
						type: 'boolean',
						default: true,
						description:
							'Whether to read the receiver (attributes, tags, status) from CleverReach before the workflow starts, one request per event (never for Receiver Deleted)',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getGroups } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
