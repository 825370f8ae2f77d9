/**
 * Runs the CleverReach Trigger's `poll()` the way n8n 2.41 does (docs/n8n-runtime.md §2 "Trigger runtime", §3, §4):
 * n8n-core's PollContext (real helpers, real OAuth2 request path with refresh on 401) called
 * through n8n-core's TriggersAndPollers.runPollFunction, under one of n8n's three ways of scheduling polls:
 *
 * - `memory` (the default scheduler): activation runs one poll at once, then the same in-memory Workflow object
 *   serves every tick, so ticks that overlap share its static data. Static data reaches the database only when a
 *   poll emits and at (re)activation; what an empty poll changed lives in memory until then and is lost by a
 *   restart. No poll budget (getPollBudgetMs: 5 min) and no timeout.
 * - `durable` (N8N_SCHEDULER_ENABLED): every tick builds its Workflow from the database, so an empty poll's
 *   changes are gone by the next tick; getPollBudgetMs() is 36 s and a poll still running after 45 s is abandoned
 *   (it records nothing). A poll can occasionally run twice at once (each with its own copy).
 * - `durableCursors` (plus N8N_POLLER_DURABLE_CURSORS_ENABLED): the node's static data is a snapshot of a
 *   separately stored cursor, committed together with the execution a poll emits, or on its own after an empty
 *   scheduled poll (as long as the poll did not overrun its lease) — but not after an empty activation poll.
 * Manual polls ("Fetch Test Event") run on their own copy and are never saved.
 *
 * Time: the poll's duration is measured on the simulator's clock (requests may take `requestLatencyMs`, backoff
 * waits advance it when the fixture runs with virtual time), so budgets are tested without waiting.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';
import { CleverReachTrigger } from '../../nodes/CleverReachTrigger/CleverReachTrigger.node';
import type { CredentialStore } from './n8n';
import { additionalDataFor, core, makeNode, nodeTypes, registerNodeType, workflow } from './n8n';

export const TRIGGER_TYPE = 'n8n-nodes-cleverreach.cleverReachTrigger';
registerNodeType(TRIGGER_TYPE, new CleverReachTrigger());

const NODE_NAME = 'CleverReach Trigger';
const STATIC_KEY = `node:${NODE_NAME}`;

export type Scheduler = 'memory' | 'durable' | 'durableCursors';

/** n8n 2.41's durable scheduler: poll timeout 45 s, lease 60 s → budget min(45, 60) − max(20 %, 5 s) = 36 s. */
export const DURABLE_BUDGET_MS = 36_000;
export const DURABLE_TIMEOUT_MS = 45_000;

export interface PollRunnerOptions {
	scheduler?: Scheduler;
	/** The workflow's time zone (settings.timezone). */
	timezone?: string;
	/** The clock polls are timed on (milliseconds); default: none (durations are 0). */
	clockMs?: () => number;
}

export interface PollResult {
	/** The emitted items; null when the poll returned null (n8n starts no execution) or was abandoned. */
	items: INodeExecutionData[] | null;
	/** The error the poll threw (n8n reports it as a failed execution and runs the error workflow). */
	error?: Error & { description?: string; httpCode?: string };
	/** Whether the node touched its static data (n8n only saves changed static data). */
	staticDataChanged: boolean;
	/** Duration on the harness clock (ms). */
	durationMs: number;
	/** The durable scheduler gave up on the poll (it took longer than 45 s): nothing it did counts. */
	abandoned: boolean;
	/** What getPollBudgetMs() answered. */
	budgetMs: number;
}

export class PollRunner {
	readonly scheduler: Scheduler;
	readonly triggersAndPollers = new core.TriggersAndPollers();
	/** The database: the workflow's static data as saved (JSON). */
	staticDataJson = '{}';
	/** The durable cursor table (durableCursors only): the node's cursor as committed (JSON), once migrated. */
	cursorJson: string | undefined;
	/** Every execution a poll started, in order (the emitted items). */
	executions: INodeExecutionData[][] = [];
	/** Every failed poll n8n reported (a failed execution + an error-workflow run each). */
	reportedErrors: Error[] = [];
	/** Polls in flight. */
	running = 0;
	private live: InstanceType<typeof workflow.Workflow> | undefined;
	/** The parameters the active workflow was activated with (a change is a save: n8n re-activates it). */
	private activeParameters = '';
	private options: PollRunnerOptions;

