/**
 * node test/simulator/cli.ts [--port N] [--host H] [--tls-key F --tls-cert F] [--demo]
 *   [--client-id X --client-secret Y] [--access-token T --refresh-token R]
 * Prints one JSON line `{"url":...,"port":...}` when listening. Admin API under /__sim/.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Simulator } from './api.ts';
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
const demo = values.demo ? seedDemo(sim) : undefined;
const tls = values['tls-key'] && values['tls-cert'] ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) } : undefined;
const server = await startSimulatorServer(sim, { port: Number(values.port), host: values.host, tls, admin: true });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, ...(demo ? { demo } : {}) })}\n`);

const stop = (): void => {
	void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
