/**
 * Runs the CleverReach Instant Trigger the way n8n 2.41 runs a webhook trigger (read from n8n's dist code), with
 * n8n-core's real HookContext (checkExists/create/delete) and WebhookContext (webhook()):
 *
 * - activation (`active-workflow-manager.js` addWebhooks): the workflow gets its active version first; then, per
 *   webhook of the node in description order, the route is stored (from then on it answers) and checkExists →
 *   create runs; the static data is saved once all webhooks are added. A failure removes the routes and runs
 *   `delete` on the workflow as saved (clearWebhooks), which does not know what the failed `create` wrote.
 *   (n8n 2.41's default publication service keeps this order; it runs `delete` on the workflow object instead and
 *   retries the activation up to 5 times; the real n8n of the end-to-end suite runs that path.)
 * - a production call (`live-webhooks.js`): 404 unless the route is stored and the workflow active; the workflow
 *   is loaded with its static data AS SAVED (a call during `create` does not see what `create` is writing), the
 *   body is parsed like n8n does (invalid JSON → 422 before the node), the node's webhook() runs, changed static
 *   data is saved (whole column, last writer wins), and `workflowData` starts an execution. A webhook() that throws
 *   answers 500 and still starts an (error) execution, as in n8n.
 * - deactivation (`remove` → clearWebhooks): `delete` on the workflow as saved, routes removed, then inactive.
 * - "Listen for test event" (`test-webhooks.js` needsWebhook): per webhook, the test registration is stored, then
 *   checkExists → create in mode `manual` on a workflow with empty static data, then a snapshot of that static
 *   data goes into the registration. A test call runs webhook() in mode `manual` with that snapshot as test static
 *   data; after the first execution (or `stopListening()`, n8n's timeout), `delete` runs for every test registration
 *   with its snapshot, and the test registrations are dropped.
 *
 * `handle(call)` is the HTTP entry (method, URL, headers, body): the simulator's eventhooks deliver to it
 * in-process, or a real HTTP server forwards to it (bench).
 */
import type {
	IDataObject,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookResponseData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { CleverReachInstantTrigger } from '../../nodes/CleverReachInstantTrigger/CleverReachInstantTrigger.node';
import type { EventhookAnswer, EventhookCall, EventhookTransport } from '../simulator/index.ts';
import { beforeEach } from 'vitest';
import type { CredentialStore } from './n8n';
import { additionalDataFor, core, makeNode, nodeTypes, registerNodeType, workflow } from './n8n';
import { useSimulator } from './simulator';

export const INSTANT_TYPE = 'n8n-nodes-cleverreach.cleverReachInstantTrigger';
const nodeType = new CleverReachInstantTrigger();
registerNodeType(INSTANT_TYPE, nodeType);

/** An HTTP request to n8n (any method) and its answer: the simulator's eventhook calls are such requests. */
export type HttpCall = Omit<EventhookCall, 'method'> & { method: string };
export type HttpAnswer = EventhookAnswer;

export interface Execution {
	mode: 'webhook' | 'manual';
	items: IDataObject[];
	/** Date.now() when n8n would start the execution. */
	at: number;
	/** webhook() threw (n8n starts an error execution). */
	error?: Error;
}

/** The part of Express's response the node uses. */
class Response {
	statusCode = 200;
	headers: Record<string, string> = {};
	body = '';
	finished = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}
	end(text?: string) {
		if (text !== undefined) this.body += text;
		this.finished = true;
		return this;
	}
	send(value: unknown) {
		return this.end(typeof value === 'string' ? value : JSON.stringify(value));
	}
}

const json = (status: number, value: unknown): HttpAnswer => ({
	status,
	headers: { 'content-type': 'application/json; charset=utf-8' },
	body: JSON.stringify(value),
});

interface TestRegistration {
	webhook: IWebhookData;
	staticData?: IDataObject;
}

export interface InstantRunnerOptions {
	/** n8n's public address (WEBHOOK_URL), default http://localhost:5678. */
	baseUrl?: string;
	workflowId?: string;
	webhookId?: string;
	nodeName?: string;
}

export class InstantRunner {
	/** The workflow row's `staticData` column. */
	staticDataJson = '{}';
	/** Whether the workflow has an active version. */
	active = false;
	executions: Execution[] = [];
	/** Every call handled, with its answer. */
	calls: Array<{ call: HttpCall; answer: HttpAnswer }> = [];
	readonly node: INode;
	readonly baseUrl: string;
	readonly workflowId: string;
	private live = new Map<string, IWebhookData>();
	private test = new Map<string, TestRegistration>();