	constructor(
		public parameters: INodeParameters,
		public credentials: CredentialStore,
		options: PollRunnerOptions = {},
	) {
		this.options = options;
		this.scheduler = options.scheduler ?? 'memory';
	}

	/** The node's static data as the next poll will see it (memory: the live object; durable: the database). */
	get nodeStaticData(): IDataObject {
		if (this.scheduler === 'durableCursors' && this.cursorJson !== undefined) return JSON.parse(this.cursorJson) as IDataObject;
		if (this.scheduler === 'memory' && this.live) return JSON.parse(JSON.stringify(this.live.staticData[STATIC_KEY] ?? {})) as IDataObject;
		return ((JSON.parse(this.staticDataJson) as IDataObject)[STATIC_KEY] ?? {}) as IDataObject;
	}

	/** Size in bytes of the node's static data (serialized JSON). */
	get staticDataSize(): number {
		return Buffer.byteLength(JSON.stringify(this.nodeStaticData));
	}

	/** Whether the workflow is active in this (simulated) n8n process. */
	get active(): boolean {
		return this.live !== undefined || this.activated;
	}

	private activated = false;

	private build(active: boolean, staticDataJson: string) {
		const node = makeNode(TRIGGER_TYPE, this.parameters, { name: NODE_NAME });
		const wf = new workflow.Workflow({
			id: 'wf-trigger',
			name: 'trigger test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active,
			settings: this.options.timezone ? { timezone: this.options.timezone } : {},
			staticData: JSON.parse(staticDataJson) as IDataObject,
		});
		return { node, wf };
	}

	private now(): number {
		return this.options.clockMs?.() ?? 0;
	}

	private saveStaticData(wf: InstanceType<typeof workflow.Workflow>): void {
		// WorkflowStaticDataService.saveStaticData: only changed static data is written, the whole column.
		const data = wf.staticData as IDataObject;
		if (data.__dataChanged === true) {
			const copy = { ...data };
			delete copy.__dataChanged;
			this.staticDataJson = JSON.stringify(copy);
			data.__dataChanged = false;
		}
	}

	/**
	 * Activation ('activate', or 'init' after a restart): the poll n8n runs at once. A thrown error fails the
	 * activation (returned as `error`); items it returns are emitted. Static data is saved afterwards.
	 */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<PollResult> {
		this.activeParameters = JSON.stringify(this.parameters);
		if (this.scheduler === 'memory') {
			this.live = this.build(true, this.staticDataJson).wf;
			const result = await this.run(this.live, 'trigger', activation, true);
			if (result.error) {
				this.live = undefined;
				return result;
			}
			this.saveStaticData(this.live);
			this.activated = true;
			return result;
		}
		// Durable: the activation poll runs only when the poll job is new (not after a restart). It is a test poll:
		// its cursor is committed only if it emits; the workflow's static data is saved after the activation.
		this.activated = true;
		if (activation === 'init') return { items: null, staticDataChanged: false, durationMs: 0, abandoned: false, budgetMs: DURABLE_BUDGET_MS };
		const { wf } = this.build(true, this.staticDataJson);
		const result = await this.run(wf, 'trigger', activation, true);
		if (result.error) {
			this.activated = false;
			return result;
		}
		this.saveStaticData(wf);
		return result;
	}

	/** A restart of n8n (or a leader change): in-memory state is gone; the workflow is activated again ('init'). */
	async restart(): Promise<PollResult> {
		this.live = undefined;
		this.activated = false;
		return await this.activate('init');
	}

