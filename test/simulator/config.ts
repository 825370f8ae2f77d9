import type { Realism } from './realism.ts';
import { noRealism } from './realism.ts';

/**
 * Behaviour knobs. Every knob whose default is a guess (the reference marks the behaviour
 * "unconfirmed") says so; see README.md for the full list.
 */
export interface ForbidRule {
	method?: string;
	/** Matched against the normalised path (no `.json`, e.g. `/v3/groups/5/receivers`). */
	path: RegExp;
}

export interface SimConfig {
	/** Access token lifetime in seconds (simulator clock). */
	accessTokenTtl: number;
	/** Refresh token lifetime in seconds, 0 = never expires (unconfirmed). */
	refreshTokenTtl: number;
	/** Authorization code lifetime in seconds. */
	authCodeTtl: number;
	/** `scope` of token responses (unconfirmed value). */
	tokenScope: string;
	/** Client credentials are required on refresh_token grants (RFC 6749 for confidential clients). */
	requireClientAuthOnRefresh: boolean;
	/** Refreshing also invalidates the access tokens issued with the old refresh token (unconfirmed; default keeps them). */
	revokeAccessTokensOnRefresh: boolean;
	/** Routes that answer 403 Forbidden (e.g. a missing scope). */
	forbid: ForbidRule[];

	/** Max rows per upsertplus call; above it: 413. */
	upsertBatchLimit: number;
	/** Body returned by upsertplus when no row succeeded (unconfirmed: `false` or `[]`). */
	upsertEmptyResult: unknown;
	/** Receiver lists: default page size when `pagesize` is absent (unconfirmed). */
	defaultPageSize: number;
	/** Receiver lists: `pagesize` is clamped to this (unconfirmed maximum, 5000 per clients). */
	maxPageSize: number;
	/** Reports list: `pagesize` is clamped to this. */
	reportsMaxPageSize: number;
	/** Status of a receiver/filter list that has no rows (unconfirmed; OIH's fixture used 204 with `[]`). */
	emptyListStatus: number;
	/** POST /groups/{id}/receivers with an email already in the group (unconfirmed). */
	duplicateReceiverOnPost: 'conflict' | 'update';
	/** Status of successful create calls (POST groups/receivers/attributes/mailings/forms...) (unconfirmed: 200 or 201). */
	createdStatus: number;
	/** Body of release/stop/sendpreview and DOI send calls (unconfirmed). */
	actionResponse: unknown;
	/** Seconds a released mailing stays `running` before it is `finished`. */
	mailingSendSeconds: number;
	/** Key of the report `stats` map (`basic` per a production extract script). */
	reportStatsKey: string;
	/** Body of GET /debug/validate.json (unconfirmed). */
	validateResponse: unknown;
	/** Body of GET /debug/ping.json (unconfirmed). */
	pingResponse: unknown;
	/** Body of POST /receivers/delete.json (unconfirmed). */
	bulkDeleteResponse: unknown;
	/** `GET /receivers/{email}/groups` answers group objects (`objects`) or group ids (`ids`) (unconfirmed). */
	receiverGroupsShape: 'objects' | 'ids';
	/** Account-wide `GET /receivers.json/{id}` answers the receiver (`object`) or a one-element list (`list`, as the SDK expects). */
	receiverLookupShape: 'object' | 'list';
	/**
	 * HTTP status sent for an error whose body code is the key, e.g. `{413: 200}`: the official integration core reads
	 * the effective status from the body's `error.code`, so CleverReach may answer it under another HTTP status.
	 */
	errorHttpStatus: Record<number, number>;
	/** Seconds group stats are cached for (CleverReach's group stats are cached, so they lag behind writes). */
	groupStatsTtl: number;
	/** Valid `settings.editor` values of a mailing. */
	mailingEditors: string[];
	/** How many events a receiver keeps (CleverReach: the last 250). */
	receiverEventLimit: number;
	/** Milliseconds each request takes on a manual clock (0 = none), so that tests can measure time budgets. */
	requestLatencyMs: number;
	/** Realism profiles (realism.ts); all off by default. */
	realism: Realism;
}

export function defaultConfig(): SimConfig {
	return {
		accessTokenTtl: 2_592_000,
		refreshTokenTtl: 0,
		authCodeTtl: 600,
		tokenScope: 'basic',
		requireClientAuthOnRefresh: true,
		revokeAccessTokensOnRefresh: false,
		forbid: [],
		upsertBatchLimit: 1000,
		upsertEmptyResult: false,
		defaultPageSize: 100,
		maxPageSize: 5000,
		reportsMaxPageSize: 100,
		emptyListStatus: 200,
		duplicateReceiverOnPost: 'conflict',
		createdStatus: 200,
		actionResponse: true,
		mailingSendSeconds: 60,
		reportStatsKey: 'basic',
		validateResponse: true,
		pingResponse: true,
		bulkDeleteResponse: true,
		receiverGroupsShape: 'objects',
		receiverLookupShape: 'object',
		errorHttpStatus: {},
		groupStatsTtl: 0,
		mailingEditors: ['eddytor', 'wizard', 'freeform', 'advanced', 'plaintext'],
		receiverEventLimit: 250,
		requestLatencyMs: 0,
		realism: noRealism(),
	};
}
