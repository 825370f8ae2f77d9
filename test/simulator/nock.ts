/** nock adapter: every method and path on `origin` goes to `sim.handle()`. */
import nock from 'nock';
import type { Simulator, SimResponse } from './api.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** The socket-level error a client sees for a connection fault (`error.code` ECONNRESET / ETIMEDOUT). */
export function connectionError(kind: 'reset' | 'timeout'): Error & { code: string } {
	const code = kind === 'reset' ? 'ECONNRESET' : 'ETIMEDOUT';
	const err = new Error(kind === 'reset' ? 'socket hang up (simulated connection reset)' : 'connect ETIMEDOUT (simulated timeout)') as Error & {
		code: string;
		errno?: number;
		syscall?: string;
	};
	err.code = code;
	err.syscall = kind === 'reset' ? 'read' : 'connect';
	return err;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Intercepts `origin` with `persist()`; returns a function that removes the interceptors. */
export function installNock(sim: Simulator, origin = 'https://rest.cleverreach.com'): () => void {
	const scope = nock(origin).persist();
	const interceptors: ReturnType<typeof scope.intercept>[] = [];
	for (const method of METHODS) {
		const interceptor = scope.intercept(/.*/, method);
		interceptors.push(interceptor);
		interceptor.reply(async (...args: unknown[]) => {
			const request = args[0] as Request;
			const url = new URL(request.url);
			const headers: Record<string, string> = {};
			request.headers.forEach((v, k) => {
				headers[k] = v;
			});
			const text = method === 'GET' || method === 'HEAD' ? '' : await request.clone().text();
			const res: SimResponse = await sim.handle({ method, url: url.pathname + url.search, headers, body: text === '' ? undefined : text });
			if (res.fault) {
				if (res.fault.delayMs) await sleep(res.fault.delayMs);
				throw connectionError(res.fault.kind);
			}
			return [res.status, res.body, res.headers];
		});
	}
	return () => {
		scope.persist(false);
		for (const i of interceptors) nock.removeInterceptor(i);
	};
}

/** Blocks real network access except loopback (the caller decides when to use it). */
export function blockRealNetwork(): void {
	nock.disableNetConnect();
	nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}
