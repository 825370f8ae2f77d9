import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { getGroups, parseGroupIds } from '../shared/groups';
import { readState, sameState } from './cursor';
import type { TriggerConfig } from './events/common';
import { events } from './events';

export class CleverReachTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverReach Trigger',
		name: 'cleverReachTrigger',
		icon: { light: 'file:cleverreachTrigger.svg', dark: 'file:cleverreachTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when receivers subscribe, unsubscribe, bounce or change, or when a mailing finishes in CleverReach (polling)',
		defaults: { name: 'CleverReach Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cleverReachOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				default: 'newReceiver',
				options: [
					{
						name: 'Mailing Finished',
						value: 'mailingFinished',
						description: 'A mailing has been sent completely (state "finished")',
					},
					{
						name: 'New Receiver',
						value: 'newReceiver',
						description: 'A receiver was added to a watched group (or, optionally, became active)',
					},
					{
						name: 'Receiver Bounced',
						value: 'receiverBounced',
						description: "A receiver's address bounced",
					},
					{
						name: 'Receiver Unsubscribed',
						value: 'receiverUnsubscribed',
						description: 'A receiver unsubscribed or was deactivated (deleting a receiver does not count)',
					},
					{
						name: 'Receiver Updated',
						value: 'receiverUpdated',
						description: 'A receiver changed (attributes, tags, status); new receivers count too',
					},
				],
			},
			{
				displayName: 'Only Active Receivers',
				name: 'onlyActive',
				type: 'boolean',
				default: false,
				description:
					'Whether to trigger only once a receiver is active (double opt-in confirmed, or added as active) instead of as soon as it is added',
				displayOptions: { show: { event: ['newReceiver'] } },
			},
			{
				displayName: 'Groups to Watch',
				name: 'watch',
				type: 'options',
				default: 'all',
				options: [
					{
						name: 'All Groups',
						value: 'all',
						description: 'Every group of the account, including groups created later',
					},
					{ name: 'Selected Groups', value: 'selected', description: 'Only the groups chosen below' },
				],
				description: 'Which groups (recipient lists) to watch',
			},
			{
				displayName: 'Group Names or IDs',
				name: 'groupIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getGroups' },
				default: [],
				required: true,
				description:
					'The groups to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { watch: ['selected'] } },
			},
			{
				displayName: 'Include Full Details',
				name: 'includeDetails',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the tags, events and orders of each receiver to the output (attributes and global attributes are always included)',
				displayOptions: { show: { event: ['newReceiver', 'receiverBounced', 'receiverUnsubscribed', 'receiverUpdated'] } },
			},
			{
				displayName: 'Include Report',
				name: 'includeReport',
				type: 'boolean',
				default: true,
				description:
					'Whether to add the report figures (delivered, opened, clicked, bounced, unsubscribed) of each finished mailing as "report" (one extra request per mailing)',
				displayOptions: { show: { event: ['mailingFinished'] } },
			},
		],
	};

	methods = { loadOptions: { getGroups } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const eventName = this.getNodeParameter('event') as string;
		const event = events[eventName];
		if (!event) throw new NodeOperationError(this.getNode(), `Unknown event "${eventName}"`);
		const config = readConfig(this, eventName);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": recent real data; the production cursor is not touched.
			return [this.helpers.returnJsonArray(await event.sample.call(this, config))];
		}

		const staticData = this.getWorkflowStaticData('node');
		const key = event.stateKey(config);
		const state = readState(staticData[key]);
		if (!state) {
			// First activation: start from now, emit nothing.
			const start = await event.start.call(this, config);
			store(staticData, key, start);
			return null;
		}
		const { items, state: next } = await event.poll.call(this, config, state);
		// Only now, after every request succeeded, does the cursor move.
		if (!sameState(state, next) || Object.keys(staticData).some((k) => k !== key)) store(staticData, key, next);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}

function readConfig(context: IPollFunctions, eventName: string): TriggerConfig {
	const watch = context.getNodeParameter('watch', 'all') as string;
	let groups: string[] = [];
	if (watch === 'selected') {
		const { ids, bad } = parseGroupIds(context.getNodeParameter('groupIds', []));
		if (bad !== undefined) {
			throw new NodeOperationError(context.getNode(), `Groups to Watch: "${bad}" is not a numeric CleverReach group ID`);
		}
		if (!ids.length) {
			throw new NodeOperationError(context.getNode(), 'Groups to Watch: select at least one group, or watch all groups');
		}
		groups = ids;
	}
	const receiverEvent = eventName !== 'mailingFinished';
	return {
		groups,
		onlyActive: eventName === 'newReceiver' && (context.getNodeParameter('onlyActive', false) as boolean),
		includeDetails: receiverEvent && (context.getNodeParameter('includeDetails', false) as boolean),
		includeReport: !receiverEvent && (context.getNodeParameter('includeReport', true) as boolean),
	};
}

/** Stores the cursor of the current configuration and drops the cursors of other configurations. */
function store(staticData: IDataObject, key: string, state: object) {
	for (const other of Object.keys(staticData)) if (other !== key) delete staticData[other];
	staticData[key] = { ...state };
}
