/**
 * Runs our nodes the way n8n runs them: n8n-core's WorkflowExecute for the action node and n8n-core's
 * PollContext + TriggersAndPollers for the trigger. HTTP goes through n8n's own httpRequestWithAuthentication,
 * so OAuth2 signing and the 401 → refresh → retry path are n8n's code; nock (the simulator's adapter) sees the
 * real requests, refresh calls included. n8n packages are loaded with require (their ESM build does not resolve).
 */
import { createRequire } from 'node:module';
import type * as Core from 'n8n-core';
import type * as Wf from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { CleverReachOAuth2Api } from '../../credentials/CleverReachOAuth2Api.credentials';
import { CleverReach } from '../../nodes/CleverReach/CleverReach.node';

const require = createRequire(import.meta.url);
const core = require('n8n-core') as typeof Core;
const workflow = require('n8n-workflow') as typeof Wf;

export const CREDENTIAL_TYPE = 'cleverReachOAuth2Api';
const CREDENTIAL_ID = 'cred-1';

/** The nodes the harness knows, by type name. The trigger registers itself when it exists. */
const nodeTypeRegistry: Record<string, INodeType> = {
	'n8n-nodes-cleverreach.cleverReach': new CleverReach(),
};

export function registerNodeType(type: string, node: INodeType) {
	nodeTypeRegistry[type] = node;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeRegistry[type],
	getByNameAndVersion: (type) => nodeTypeRegistry[type],
	getKnownTypes: () => ({}),
} as INodeTypes;

/** Credential data as n8n stores it (clientId, clientSecret, grantType, oauthTokenData, ...). */
export type StoredCredential = ICredentialDataDecryptedObject & {
	clientId: string;
	clientSecret: string;
	grantType?: 'authorizationCode' | 'clientCredentials';
	oauthTokenData?: IDataObject;
};

/**
 * The part of n8n's CredentialsHelper a node run uses: it decrypts (here: keeps) credential data, applies the
 * credential type's defaults (our hidden fields: URLs, grant=basic, header auth) and stores refreshed tokens.
 */
export class CredentialStore extends workflow.ICredentialsHelper {
	data: StoredCredential;
	updates: IDataObject[] = [];

	constructor(data: StoredCredential) {
		super();
		this.data = data;
	}

	getParentTypes(name: string) {
		return name === CREDENTIAL_TYPE ? ['oAuth2Api'] : [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, requestOptions: unknown) {
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		const defaults: IDataObject = { ignoreSSLIssues: false };
		for (const property of new CleverReachOAuth2Api().properties) defaults[property.name] = property.default as never;
		return structuredClone({ ...defaults, ...this.data }) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(_node: unknown, _type: string, data: ICredentialDataDecryptedObject) {
		this.data = structuredClone(data) as StoredCredential;
	}

	async updateCredentialsOauthTokenData(_node: unknown, _type: string, data: ICredentialDataDecryptedObject) {
		this.data = { ...this.data, oauthTokenData: structuredClone(data.oauthTokenData) as IDataObject };
		this.updates.push(structuredClone(data.oauthTokenData) as IDataObject);
	}

	getCredentialsProperties() {
		return new CleverReachOAuth2Api().properties;
	}
}

function additionalDataFor(credentials: CredentialStore, hooks?: Core.ExecutionLifecycleHooks) {
	const data = {
		credentialsHelper: credentials,
		hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
	};
	return data as unknown as IWorkflowExecuteAdditionalData;
}

export function makeNode(type: string, parameters: INodeParameters, options: Partial<INode> = {}): INode {
	return {
		id: 'node-1',
		name: 'CleverReach',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'CleverReach account' } },
		...options,
	};
}

export interface RunResult {
	/** The node's output items (main output 0, the success output), or undefined when the node failed. */
	items?: INodeExecutionData[];
	/** With "On Error: Continue (using error output)": the items n8n routed to the error output (main output 1). */
	errorItems?: INodeExecutionData[];
	/** The error that stopped the node (without Continue On Fail). */
	error?: Wf.ExecutionBaseError & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

export interface RunOptions {
	/** Same as `onError: 'continueRegularOutput'` (n8n's older "Continue On Fail"). */
	continueOnFail?: boolean;
	/** The node's "On Error" setting. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	mode?: WorkflowExecuteMode;
	/** The workflow's time zone (Workflow settings › Timezone); the test process runs in another one. */
	timezone?: string;
}

/** Executes the action node once over `input` items, as a workflow execution in n8n does. */
export async function runNode(
	parameters: INodeParameters,
	input: IDataObject[] | INodeExecutionData[],
	credentials: CredentialStore,
	options: RunOptions = {},
): Promise<RunResult> {
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	const node = makeNode('n8n-nodes-cleverreach.cleverReach', parameters, onError ? { onError } : {});
	const wf = new workflow.Workflow({
		id: 'wf-1',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: options.timezone ? { timezone: options.timezone } : {},
	});
	const hooks = new core.ExecutionLifecycleHooks(options.mode ?? 'manual', 'exec-1', {
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveRun(run));
	const items = (input as IDataObject[]).map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as unknown as INodeExecutionData) : { json: item },
	);
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: {
			metadata: {},
			contextData: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const execute = new core.WorkflowExecute(
		additionalDataFor(credentials, hooks),
		options.mode ?? 'manual',
		runExecutionData,
	);
	try {
		await execute.processRunExecutionData(wf);
	} catch (error) {
		// n8n refuses to start a workflow whose parameters have issues (e.g. a resource locator regex).
		return { error: error as RunResult['error'], run: undefined as unknown as IRun };
	}
	const run = await finished;
	const task = run.data.resultData.runData[node.name]?.[0];
	return {
		items: task?.data?.main?.[0] ?? undefined,
		errorItems: onError === 'continueErrorOutput' ? task?.data?.main?.[1] ?? [] : undefined,
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
	};
}

export { core, workflow, nodeTypes, additionalDataFor };
