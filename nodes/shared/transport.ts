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
 * Reading failures and the errors they end as: apiErrors.ts. Paged lists on top of this: pagination.ts.
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
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { Failure } from './apiErrors';
import {
	NOT_SENT_NETWORK_CODES,
	responseFailure,
	thrownFailure,
	toNodeApiError,
	TRANSIENT_NETWORK_CODES,
} from './apiErrors';

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

/** Lists come as arrays; an empty list may come as `null` (204) or `false`. */
export function asArray(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') return [body as IDataObject];
	return [];
}
