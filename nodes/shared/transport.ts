/**
 * The one transport every CleverReach request goes through (action node, trigger, list searches).
 *
 * - Authentication: n8n's own OAuth2 plumbing via `httpRequestWithAuthentication` (a 401 makes n8n refresh
 *   the token with the stored refresh token, or fetch a new one for the client-credentials grant, and retry once).
 * - Errors: CleverReach's `{"error":{"code","message"}}` body (also accepted with HTTP 200) becomes a
 *   `NodeApiError` whose message says what went wrong in user terms; the HTTP status is kept in `httpCode`
 *   and CleverReach's own text in the description. Errors never carry request headers or tokens.
 *   The effective status is the body's `error.code` when it has one (as CleverReach's official integration core
 *   reads it), so a 413 given only in the body is a 413 whatever the HTTP status.
 * - Retries (see RETRY_POLICY and README "Reliability"):
 *     429 → always retried (the request was refused, nothing was applied), honouring `Retry-After`
 *           (seconds or HTTP date) and `X-RateLimit-Reset`;
 *     502/503/504, connection resets and timeouts → retried only for idempotent requests (GET, PUT, DELETE,
 *           and POSTs the caller marks idempotent, e.g. searches), because a non-idempotent request may already
 *           have been applied (a 503 with Retry-After included: CleverReach may have applied it before answering);
 *           a refused connection (nothing sent) is retried for every method;
 *     backoff: exponential with jitter, bounded by attempts and total wait. Everything else fails at once.
 *   A failed write says whether it may still have been applied (message, and `mayHaveBeenApplied` in the error's
 *   context): after a 5xx, a reset or a timeout it may; after a 4xx, a 429 or a refused connection it was not.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

/** The API host; the REST API v3 lives under /v3, the eventhook endpoints (`/hooks/eventhook`) do not. */
export const API_ORIGIN = 'https://rest.cleverreach.com';
export const BASE_URL = `${API_ORIGIN}/v3`;
export const CREDENTIAL_TYPE = 'cleverReachOAuth2Api';

export type CleverReachContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export const RETRY_POLICY = {
	/** Attempts in total, the first one included. */
	maxAttempts: 6,
	/** First backoff delay; doubles each attempt, with jitter between 50 % and 100 %. */
	baseDelayMs: 1_000,
	maxDelayMs: 30_000,
	/** Total time spent waiting between attempts for one request. */
	maxTotalWaitMs: 90_000,
	/** Per-attempt timeout. */
	timeoutMs: 120_000,
};

/** Network error codes that mean the request may have reached CleverReach. */
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
/** Network error codes that mean nothing was sent. */
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);
const TRANSIENT_STATUS = new Set([502, 503, 504]);

export interface RequestOptions {
	qs?: IDataObject;
	body?: unknown;
	/** The input item this request serves (for error messages). */
	itemIndex?: number;
	/** Overrides the method's default: GET/PUT/DELETE are idempotent, POST is not. */
	idempotent?: boolean;
	/** Message for a 404, e.g. "Group 123 was not found". CleverReach's text is still added. */
	notFoundMessage?: string;
	/** Time (Date.now() milliseconds) after which no retry is started: the caller's time budget ends then. */
	deadline?: number;
	/** Receives the response headers of the successful attempt (e.g. CleverReach's clock in `date`). */
	onHeaders?: (headers: IDataObject) => void;
	/** `root`: `path` starts at the API host instead of /v3 (the eventhook endpoints). */
	base?: 'v3' | 'root';
}

/** What went wrong with one attempt, free of request details (no headers, no tokens). */
export interface Failure {
	status?: number;
	networkCode?: string;
	message: string;
	retryAfterMs?: number;
}

/**
 * Sends one request (with retries) and returns the parsed body. Most bodies are objects; lists are arrays
 * (read them with `asArray`), some writes answer a bare `true`.
 */
export async function cleverReachApiRequest(
	this: CleverReachContext,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const idempotent = options.idempotent ?? method !== 'POST';
	const request: IHttpRequestOptions = {
		method,
		url: `${options.base === 'root' ? API_ORIGIN : BASE_URL}${path}`,
		json: true,
		returnFullResponse: true,
		// Only 401 throws, so that n8n refreshes the token; every other status is read here.
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
		timeout: RETRY_POLICY.timeoutMs,
	};
	if (options.qs && Object.keys(options.qs).length) request.qs = options.qs;
	if (options.body !== undefined) request.body = options.body as IDataObject;

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{ ...request },
			)) as { statusCode: number; headers: IDataObject; body: unknown };
			failure = responseFailure(response.statusCode, response.headers, response.body);
			// Success is a 2xx without an error object; any other answer is a failure, even with an empty body.
			if (failure.status === undefined) {
				options.onHeaders?.(response.headers ?? {});
				return normaliseBody(response.body) as IDataObject;
			}
		} catch (error) {
			failure = thrownFailure(error);
		}
		const delay = retryDelay(failure, idempotent, attempt);
		if (
			delay === undefined ||
			attempt >= RETRY_POLICY.maxAttempts ||
			waitedMs + delay > RETRY_POLICY.maxTotalWaitMs ||
			(options.deadline !== undefined && Date.now() + delay > options.deadline)
		) {
			throw toNodeApiError(this, failure, options, attempt, waitedMs, method, idempotent);
		}
		await sleep(delay);
		waitedMs += delay;
	}
}

