/** OAuth 2 for the simulator: clients, authorization codes, rotating refresh tokens, access tokens on the sim clock. */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { SimConfig } from './config.ts';
import { OAuthError } from './errors.ts';

export interface TokenPair {
	access_token: string;
	refresh_token?: string;
	expires_in: number;
}

interface AccessToken {
	clientId: string;
	expiresAt: number;
	refresh?: string;
}

interface RefreshToken {
	clientId: string;
	expiresAt: number;
}

interface AuthCode {
	clientId: string;
	redirectUri: string;
	expiresAt: number;
}

export type TokenCheck = 'ok' | 'expired' | 'unknown';

function b64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
	const m = /^Basic\s+(.+)$/i.exec(header ?? '');
	if (!m) return undefined;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i < 0) return undefined;
	return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

export class OAuth {
	clock: Clock;
	config: SimConfig;
	/** client_id → client_secret */
	clients = new Map<string, string>();
	/** Every code issued by /oauth/authorize.php, in order (tests read the last one). */
	issuedCodes: Array<{ code: string; clientId: string; redirectUri: string; state: string }> = [];
	private codes = new Map<string, AuthCode>();
	private access = new Map<string, AccessToken>();
	private refresh = new Map<string, RefreshToken>();
	/** Client id used by `issueToken` when none is given. */
	defaultClientId = 'sim-client';

	constructor(clock: Clock, config: SimConfig) {
		this.clock = clock;
		this.config = config;
	}

	registerClient(id: string, secret: string): void {
		this.clients.set(id, secret);
	}

	private randomToken(clientId: string, ttl: number): string {
		const now = this.clock.now();
		const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
		const payload = b64url(JSON.stringify({ client_id: clientId, iat: now, exp: now + ttl, jti: randomBytes(9).toString('hex') }));
		return `${header}.${payload}.${b64url(randomBytes(24))}`;
	}

	/** Creates tokens directly (tests that start with a token). `access_token`/`refresh_token` may be fixed values. */
	issueToken(opts: { refresh?: boolean; clientId?: string; access_token?: string; refresh_token?: string; ttl?: number } = {}): TokenPair {
		const clientId = opts.clientId ?? this.defaultClientId;
		const ttl = opts.ttl ?? this.config.accessTokenTtl;
		const now = this.clock.now();
		const withRefresh = opts.refresh !== false || opts.refresh_token !== undefined;
		const refresh = withRefresh ? opts.refresh_token ?? randomBytes(24).toString('hex') : undefined;
		const access = opts.access_token ?? this.randomToken(clientId, ttl);
		this.access.set(access, { clientId, expiresAt: now + ttl, refresh });
		if (refresh) {
			const rttl = this.config.refreshTokenTtl;
			this.refresh.set(refresh, { clientId, expiresAt: rttl > 0 ? now + rttl : Number.POSITIVE_INFINITY });
		}
		return refresh ? { access_token: access, refresh_token: refresh, expires_in: ttl } : { access_token: access, expires_in: ttl };
	}

	/** Makes every access token expired (refresh tokens stay valid). */
	expireAccessTokens(): void {
		const past = this.clock.now() - 1;
		for (const t of this.access.values()) t.expiresAt = Math.min(t.expiresAt, past);
	}

	revokeRefreshTokens(): void {
		this.refresh.clear();
	}

	revoke(token: string): void {
		this.access.delete(token);
	}

	check(token: string | undefined): TokenCheck {
		const t = token ? this.access.get(token) : undefined;
		if (!t) return 'unknown';
		return t.expiresAt > this.clock.now() ? 'ok' : 'expired';
	}

	ttl(token: string): number {
		const t = this.access.get(token);
		return t ? Math.max(0, t.expiresAt - this.clock.now()) : 0;
	}

	expiresAt(token: string): number {
		return this.access.get(token)?.expiresAt ?? 0;
	}

	/** `GET /v3/debug/exchange.json`: a fresh refreshable pair for the caller's client. */
	exchange(token: string): TokenPair {
		return this.issueToken({ clientId: this.access.get(token)?.clientId });
	}

	/** `GET /oauth/authorize.php`: returns the redirect location (302). */
	authorize(query: Record<string, unknown>): string {
		const q = (k: string): string => (query[k] === undefined ? '' : String(query[k]));
		if (q('grant') !== 'basic') throw new OAuthError('invalid_request', 'grant=basic is required');
		if (q('response_type') !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code');
		if (!this.clients.has(q('client_id'))) throw new OAuthError('invalid_client', 'unknown client_id');
		const redirectUri = q('redirect_uri');
		let target: URL;
		try {
			target = new URL(redirectUri);
		} catch {
			throw new OAuthError('invalid_request', 'redirect_uri is missing or invalid');
		}
		const code = randomBytes(16).toString('hex');
		this.codes.set(code, { clientId: q('client_id'), redirectUri, expiresAt: this.clock.now() + this.config.authCodeTtl });
		this.issuedCodes.push({ code, clientId: q('client_id'), redirectUri, state: q('state') });
		target.searchParams.set('code', code);
		if (q('state')) target.searchParams.set('state', q('state'));
		return target.toString();
	}

	private authenticate(body: Record<string, unknown>, authorization: string | undefined, required: boolean): string | undefined {
		const basic = basicCredentials(authorization);
		const id = basic?.id ?? (body.client_id === undefined ? undefined : String(body.client_id));
		const secret = basic?.secret ?? (body.client_secret === undefined ? undefined : String(body.client_secret));
		if (id === undefined && !required) return undefined;
		if (id === undefined || !this.clients.has(id) || this.clients.get(id) !== secret) {
			throw new OAuthError('invalid_client', 'client authentication failed', 401);
		}
		return id;
	}

	/** `POST /oauth/token.php` (body already parsed from JSON or form encoding). */
	token(body: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
		const grant = String(body.grant_type ?? '');
		if (grant === 'client_credentials') {
			const clientId = this.authenticate(body, authorization, true) as string;
			return this.response(this.issueToken({ clientId, refresh: false }));
		}
		if (grant === 'authorization_code') {
			const clientId = this.authenticate(body, authorization, true) as string;
			const code = this.codes.get(String(body.code ?? ''));
			if (!code || code.expiresAt <= this.clock.now() || code.clientId !== clientId) {
				throw new OAuthError('invalid_grant', 'authorization code is invalid, expired or already used');
			}
			this.codes.delete(String(body.code));
			if (String(body.redirect_uri ?? '') !== code.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match');
			return this.response(this.issueToken({ clientId }));
		}
		if (grant === 'refresh_token') {
			const clientId = this.authenticate(body, authorization, this.config.requireClientAuthOnRefresh);
			const old = String(body.refresh_token ?? '');
			const rt = this.refresh.get(old);
			if (!rt || rt.expiresAt <= this.clock.now() || (clientId !== undefined && rt.clientId !== clientId)) {
				throw new OAuthError('invalid_grant', 'refresh token is invalid or expired');
			}
			this.refresh.delete(old);
			if (this.config.revokeAccessTokensOnRefresh) for (const [k, t] of this.access) if (t.refresh === old) this.access.delete(k);
			return this.response(this.issueToken({ clientId: rt.clientId }));
		}
		throw new OAuthError('unsupported_grant_type', `grant_type "${grant}" is not supported`);
	}

	private response(pair: TokenPair): Record<string, unknown> {
		const out: Record<string, unknown> = {
			access_token: pair.access_token, expires_in: pair.expires_in, token_type: 'bearer', scope: this.config.tokenScope,
		};
		if (pair.refresh_token) out.refresh_token = pair.refresh_token;
		return out;
	}
}
