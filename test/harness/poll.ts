/**
 * Runs the CleverReach Trigger's `poll()` the way n8n does: n8n-core's PollContext (real helpers, real OAuth2
 * request path with refresh on 401) called through n8n-core's TriggersAndPollers.runPollFunction.
 *
 * Static data is persisted between polls like an active workflow in n8n keeps it: the Workflow object of an
 * active workflow lives across polls, so whatever a scheduled poll leaves in `workflow.staticData` is what the
 * next poll sees — even when that poll threw (so a node that moves its cursor before failing is caught here).
 * Each poll gets a fresh Workflow built from the JSON of the previous one (a JSON round trip, as saving to the
 * database does). A manual poll ("Fetch Test Event") runs on its own copy and its changes are thrown away,
 * like n8n's `if (!isManualMode ...) saveStaticDataById(...)`.
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { CleverReachTrigger } from '../../nodes/CleverReachTrigger/CleverReachTrigger.node';
import type { CredentialStore } from './n8n';
import { additionalDataFor, core, makeNode, nodeTypes, registerNodeType, workflow } from './n8n';

export const TRIGGER_TYPE = 'n8n-nodes-cleverreach.cleverReachTrigger';
registerNodeType(TRIGGER_TYPE, new CleverReachTrigger());

const NODE_NAME = 'CleverReach Trigger';

export interface PollResult {
	/** The emitted items; null when the poll returned null (n8n starts no execution). */
	items: INodeExecutionData[] | null;
	/** The error the poll threw (n8n reports it as a failed poll). */
	error?: Error & { description?: string; httpCode?: string };
	/** Whether the node touched its static data (n8n only saves changed static data). */
	staticDataChanged: boolean;
}

export class PollRunner {
	/** The persisted `workflow.staticData`, as JSON. */
	staticDataJson = '{}';
	readonly triggersAndPollers = new core.TriggersAndPollers();

	constructor(
		public parameters: INodeParameters,
		public credentials: CredentialStore,
	) {}

	/** The node's persisted static data (`node:<name>`). */
	get nodeStaticData(): IDataObject {
		return ((JSON.parse(this.staticDataJson) as IDataObject)[`node:${NODE_NAME}`] ?? {}) as IDataObject;
	}

	/** Size in bytes of the persisted static data of the node (serialized JSON). */
	get staticDataSize(): number {
		return Buffer.byteLength(JSON.stringify(this.nodeStaticData));
	}

	/** One poll: `trigger` = a scheduled poll of an active workflow, `manual` = "Fetch Test Event". */
	async poll(mode: 'trigger' | 'manual' = 'trigger', activation: WorkflowActivateMode = 'activate'): Promise<PollResult> {
		const node = makeNode(TRIGGER_TYPE, this.parameters, { name: NODE_NAME });
		const wf = new workflow.Workflow({
			id: 'wf-trigger',
			name: 'trigger test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: mode !== 'manual',
			settings: {},
			staticData: JSON.parse(this.staticDataJson) as IDataObject,
		});
		const context = new core.PollContext(
			wf,
			node,
			additionalDataFor(this.credentials),
			mode as WorkflowExecuteMode,
			activation,
		);
		const result: PollResult = { items: null, staticDataChanged: false };
		try {
			const output = await this.triggersAndPollers.runPollFunction(wf, node, context);
			result.items = output ? output[0] : null;
		} catch (error) {
			result.error = error as PollResult['error'];
		}
		result.staticDataChanged = Boolean((wf.staticData as IDataObject).__dataChanged);
		if (mode !== 'manual') this.staticDataJson = JSON.stringify(wf.staticData);
		return result;
	}

	/** A scheduled poll that must succeed; returns the emitted JSON (empty when it returned null). */
	async pollOk(): Promise<IDataObject[]> {
		const result = await this.poll();
		if (result.error) throw result.error;
		return (result.items ?? []).map((item) => item.json);
	}
}