	constructor(
		public parameters: INodeParameters,
		public credentials: CredentialStore,
		options: InstantRunnerOptions = {},
	) {
		this.baseUrl = (options.baseUrl ?? 'http://localhost:5678').replace(/\/$/, '');
		this.workflowId = options.workflowId ?? 'wf-instant';
		this.node = makeNode(INSTANT_TYPE, parameters, {
			name: options.nodeName ?? 'CleverReach Instant Trigger',
			webhookId: options.webhookId ?? '3f6f2a7e-6a43-4d39-9a51-6c1b0e2d7a10',
		});
	}

	/** The URL CleverReach is given (production), or the test URL. */
	url(test = false): string {
		return `${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${this.node.webhookId}/cleverreach`;
	}

	/** The node's static data as saved. */
	get nodeStaticData(): IDataObject {
		return ((JSON.parse(this.staticDataJson) as IDataObject)[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	get listening(): boolean {
		return this.test.size > 0;
	}

	private additionalData(extra: IDataObject = {}) {
		return {
			...additionalDataFor(this.credentials),
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
			...extra,
		} as ReturnType<typeof additionalDataFor>;
	}

	private workflow(staticData: IDataObject, active: boolean) {
		this.node.parameters = this.parameters;
		return new workflow.Workflow({
			id: this.workflowId,
			name: 'instant trigger test',
			nodes: [this.node],
			connections: {},
			nodeTypes,
			active,
			settings: {},
			staticData,
		});
	}

	private stored() {
		return this.workflow(JSON.parse(this.staticDataJson) as IDataObject, this.active);
	}

	private webhooks(isTest: boolean): IWebhookData[] {
		const additionalData = this.additionalData();
		return (nodeType.description.webhooks ?? []).map((description) => ({
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: `${this.node.webhookId}/${description.path}`,
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			...(isTest ? { isTest: true } : {}),
		}));
	}

	private async lifecycle(
		method: 'checkExists' | 'create' | 'delete',
		wf: InstanceType<typeof workflow.Workflow>,
		webhook: IWebhookData,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const fn = nodeType.webhookMethods[webhook.webhookDescription.name as 'default']?.[method];
		if (!fn) return undefined;
		const context = new core.HookContext(wf, this.node, webhook.workflowExecuteAdditionalData, mode, activation, webhook);
		return await fn.call(context);
	}

	private async createIfMissing(wf: InstanceType<typeof workflow.Workflow>, webhook: IWebhookData, mode: WorkflowExecuteMode, activation: WorkflowActivateMode) {
		if (!(await this.lifecycle('checkExists', wf, webhook, mode, activation))) await this.lifecycle('create', wf, webhook, mode, activation);
	}

	/** n8n's saveStaticData: only when the node changed it. */
	private save(wf: InstanceType<typeof workflow.Workflow>) {
		const data = wf.staticData as IDataObject;
		if (data.__dataChanged !== true) return;
		const { __dataChanged: _, ...rest } = data;
		this.staticDataJson = JSON.stringify(rest);
		data.__dataChanged = false;
	}

	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		this.active = true;
		const wf = this.stored();
		try {
			for (const webhook of this.webhooks(false)) {
				this.live.set(`${webhook.httpMethod} ${webhook.path}`, webhook);
				await this.createIfMissing(wf, webhook, 'trigger', activation);
			}
		} catch (error) {
			await this.clearWebhooks();
			this.active = false;
			throw error;
		}
		this.save(wf);
	}

	private async clearWebhooks() {
		const wf = this.stored();
		for (const webhook of this.webhooks(false)) await this.lifecycle('delete', wf, webhook, 'internal', 'update');
		this.save(wf);
		this.live.clear();
	}

	async deactivate(): Promise<void> {
		await this.clearWebhooks();
		this.active = false;
	}

	/** "Listen for test event". */
	async listen(): Promise<void> {
		const wf = this.workflow({}, false);
		for (const webhook of this.webhooks(true)) {
			const registration: TestRegistration = { webhook };
			this.test.set(`${webhook.httpMethod} ${webhook.path}`, registration);
			try {
				await this.createIfMissing(wf, webhook, 'manual', 'manual');
			} catch (error) {
				await this.stopListening();
				throw error;
			}
			registration.staticData = JSON.parse(JSON.stringify(wf.staticData)) as IDataObject;
		}
	}

	/** n8n's deactivateWebhooks for the test registrations (after the test event, or on the timeout). */
	async stopListening(): Promise<void> {
		const wf = this.workflow({}, false);
		for (const registration of [...this.test.values()]) {
			if (registration.staticData) wf.staticData = registration.staticData;
			await this.lifecycle('delete', wf, registration.webhook, 'internal', 'update');
		}
		this.test.clear();
	}

	async handle(call: HttpCall): Promise<HttpAnswer> {
		const answer = await this.serve(call);
		this.calls.push({ call, answer });
		return answer;
	}

	private async serve(call: HttpCall): Promise<HttpAnswer> {
		const url = new URL(call.url, this.baseUrl);
		const match = /^\/(webhook|webhook-test)\/(.+?)\/?$/.exec(url.pathname);
		const isTest = match?.[1] === 'webhook-test';
		const key = `${call.method.toUpperCase()} ${match?.[2] ?? ''}`;
		const registration = isTest ? this.test.get(key) : undefined;
		const webhook = isTest ? registration?.webhook : this.active ? this.live.get(key) : undefined;
		if (!match || !webhook) return json(404, { code: 404, message: `The requested webhook "${call.method} ${url.pathname}" is not registered.` });

		const wf = isTest ? this.workflow({}, false) : this.stored();
		if (registration?.staticData) wf.setTestStaticData(registration.staticData);
		const headers = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k.toLowerCase(), v]));
		const contentType = (headers['content-type'] ?? '').split(';')[0].trim();
		const rawBody = Buffer.from(call.body ?? '', 'utf8');
		let body: unknown;
		if (rawBody.length && contentType === 'application/json') {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				return json(422, { code: 422, message: 'Failed to parse request body' });
			}
		} else if (rawBody.length && contentType === 'text/plain') body = rawBody.toString('utf8');
		const request = { method: call.method.toUpperCase(), url: url.pathname + url.search, headers, query: Object.fromEntries(url.searchParams), params: {}, body, rawBody, contentType };
		const response = new Response();
		const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
		const context = new core.WebhookContext(wf, this.node, this.additionalData({ httpRequest: request, httpResponse: response } as never), mode, webhook, [], null);

		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook.call(context as never);
		} catch (error) {
			this.executions.push({ mode, items: [], at: Date.now(), error: error as Error });
			return json(500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
		if (!isTest) this.save(wf);
		if (result.noWebhookResponse) {
			if (!response.finished) throw new Error('webhook() returned noWebhookResponse without answering the request');
			return { status: response.statusCode, headers: response.headers, body: response.body };
		}
		if (!result.workflowData) return json(200, result.webhookResponse ?? { message: 'Webhook call received' });
		this.executions.push({ mode, items: result.workflowData[0].map((item) => item.json), at: Date.now() });
		if (isTest) await this.stopListening();
		return json(200, { message: 'Workflow was started' });
	}
}

