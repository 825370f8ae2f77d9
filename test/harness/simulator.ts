/**
 * One CleverReach simulator per test, reached through nock at https://rest.cleverreach.com, plus an n8n credential
 * holding a valid token for it. Usage:
 *   const cr = useSimulator();
 *   it('...', async () => { cr.sim.model...; const { items } = await cr.run({ resource, operation, ... }, [{}]); });
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, vi } from 'vitest';
import type { SimulatorOptions } from '../simulator/index.ts';
import { installNock, Simulator } from '../simulator/index.ts';
import type { RunOptions, RunResult } from './n8n';
import { CredentialStore, runNode } from './n8n';
import type { PollRunnerOptions } from './poll';
import { PollRunner } from './poll';
import { sleepListeners } from './sleeps';

export const CLIENT_ID = 'n8n-test-client';
export const CLIENT_SECRET = 'client-secret-7f3a9c';

export interface SimulatorFixture {
	sim: Simulator;
	credentials: CredentialStore;
	/** Runs the action node over `input` items (default: one empty item). */
	run(parameters: INodeParameters, input?: IDataObject[] | INodeExecutionData[], options?: RunOptions): Promise<RunResult>;
	/** A trigger as n8n runs it (see poll.ts), timed on the simulator's clock. */
	trigger(parameters: INodeParameters, options?: PollRunnerOptions): PollRunner;
}

export interface FixtureOptions extends SimulatorOptions {
	/**
	 * Backoff waits advance CleverReach's clock by the time waited (they are still not slept), so that time budgets
	 * and Retry-After are measured on one timeline.
	 */
	virtualTime?: boolean;
}

/**
 * n8n's clock follows CleverReach's: Date.now() in the node (and in n8n-core) is the simulator's time minus the
 * realism profile's clock skew, so both move together when a test advances the simulator's clock.
 */
function followSimulatorClock(sim: Simulator): () => void {
	// A real clock already is this machine's time (plus the skew).
	if (sim.clock.mode === 'real') return () => undefined;
	vi.useFakeTimers({ toFake: ['Date'] });
	const stop = sim.clock.onChange((ms) => vi.setSystemTime(ms - sim.config.realism.clockSkew * 1000));
	return () => {
		stop();
		vi.useRealTimers();
	};
}

export function useSimulator(options: FixtureOptions = {}): SimulatorFixture {
	const fixture = {} as SimulatorFixture;
	const cleanups: Array<() => void> = [];
	beforeEach(() => {
		const { virtualTime, ...simOptions } = options;
		const sim = new Simulator({ ...simOptions, clients: { [CLIENT_ID]: CLIENT_SECRET, ...simOptions.clients } });
		cleanups.push(followSimulatorClock(sim));
		if (virtualTime) sleepListeners.push((ms) => void sim.clock.advanceMs(ms));
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
		fixture.trigger = (parameters, triggerOptions = {}) =>
			new PollRunner(parameters, fixture.credentials, { clockMs: () => sim.clock.nowMs(), ...triggerOptions });
		cleanups.push(installNock(sim));
	});
	afterEach(() => {
		while (cleanups.length) cleanups.pop()!();
	});
	return fixture;
}

/** A resource-locator value as the editor stores it. */
export function rl(value: string | number, mode: 'id' | 'list' | 'url' = 'id') {
	return { __rl: true, mode, value: String(value) };
}
