/**
 * One CleverReach simulator per test, reached through nock at https://rest.cleverreach.com, plus an n8n credential
 * holding a valid token for it. Usage:
 *   const cr = useSimulator();
 *   it('...', async () => { cr.sim.model...; const { items } = await cr.run({ resource, operation, ... }, [{}]); });
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach } from 'vitest';
import type { SimulatorOptions } from '../simulator/index.ts';
import { installNock, Simulator } from '../simulator/index.ts';
import type { RunResult } from './n8n';
import { CredentialStore, runNode } from './n8n';

export const CLIENT_ID = 'n8n-test-client';
export const CLIENT_SECRET = 'client-secret-7f3a9c';

export interface SimulatorFixture {
	sim: Simulator;
	credentials: CredentialStore;
	/** Runs the action node over `input` items (default: one empty item). */
	run(
		parameters: INodeParameters,
		input?: IDataObject[] | INodeExecutionData[],
		options?: { continueOnFail?: boolean },
	): Promise<RunResult>;
}

export function useSimulator(options: SimulatorOptions = {}): SimulatorFixture {
	const fixture = {} as SimulatorFixture;
	let uninstall: (() => void) | undefined;
	beforeEach(() => {
		const sim = new Simulator({ ...options, clients: { [CLIENT_ID]: CLIENT_SECRET, ...options.clients } });
		const token = sim.oauth.issueToken({ clientId: CLIENT_ID });
		fixture.sim = sim;
		fixture.credentials = new CredentialStore({
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			grantType: 'authorizationCode',
			oauthTokenData: { ...token, token_type: 'bearer' },
		});
		fixture.run = async (parameters, input = [{}], runOptions = {}) =>
			await runNode(parameters, input, fixture.credentials, runOptions);
		uninstall = installNock(sim);
	});
	afterEach(() => uninstall?.());
	return fixture;
}

/** A resource-locator value as the editor stores it. */
export function rl(value: string | number, mode: 'id' | 'list' | 'url' = 'id') {
	return { __rl: true, mode, value: String(value) };
}