	/** One scheduled tick. The first tick of an inactive workflow is its activation. */
	async tick(): Promise<PollResult> {
		if (this.active && JSON.stringify(this.parameters) !== this.activeParameters) {
			// The workflow was saved with other parameters: deactivation saves its static data, then it is activated again.
			if (this.live) this.saveStaticData(this.live);
			this.live = undefined;
			this.activated = false;
			return await this.activate('update');
		}
		if (this.scheduler === 'memory') {
			if (!this.live) return await this.activate();
			return await this.run(this.live, 'trigger', 'activate', false);
		}
		if (!this.activated) return await this.activate();
		const { wf } = this.build(true, this.staticDataJson);
		return await this.run(wf, 'trigger', 'activate', false);
	}

	/** A scheduled poll (kept for the existing tests: the first one activates the workflow). */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		if (mode === 'manual') return await this.manual();
		return await this.tick();
	}

	/** "Fetch Test Event": a manual run on its own copy; nothing is saved. */
	async manual(): Promise<PollResult> {
		const source = this.scheduler === 'memory' && this.live ? JSON.stringify(this.live.staticData) : this.staticDataJson;
		const { wf } = this.build(false, source);
		return await this.run(wf, 'manual', 'manual', false);
	}

	/** A scheduled poll that must succeed; returns the emitted JSON (empty when it returned null). */
	async pollOk(): Promise<IDataObject[]> {
		const result = await this.tick();
		if (result.error) throw result.error;
		return (result.items ?? []).map((item) => item.json);
	}

	private async run(
		wf: InstanceType<typeof workflow.Workflow>,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		activationPoll: boolean,
	): Promise<PollResult> {
		const node = wf.getNode(NODE_NAME)!;
		const durable = this.scheduler !== 'memory' && mode !== 'manual';
		const budgetMs = durable ? DURABLE_BUDGET_MS : 5 * 60_000;
		// Durable cursors: the node reads and writes a snapshot of the stored cursor (migrated from static data once).
		let snapshot: IDataObject | undefined;
		let seed = '';
		if (this.scheduler === 'durableCursors' && mode !== 'manual') {
			seed = this.cursorJson ?? JSON.stringify((wf.staticData as IDataObject)[STATIC_KEY] ?? {});
			snapshot = JSON.parse(seed) as IDataObject;
		}
		const context = new core.PollContext(
			wf,
			node,
			additionalDataFor(this.credentials),
			mode,
			activation,
			undefined,
			undefined,
			undefined,
			undefined,
			snapshot ? () => snapshot! : undefined,
			durable ? () => budgetMs : undefined,
		);
		const started = this.now();
		const result: PollResult = { items: null, staticDataChanged: false, durationMs: 0, abandoned: false, budgetMs };
		this.running++;
		try {
			const output = await this.triggersAndPollers.runPollFunction(wf, node, context);
			result.items = output ? output[0] : null;
		} catch (error) {
			result.error = error as PollResult['error'];
		} finally {
			this.running--;
		}
		result.durationMs = this.now() - started;
		result.staticDataChanged = Boolean((wf.staticData as IDataObject).__dataChanged) || (snapshot !== undefined && JSON.stringify(snapshot) !== seed);
		if (mode === 'manual') return result;
		if (durable && result.durationMs > DURABLE_TIMEOUT_MS) {
			// The durable scheduler gave up on this poll: its emit and its cursor never happen.
			result.abandoned = true;
			result.items = null;
			return result;
		}
		if (result.error) {
			if (!activationPoll) this.reportedErrors.push(result.error);
			return result;
		}
		// n8n commits the cursor of a scheduled poll (with its execution, or on its own when it emits nothing), and of
		// the activation poll only with the execution it starts.
		if (snapshot !== undefined && JSON.stringify(snapshot) !== seed && (!activationPoll || result.items)) {
			this.cursorJson = JSON.stringify(snapshot);
		}
		if (result.items) {
			this.executions.push(result.items);
			// __emit: saveStaticData(workflow), fire-and-forget, before the execution runs.
			if (this.scheduler !== 'durableCursors') this.saveStaticData(wf);
		}
		return result;
	}
}
