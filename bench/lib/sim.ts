/** The bench's handle on the simulator process (bench/sim-process.mts): start, commands over IPC, stop. */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoggedRequest {
	method: string;
	path: string;
	rawPath: string;
	query: Record<string, string>;
	status: number;
	body?: unknown;
}

export interface BenchToken {
	clientId: string;
	clientSecret: string;
	access_token: string;
	refresh_token?: string;
	expires_in: number;
}

interface Reply {
	id?: number;
	result?: unknown;
	error?: string;
	ready?: boolean;
	port?: number;
}

export class SimProcess {
	private nextId = 1;
	private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
	) {
		child.on('message', (reply: Reply) => {
			if (reply.id === undefined) return;
			const waiter = this.pending.get(reply.id);
			this.pending.delete(reply.id);
			if (reply.error !== undefined) waiter?.reject(new Error(`simulator: ${reply.error}`));
			else waiter?.resolve(reply.result);
		});
	}

	/** Starts the simulator's TLS server on BENCH_SIM_PORT (the port the preload redirects rest.cleverreach.com to). */
	static async start(): Promise<SimProcess> {
		const script = fileURLToPath(new URL('../sim-process.mts', import.meta.url));
		const child = fork(script, [], {
			execPath: process.execPath,
			execArgv: [],
			// The simulator needs neither the preload nor the test CA; it is the server.
			env: { ...process.env, NODE_OPTIONS: '' },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const port = await new Promise<number>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code) => reject(new Error(`simulator process exited early (code ${code})`)));
			child.on('message', (m: Reply) => {
				if (m.ready) resolve(Number(m.port));
			});
		});
		child.removeAllListeners('exit');
		return new SimProcess(child, port);
	}

	call<T = unknown>(op: string, ...args: unknown[]): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.child.send({ id, op, args });
		});
	}

	model<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
		return this.call<T>('model', method, ...args);
	}

	/** The requests the simulator received since the last `resetLog()`. */
	requests(withBodies = false): Promise<LoggedRequest[]> {
		return this.call<LoggedRequest[]>('log', withBodies);
	}

	resetLog(): Promise<void> {
		return this.call('resetLog');
	}

	async stop(): Promise<void> {
		if (!this.child.connected) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.disconnect();
		await exited;
	}
}
