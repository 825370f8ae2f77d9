/**
 * What a failed attempt was, read from CleverReach's answer or from the error a request threw (a `Failure`, free of
 * request details: no headers, no tokens), and the NodeApiError a request that gives up ends as: a message in user
 * terms, CleverReach's own text, the HTTP status, and for writes whether they may have been applied.
 */
import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { CleverReachContext, RequestOptions } from './transport';

/** Network error codes that mean the request may have reached CleverReach. */
export const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
/** Network error codes that mean nothing was sent. */
export const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);
/** What went wrong with one attempt, free of request details (no headers, no tokens). */
export interface Failure {
	status?: number;
	networkCode?: string;
	message: string;
	retryAfterMs?: number;
	/** Thrown inside n8n or this machine (e.g. saving a refreshed token to a busy database), not said by CleverReach. */
	local?: boolean;
}

export function responseFailure(status: number, headers: IDataObject, body: unknown): Failure {
	const apiError = errorInBody(body);
	if (status < 300 && !apiError) return { message: '' };
	// The body's error.code wins over the HTTP status (CleverReach's integration core: Http/Proxy::validateResponse).
	const bodyCode = Number(apiError?.code);
	const code = bodyCode >= 400 && bodyCode < 600 ? bodyCode : status < 300 ? 400 : status;
	return {
		status: code,
		message: apiError?.message ?? (typeof body === 'string' && body.length < 500 ? body : ''),
		retryAfterMs: retryAfter(headers),
	};
}

/** CleverReach's `{"error":{"code","message"}}`, or the OAuth `{"error","error_description"}` shape. */
function errorInBody(body: unknown): { code?: unknown; message?: string } | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const error = (body as IDataObject).error;
	if (error && typeof error === 'object') {
		const { code, message } = error as IDataObject;
		return { code, message: typeof message === 'string' ? message : undefined };
	}
	if (typeof error === 'string') {
		const description = (body as IDataObject).error_description;
		return { message: typeof description === 'string' ? `${error}: ${description}` : error };
	}
	return undefined;
}

function retryAfter(headers: IDataObject | undefined): number | undefined {
	if (!headers) return undefined;
	const header = (name: string) => {
		const value = headers[name] ?? headers[name.toLowerCase()];
		return value === undefined || value === null ? undefined : String(value);
	};
	const after = header('retry-after');
	if (after !== undefined) {
		const seconds = Number(after);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(after);
		if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
	}
	const reset = Number(header('x-ratelimit-reset'));
	if (Number.isFinite(reset) && reset > 0) {
		// Either seconds to wait or a unix timestamp.
		return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000;
	}
	return undefined;
}

export function thrownFailure(error: unknown): Failure {
	const e = error as IDataObject & {
		cause?: IDataObject;
		httpCode?: string | null;
		failure?: { cause?: string };
	};
	// n8n could not refresh the token (refresh token revoked or expired): the user must reconnect.
	if (e.failure?.cause === 'credential-invalid') return { status: 401, message: '' };
	const cause = (e.cause ?? {}) as IDataObject & { response?: IDataObject };
	const response = (cause.response ?? e.response) as
		| { status?: number; headers?: IDataObject; data?: unknown }
		| undefined;
	const status = Number(response?.status ?? e.httpCode ?? cause.status) || undefined;
	if (status) {
		const failure = responseFailure(status, response?.headers ?? {}, response?.data);
		return { ...failure, status: failure.status ?? status, message: failure.message || String(e.message ?? '') };
	}
	const networkCode = String(cause.code ?? e.code ?? '') || undefined;
	if (networkCode === 'EAUTH') {
		// client-oauth2's AuthError: the token endpoint answered 4xx while refreshing. CleverReach's own error
		// object (e.g. 429 Too Many Requests) is treated like that status (so it is retried); an OAuth error
		// (`invalid_client`: e.g. a wrong Client Secret) means the credential itself is refused.
		const body = (e.body ?? cause.body ?? {}) as IDataObject;
		const apiError = body.error && typeof body.error === 'object' ? (body.error as IDataObject) : undefined;
		const code = Number(apiError?.code);
		if (code >= 400 && code !== 401) return { status: code, message: String(apiError?.message ?? '') };
		return { status: 401, message: typeof e.message === 'string' ? e.message : '' };
	}
	const message = String(cause.message ?? e.message ?? 'unknown error');
	return networkCode ? { networkCode, message } : { message, local: true };
}

