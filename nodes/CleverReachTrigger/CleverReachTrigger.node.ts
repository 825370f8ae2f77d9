import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { NODE_DESCRIPTION } from '../shared/descriptions';
import { getGroups, parseGroupIds } from '../shared/groups';
import { events } from './events';
import type { TriggerEvent } from './events/types';
import type { Strategy, TriggerConfig } from './strategies/types';
import { onFailure, onSuccess, unsupported } from './failures';
import { asNodeError, PollRun } from './run';
import { keepStartState, keptStartState } from './start';
import type { TriggerState } from './state';
import { MAX_SEEN, readState, seenEntry, STATE_VERSION } from './state';
import { advance } from './window';

/** The Event dropdown, built from the events (sorted by name, as n8n's lint wants). */
const EVENT_OPTIONS = Object.entries(events)
	.map(([value, { option }]) => ({ name: option.name, value, description: option.description }))
	.sort((a, b) => a.name.localeCompare(b.name));
/** The receiver events, for the options that apply to them. */
const RECEIVER_EVENTS = Object.keys(events).filter((value) => events[value].receiver);

export class CleverReachTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverReach Trigger',
		name: 'cleverReachTrigger',
		icon: { light: 'file:cleverreachTrigger.svg', dark: 'file:cleverreachTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		// The nodes panel shows this on the entry it merges with the action node (see NODE_DESCRIPTION); what the
		// trigger does is its Event dropdown, its subtitle and the builder hint.
		description: NODE_DESCRIPTION,
		builderHint: {
			searchHint:
				'Polling trigger: starts the workflow when receivers of CleverReach groups subscribe, unsubscribe, bounce or change, or when a mailing finishes. It needs no public URL, and emits each event once while the trigger node keeps its ID. Make the steps after it idempotent all the same (n8n resets a poll position when the workflow is republished with a new trigger node, and a failed run may be re-run by hand): update receivers with CleverReach › Receiver › Create or Update without orders or number increments (safe to repeat), send all items to it at once rather than looping, and check before creating drafts, adding orders or sending emails. For receiver events within seconds use the CleverReach Instant Trigger (needs a public webhook URL).',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-cleverreach.cleverReach', relationHint: 'Acts on the receivers and mailings the trigger reports' },
				{
					nodeType: 'n8n-nodes-cleverreach.cleverReachInstantTrigger',
					relationHint: 'The same receiver events within seconds, if n8n has a public webhook URL',
				},
			],
		},
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
				options: EVENT_OPTIONS,
				builderHint: {
					propertyHint:
						"One event per trigger node: use two CleverReach Trigger nodes for, say, new receivers and unsubscribes. 'mailingFinished' is the only mailing event; Groups to Watch says which groups' events count",
				},
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
				displayOptions: { show: { event: RECEIVER_EVENTS } },
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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Look-Back (Minutes)',
						name: 'lookBackMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: 5,
						description:
							'Events that become visible in CleverReach up to this long after their time are still emitted, exactly once: CleverReach\'s search can lag behind writes (by up to 2–3 minutes), and shop syncs may write a receiver\'s unsubscribe time as it was in the shop. Raise it if a sync writes older times; it costs a little more data per poll, never duplicates.',
					},
					{
						displayName: 'Max Events per Poll',
						name: 'maxEvents',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10000 },
						default: 1000,
						description: 'At most this many events start one execution; the rest follows at the next polls, in order',
					},
					{
						displayName: 'Report Failures After (Minutes)',
						name: 'reportAfterMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10080 },
						default: 30,
						description:
							'While CleverReach is unavailable or rate-limits, polls fail quietly and the next ones catch up. Only a problem lasting this long is reported (once, as a failed execution). Authorization problems and deleted groups are reported at once.',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getGroups } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const eventName = this.getNodeParameter('event') as string;
		const event = events[eventName];
		if (!event) throw new NodeOperationError(this.getNode(), `Unknown event "${eventName}"`, {
				description: 'Choose the Event again (the workflow may come from a newer version of this node).',
			});
		const config = readConfig(this, eventName);
		const run = new PollRun(this);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": recent real data; the production cursor is not touched.
			return [this.helpers.returnJsonArray(await sample(run, event, config))];
		}

		const staticData = this.getWorkflowStaticData('node');
		// n8n's default scheduler starts a tick even while the previous poll of this trigger still runs (both see the
		// same static data): such a tick does nothing at all.
		const lock = Number(staticData[LOCK]);
		if (Number.isFinite(lock) && Date.now() - lock < LOCK_MS) return null;
		staticData[LOCK] = Date.now();
		const key = stateKey(eventName, config);
		const trigger = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${key}`;
		try {
			const previous = readState(staticData[key]) ?? keptStartState(this, key);
			let state: TriggerState;
			try {
				const result = await pollOnce(run, event, config, previous);
				onSuccess(trigger);
				state = result.state;
				store(staticData, key, state);
				if (!previous) keepStartState(this, key, state);
				return result.items.length ? [this.helpers.returnJsonArray(result.items)] : null;
			} catch (error) {
				// At activation every error fails the activation: the user sees it right away.
				if (!previous) throw asNodeError(run, error);
				const { fail, report, reprobe } = onFailure(this, trigger, error, previous.fail, Date.now(), config.reportAfterMs);
				state = { ...previous, fail, ...(reprobe ? { strategy: '' } : {}) };
				store(staticData, key, state);
				if (report) throw report;
				return null;
			}
		} finally {
			delete staticData[LOCK];
		}
	}
}

/** Rows one poll reads at most (40 requests of 500). */
const MAX_READ_ROWS = 20_000;
/** Static data key of the running-poll marker (n8n's clock, ms). */
const LOCK = 'running';
/** A marker older than this is left over (a poll never runs longer than its budget). */
const LOCK_MS = 120_000;

function stateKey(eventName: string, config: TriggerConfig): string {
	const groups = config.groups.length ? config.groups.join(',') : 'all';
	return `${eventName}${eventName === 'newReceiver' && config.onlyActive ? ':active' : ''}|${groups}`;
}

/** The first strategy of the event that this CleverReach account accepts. */
async function choose(run: PollRun, event: TriggerEvent, config: TriggerConfig): Promise<Strategy> {
	for (const strategy of event.strategies(config)) {
		if (await strategy.probe(run, config)) return strategy;
	}
	throw unsupported(run.context.getNode(), `CleverReach does not accept what the ${event.noun} event needs`, {
		description: event.unsupported ?? 'None of the ways this trigger reads CleverReach is accepted by this account.',
	});
}

async function pollOnce(
	run: PollRun,
	event: TriggerEvent,
	config: TriggerConfig,
	previous: TriggerState | undefined,
): Promise<{ items: IDataObject[]; state: TriggerState }> {
	const known = previous?.strategy ? event.strategies(config).find((s) => s.name === previous.strategy) : undefined;
	const strategy = known ?? (await choose(run, event, config));
	if (!previous) return { items: [], state: await start(run, config, strategy) };
	const state: TriggerState = { ...previous, strategy: strategy.name };
	if (!known && strategy.init && state.idFloor === undefined) await strategy.init(run, config, state);
	// Reading more than one poll emits is what lets the cursor see everything after it (early events, the id floor);
	// the time budget bounds it.
	const read = await strategy.read(run, config, state, Math.max(MAX_READ_ROWS, 2 * config.maxEvents));
	const settleBefore = run.now() - config.lookBackSeconds;
	const options = { settleBefore, coveredTo: read.coveredTo, maxItems: config.maxEvents, maxSeen: MAX_SEEN };
	const moved = strategy.advance ? strategy.advance(state, read, options) : advance(state, read.candidates, options);
	const { emit, waiting, ...position } = moved;
	const next: TriggerState = { ...state, ...position };
	if (moved.partial === undefined) delete next.partial;
	// Events are due but did not fit into this poll: they follow at the next ones.
	if (waiting) next.waiting = waiting;
	else delete next.waiting;
	delete next.fail;
	const items = strategy.complete ? await strategy.complete(run, config, next, emit) : emit;
	return { items, state: next };
}

/**
 * First activation: start at CleverReach's "now" (its clock) and emit nothing. Events can still arrive within that
 * second after the activation read, with the same time as the ones that existed: so the events visible now in that
 * second (or later, with a time a client wrote ahead) are remembered as existing, and the others of that second are
 * new. With more than the memory holds, the whole second counts as existing.
 */
async function start(run: PollRun, config: TriggerConfig, strategy: Strategy): Promise<TriggerState> {
	const now = run.now();
	const state: TriggerState = { v: STATE_VERSION, strategy: strategy.name, settled: now - 1, seen: [] };
	await strategy.init?.(run, config, state);
	// A strategy with a cursor of its own (by receiver id) tells a later receiver from an existing one by its id.
	if (strategy.advance) return state;
	const read = await strategy.read(run, config, state, MAX_SEEN + 1);
	const existing = read.candidates.filter((c) => c.ts > state.settled);
	if (read.coveredTo !== 'all' || existing.length > MAX_SEEN) return { ...state, settled: now };
	return { ...state, seen: [...new Set(existing.map((c) => seenEntry(c.ts, c.key)))] };
}

async function sample(run: PollRun, event: TriggerEvent, config: TriggerConfig): Promise<IDataObject[]> {
	const strategy = await choose(run, event, config);
	const found = await strategy.sample(run, config);
	if (!found.length) {
		const where = config.groups.length ? `the watched groups (${config.groups.join(', ')})` : 'any group';
		throw new NodeOperationError(run.context.getNode(), `No ${event.noun} found in ${where} yet`, {
			description: `There is nothing to show as a test event. ${event.hint}, then click "Fetch Test Event" again. Once the workflow is active, only events after its activation trigger it.`,
		});
	}
	// The test event also says how this trigger reads CleverReach on this account.
	return found.map((item) => ({ ...item, _trigger: { strategy: strategy.name, reads: strategy.describe } }));
}

function readConfig(context: IPollFunctions, eventName: string): TriggerConfig {
	const watch = context.getNodeParameter('watch', 'all') as string;
	let groups: string[] = [];
	if (watch === 'selected') {
		const { ids, bad } = parseGroupIds(context.getNodeParameter('groupIds', []));
		if (bad !== undefined) {
			throw new NodeOperationError(context.getNode(), `Groups to Watch: "${bad}" is not a numeric CleverReach group ID`, {
			description: 'Pick the groups from the list, or give numeric group IDs separated by commas (not names).',
		});
		}
		if (!ids.length) {
			throw new NodeOperationError(context.getNode(), 'Groups to Watch: select at least one group, or watch all groups');
		}
		groups = ids;
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const number = (name: string, fallback: number, min: number, max: number) => {
		const value = options[name] === undefined || options[name] === '' ? fallback : Number(options[name]);
		if (!Number.isFinite(value) || value < min || value > max) {
			throw new NodeOperationError(
				context.getNode(),
				`Options: "${name}" must be a number from ${min} to ${max}, not ${String(options[name])}`,
				{ description: `Set it to a number from ${min} to ${max}, or remove the option.` },
			);
		}
		return value;
	};
	const receiverEvent = events[eventName].receiver;
	return {
		groups,
		onlyActive: eventName === 'newReceiver' && (context.getNodeParameter('onlyActive', false) as boolean),
		includeDetails: receiverEvent && (context.getNodeParameter('includeDetails', false) as boolean),
		includeReport: !receiverEvent && (context.getNodeParameter('includeReport', true) as boolean),
		lookBackSeconds: Math.round(number('lookBackMinutes', 5, 1, 1440) * 60),
		maxEvents: Math.floor(number('maxEvents', 1000, 1, 10_000)),
		reportAfterMs: Math.round(number('reportAfterMinutes', 30, 0, 10_080) * 60_000),
	};
}

/** Stores the state of the current configuration and drops the states of other configurations. */
function store(staticData: IDataObject, key: string, state: TriggerState) {
	for (const other of Object.keys(staticData)) if (other !== key && other !== LOCK) delete staticData[other];
	staticData[key] = { ...state };
}
