/** Real HTTP(S) adapter around `sim.handle()`; used by the CLI and by end-to-end tests. */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin.ts';
import type { SimRequest, SimResponse, Simulator } from './api.ts';

export interface ServerOptions {
	port?: number;
	host?: string;
	tls?: { key: string | Buffer; cert: string | Buffer };
	/** Also serve the `/__sim/*` admin API (the CLI turns it on). */
	admin?: boolean;
}

export interface RunningServer {
	url: string;
	port: number;
	close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startSimulatorServer(sim: Simulator, opts: ServerOptions = {}): Promise<RunningServer> {
	const host = opts.host ?? '127.0.0.1';
	const timers = new Set<NodeJS.Timeout>();

	const breakConnection = (req: IncomingMessage, fault: NonNullable<SimResponse['fault']>): void => {
		if (fault.kind === 'reset' && !fault.delayMs) {
			req.socket.destroy();
			return;
		}
		const t = setTimeout(() => {
			timers.delete(t);
			req.socket.destroy();
		}, fault.delayMs ?? 0);
		timers.add(t);
	};

	const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		try {
			const text = await readBody(req);
			const simReq: SimRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: text === '' ? undefined : text };
			const out = (opts.admin ? await handleAdmin(sim, simReq) : null) ?? (await sim.handle(simReq));
			if (out.fault) {
				breakConnection(req, out.fault);
				return;
			}
			res.writeHead(out.status, out.headers);
			res.end(out.body);
		} catch (e) {
			res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { code: 500, message: `Internal Server Error: ${e instanceof Error ? e.message : String(e)}` } }));
		}
	};
	const listener = (req: IncomingMessage, res: ServerResponse): void => {
		void onRequest(req, res);
	};

	const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}`,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const t of timers) clearTimeout(t);
				timers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