/**
 * Sends the simulator's eventhook calls to the runners in-process, by URL (each runner answers its own webhook
 * paths); a call for no runner fails like a refused connection. Returns the list of runners, to add more later.
 */
export function connect(eventhooks: { transport: EventhookTransport }, ...runners: InstantRunner[]): InstantRunner[] {
	eventhooks.transport = async (call) => {
		const url = new URL(call.url);
		const runner = runners.find((r) => url.origin === new URL(r.baseUrl).origin && url.pathname.includes(`/${r.node.webhookId}/`));
		if (!runner) throw Object.assign(new Error(`connect ECONNREFUSED ${url.host}`), { code: 'ECONNREFUSED' });
		return await runner.handle(call);
	};
	return runners;
}

/**
 * The instant trigger tests' fixture: a simulator per test (test/harness/simulator.ts), two groups ("Newsletter",
 * "Customers") and fast redelivery (1 ms between attempts).
 */
export function useInstantFixture() {
	const fixture = { cr: useSimulator(), g1: '', g2: '' };
	beforeEach(() => {
		fixture.g1 = fixture.cr.sim.model.createGroup('Newsletter').id;
		fixture.g2 = fixture.cr.sim.model.createGroup('Customers').id;
		fixture.cr.sim.eventhooks.options.retryDelayMs = 1;
	});
	return fixture;
}