function normaliseBody(body: unknown): unknown {
	// An empty list may come as 204 with no body.
	return body === '' || body === undefined ? null : body;
}

function responseFailure(status: number, headers: IDataObject, body: unknown): Failure {
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

function thrownFailure(error: unknown): Failure {
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
	return { networkCode, message: String(cause.message ?? e.message ?? 'unknown error') };
}

/** How long to wait before the next attempt, or undefined when the failure must not be retried. */
function retryDelay(failure: Failure, idempotent: boolean, attempt: number): number | undefined {
	const backoff = () => {
		const exponential = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
		return Math.round(exponential * (0.5 + Math.random() * 0.5));
	};
	if (failure.status === 429) return failure.retryAfterMs ?? backoff();
	if (failure.status && TRANSIENT_STATUS.has(failure.status)) {
		// Even a 503 with Retry-After may come after CleverReach applied the request: only idempotent ones repeat.
		return idempotent ? (failure.retryAfterMs ?? backoff()) : undefined;
	}
	if (failure.networkCode && NOT_SENT_NETWORK_CODES.has(failure.networkCode)) return backoff();
	if (failure.networkCode && TRANSIENT_NETWORK_CODES.has(failure.networkCode) && idempotent) return backoff();
	return undefined;
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
			return failure.networkCode
				? `Could not reach CleverReach (${networkProblem(failure.networkCode)})${retried}`
				: `CleverReach request failed: ${said || 'unknown error'}`;
		default:
			if (failure.status >= 500) {
				return `CleverReach is unavailable (HTTP ${failure.status})${retried}${said ? `: ${said}` : ''}`;
			}
			return `CleverReach request failed (HTTP ${failure.status}): ${said || 'unknown error'}`;
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

function toNodeApiError(
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
	const description = failure.networkCode
		? `Network error code: ${failure.networkCode}`
		: failure.message
		? `CleverReach said: ${failure.message}`
		: failure.status === 401
			? 'The access token was refused and could not be refreshed. Open the credential and click "Reconnect".'
			: undefined;
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
	// CleverReach's own text, and for writes whether they may have happened, for error items (utils.ts errorItemJson).
	if (failure.message) error.context.cleverReach = failure.message;
	if (write) error.context.mayHaveBeenApplied = maybeApplied;
	return error;
}

/** Page sizes the API allows (docs/cleverreach-api.md §1.6: 5000 confirmed for group lists only; reports 100). */
export const MAX_PAGE_SIZE = { receivers: 5000, reports: 100 } as const;

export interface PaginateOptions extends RequestOptions {
	/** Largest page the endpoint allows. */
	maxPageSize: number;
	/** Stop after this many items; undefined returns all. */
	limit?: number;
	/** Where `page`/`pagesize` go: query string (GET lists) or JSON body (POST searches). */
	pageIn?: 'qs' | 'body';
	/**
	 * The identity of a row (e.g. its ID): a row seen on an earlier page is not yielded again (rows can move between
	 * pages when the list changes or its order is not stable).
	 */
	key?: (row: IDataObject) => string;
}

/**
 * Streams the pages of a 0-based `page`/`pagesize` list, one request per page, until `limit` items were yielded or
 * the list ended. CleverReach may cap a page below the size asked for without saying so, so a short first page does
 * not end the list: the next page is asked for at the size the server answered (offsets stay page × pagesize), and
 * the list ends on an empty page or on a page shorter than a size the server has answered in full. A list that fits
 * in its first page therefore costs one request more. With `key`, rows already yielded are skipped.
 */
export async function* paginate(
	this: CleverReachContext,
	method: IHttpRequestMethods,
	path: string,
	options: PaginateOptions,
): AsyncGenerator<IDataObject[]> {
	const { key, maxPageSize, limit, pageIn, ...rest } = options;
	let pageSize = Math.min(maxPageSize, limit ?? maxPageSize);
	/** Whether the server has answered a full page of `pageSize` rows (so a shorter page is the end). */
	let sizeConfirmed = false;
	let remaining = limit ?? Infinity;
	const seen = key ? new Set<string>() : undefined;
	for (let page = 0; remaining > 0; page++) {
		const paging = { page, pagesize: pageSize };
		const request: RequestOptions = { ...rest };
		if (pageIn === 'body') request.body = { ...(options.body as IDataObject), ...paging };
		else request.qs = { ...options.qs, ...paging };
		const rows = asArray(await cleverReachApiRequest.call(this, method, path, request));
		const fresh = seen
			? rows.filter((row) => {
					const id = key!(row);
					if (seen.has(id)) return false;
					seen.add(id);
					return true;
				})
			: rows;
		const take = fresh.length > remaining ? fresh.slice(0, remaining) : fresh;
		if (take.length) yield take;
		remaining -= take.length;
		if (rows.length === 0) return;
		if (rows.length >= pageSize) {
			sizeConfirmed = true;
			continue;
		}
		if (sizeConfirmed) return;
		// A short first page: the end of the list, or a cap below the size asked for. The next page tells.
		pageSize = rows.length;
		sizeConfirmed = true;
	}
}

/** Collects `paginate` into one array (for callers that need all rows at once). */
export async function getAll(
	this: CleverReachContext,
	method: IHttpRequestMethods,
	path: string,
	options: PaginateOptions,
): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for await (const rows of paginate.call(this, method, path, options)) all.push(...rows);
	return all;
}

/** Lists come as arrays; an empty list may come as `null` (204) or `false`. */
export function asArray(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') return [body as IDataObject];
	return [];
}
