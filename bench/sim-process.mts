/**
 * The CleverReach simulator's TLS server in its own process, so the bench process measures only the node (its
 * CPU time and heap) while the "remote" API runs on the other core, as a real server would. Started by
 * bench/lib/sim.ts with `fork()`; driven over the IPC channel (seeding, clock, request log). Plain Node 24 runs
 * this file directly (type stripping), like test/simulator/cli.ts.
 *
 * Env: BENCH_SIM_PORT (port to listen on, 127.0.0.1), BENCH_TLS_KEY / BENCH_TLS_CERT (PEM files).
 */
import { readFileSync } from 'node:fs';
import { Simulator } from '../test/simulator/api.ts';
import { startSimulatorServer } from '../test/simulator/server.ts';
import type { AddReceiversOptions } from '../test/simulator/seed.ts';
import { addReceivers } from '../test/simulator/seed.ts';

const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret';

interface SimCommand {
	id: number;
	op: string;
	args: unknown[];
}

const sim = new Simulator({ clients: { [CLIENT_ID]: CLIENT_SECRET } });
const server = await startSimulatorServer(sim, {
	port: Number(process.env.BENCH_SIM_PORT ?? 0),
	tls: { key: readFileSync(String(process.env.BENCH_TLS_KEY)), cert: readFileSync(String(process.env.BENCH_TLS_CERT)) },
});

type Handler = (...args: never[]) => unknown;
const ops: Record<string, Handler> = {
	/** A token pair that outlives the bench (no refresh requests in the counts). */
	token: () => ({
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		...sim.oauth.issueToken({ clientId: CLIENT_ID, ttl: 10 * 365 * 86400 }),
	}),
	now: () => sim.clock.now(),
	advance: (seconds: number) => sim.clock.advance(seconds),
	addReceivers: (groupId: string, n: number, opts: AddReceiversOptions) => addReceivers(sim, groupId, n, opts),
	/** Any public model method: `model('createGroup', { name })`. */
	model: (method: string, ...args: unknown[]) =>
		(sim.model as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args),
	resetLog: () => sim.resetLog(),
	/** The request log since the last reset; bodies only when asked (they can be large). */
	log: (withBodies = false) =>
		sim.log.map((e) => ({
			method: e.method,
			path: e.path,
			rawPath: e.rawPath,
			query: e.query,
			status: e.status,
			...(withBodies ? { body: e.body } : {}),
		})),
	memory: () => process.memoryUsage(),
	/** The eventhook calls (verification calls and deliveries, with their wall-clock times). */
	eventhookCalls: () => sim.eventhooks.calls,
};

process.on('message', (message: SimCommand) => {
	void (async () => {
		try {
			const handler = ops[message.op];
			if (!handler) throw new Error(`unknown op ${message.op}`);
			const result = await (handler as (...a: unknown[]) => unknown)(...message.args);
			process.send?.({ id: message.id, result: result === undefined ? null : result });
		} catch (error) {
			process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
		}
	})();
});
process.on('disconnect', () => {
	void server.close().then(() => process.exit(0));
});
process.send?.({ ready: true, port: server.port, url: server.url });
