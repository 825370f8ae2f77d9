/** Errors thrown by the model and the routes; the API turns them into `{"error":{"code","message"}}` bodies. */
const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Request Entity Too Large',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
	return REASONS[status] ?? 'Error';
}

export class SimError extends Error {
	status: number;
	detail: string;
	constructor(status: number, detail: string) {
		super(detail ? `${reasonPhrase(status)}: ${detail}` : reasonPhrase(status));
		this.status = status;
		this.detail = detail;
	}
}

/** The CleverReach error body: `{"error":{"code":404,"message":"Not Found: invalid receiver"}}`. */
export function errorBody(status: number, detail = ''): { error: { code: number; message: string } } {
	return { error: { code: status, message: detail ? `${reasonPhrase(status)}: ${detail}` : reasonPhrase(status) } };
}

export const badRequest = (detail: string): SimError => new SimError(400, detail);
export const notFound = (detail: string): SimError => new SimError(404, detail);
export const conflict = (detail: string): SimError => new SimError(409, detail);

/** RFC 6749 error from the OAuth endpoints: `{"error":"invalid_grant","error_description":"..."}`. */
export class OAuthError extends Error {
	status: number;
	code: string;
	constructor(code: string, description: string, status = 400) {
		super(description);
		this.code = code;
		this.status = status;
	}
}