function describe(failure: Failure, options: RequestOptions, attempts: number, waitedMs: number): string {
	const said = failure.message;
	const retried = attempts > 1 ? ` (gave up after ${attempts} attempts over ${Math.round(waitedMs / 1000)} s)` : '';
	switch (failure.status) {
		case 400:
			if (/email/i.test(said)) return `CleverReach rejected the email address: ${said}`;
			return `CleverReach rejected the request: ${said || 'bad request'}`;
		case 401:
			return 'CleverReach authorization expired or was revoked: reconnect the CleverReach credential';
		case 403:
			return `CleverReach refused access (missing permission, scope or licence): ${said || 'forbidden'}`;
		case 404:
			return options.notFoundMessage
				? `${options.notFoundMessage}${said ? ` (CleverReach: ${said})` : ''}`
				: `Not found in CleverReach: ${said || 'unknown resource'}`;
		case 409:
			return `Already exists in CleverReach: ${said || 'conflict'}`;
		case 413:
			return `Too much data for one CleverReach request: ${said || 'request entity too large'}`;
		case 429:
			return `CleverReach rate limit reached${retried}: try again later or run fewer requests at once`;
		case undefined:
			if (failure.networkCode) return `Could not reach CleverReach (${networkProblem(failure.networkCode)})${retried}`;
			// n8n's client-credentials grant: CleverReach's token endpoint refused the Client ID or Client Secret.
			if (/OAuth2 access token/i.test(said)) {
				return `CleverReach issued no access token (${said.replace(/\.$/, '')}): check the credential's Client ID and Client Secret`;
			}
			return `n8n could not complete the request to CleverReach: ${said || 'unknown error'}`;
		default:
			if (failure.status >= 500) {
				return `CleverReach is unavailable (HTTP ${failure.status})${retried}${said ? `: ${said}` : ''}`;
			}
			return `CleverReach request failed (HTTP ${failure.status}): ${said || 'unknown error'}`;
	}
}

/** What the user can do about a failed request (n8n's guideline: say what happened and how to fix it). */
function howToFix(failure: Failure): string {
	switch (failure.status) {
		case 400:
			return 'Check the values of this item against what CleverReach accepts, then run it again.';
		case 401:
			return 'The access token was refused and could not be refreshed. Open the credential and click "Reconnect".';
		case 403:
			return 'Check that the CleverReach account and its OAuth app may use this function, then reconnect the credential.';
		case 404:
			return "Check the ID or email (the resource's Get Many lists them); it may have been deleted.";
		case 409:
			return 'Use Update or Create or Update for something that exists, or choose another name.';
		case 413:
			return 'Send fewer or smaller items per run, e.g. split the input.';
		case 429:
			return 'Run fewer requests at once (e.g. a Wait node between batches), then try again.';
		case undefined:
			if (failure.local && /OAuth2 access token/i.test(failure.message)) return "Check the credential's Client ID and Client Secret.";
			if (failure.local) return "Check n8n's log and database, then run it again.";
			return 'Check that n8n can reach rest.cleverreach.com, then try again.';
		default:
			return failure.status >= 500 ? 'Try again later.' : 'Check the values of this item, then run it again.';
	}
}

/** Plain words for a network error code (n8n would replace a message containing the code with its own text). */
function networkProblem(code: string): string {
	if (/TIMEDOUT|TIMEOUT/.test(code)) return 'the request timed out';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was reset';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (code === 'ECONNABORTED') return 'the connection was aborted';
	return 'network error';
}

/**
 * For a write (any method but GET): whether the failed request may still have been applied by CleverReach. A 5xx
 * (CleverReach may fail after writing), a reset or a timeout (the answer was lost) may hide an applied write; a 4xx,
 * a 429 or a connection that was never made did not apply it.
 */
function mayHaveBeenApplied(failure: Failure): boolean {
	if (failure.status !== undefined) return failure.status >= 500;
	return failure.networkCode === undefined || !NOT_SENT_NETWORK_CODES.has(failure.networkCode);
}

function withAppliedNote(message: string, idempotent: boolean): string {
	const note = idempotent
		? 'It may have been applied; running it again is safe.'
		: 'It may have been applied: check in CleverReach before running it again (it would be applied twice).';
	return `${message}${/[.!?]$/.test(message) ? '' : '.'} ${note}`;
}

export function toNodeApiError(
	context: CleverReachContext,
	failure: Failure,
	options: RequestOptions,
	attempts: number,
	waitedMs: number,
	method: IHttpRequestMethods,
	idempotent: boolean,
): NodeApiError {
	const write = method !== 'GET';
	const maybeApplied = write && mayHaveBeenApplied(failure);
	const described = describe(failure, options, attempts, waitedMs);
	const message = maybeApplied ? withAppliedNote(described, idempotent) : described;
	const said = failure.networkCode
		? `Network error code: ${failure.networkCode}.`
		: failure.local
		? `n8n reported: ${failure.message} (this did not come from CleverReach).`
		: failure.message
		? `CleverReach said: ${failure.message}.`
		: '';
	const description = `${said} ${howToFix(failure)}`.trim();
	const error = new NodeApiError(
		context.getNode(),
		{
			message: failure.message,
			...(failure.status ? { httpCode: String(failure.status) } : {}),
			// Not `code`: n8n would replace our message with its generic text for network codes.
			...(failure.networkCode ? { networkCode: failure.networkCode } : {}),
		} as JsonObject,
		{
			message,
			description,
			httpCode: failure.status ? String(failure.status) : undefined,
			itemIndex: options.itemIndex,
		},
	);
	// CleverReach's own text, and for writes whether they may have happened, for error items (items.ts errorItemJson).
	if (failure.message && !failure.local) error.context.cleverReach = failure.message;
	if (write) error.context.mayHaveBeenApplied = maybeApplied;
	return error;
}
