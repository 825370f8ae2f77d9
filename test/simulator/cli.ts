/**
 * node test/simulator/cli.ts [--port N] [--host H] [--tls-key F --tls-cert F] [--demo]
 *   [--client-id X --client-secret Y] [--access-token T --refresh-token R] [--journal FILE]
 * Prints one JSON line `{"url":...,"port":...}` when listening. Admin API under /__sim/.
 * --journal FILE keeps the account across restarts: the writes of earlier runs are replayed from FILE and new ones
 * appended to it (journal.ts); delete the file to start from the seed again.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Simulator } from './api.ts';
import { useJournal } from './journal.ts';
import { seedDemo } from './seed.ts';
import { startSimulatorServer } from './server.ts';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '0' },
		host: { type: 'string', default: '127.0.0.1' },
		'tls-key': { type: 'string' },
		'tls-cert': { type: 'string' },
		demo: { type: 'boolean', default: false },
		'client-id': { type: 'string' },
		'client-secret': { type: 'string' },
		'access-token': { type: 'string' },
		'refresh-token': { type: 'string' },
		journal: { type: 'string' },
	},
});

const sim = new Simulator({ clock: 'real' });
if (values['client-id']) {
	sim.oauth.registerClient(values['client-id'], values['client-secret'] ?? '');
	sim.oauth.defaultClientId = values['client-id'];
}
if (values['access-token'] || values['refresh-token']) {
	sim.oauth.issueToken({ access_token: values['access-token'], refresh_token: values['refresh-token'] });
}
const seed = () => (values.demo ? seedDemo(sim) : undefined);
const restored = values.journal ? await useJournal(sim, values.journal, seed) : undefined;
const demo = restored ? restored.seeded : seed();
const journal = restored && { replayed: restored.replayed, failed: restored.failed };
const tls = values['tls-key'] && values['tls-cert'] ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) } : undefined;
const server = await startSimulatorServer(sim, { port: Number(values.port), host: values.host, tls, admin: true });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, ...(demo ? { demo } : {}), ...(journal ? { journal } : {}) })}\n`);

const stop = (): void => {
	void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
