/**
 * Authorization failures: a revoked refresh token ends in "reconnect the CleverReach credential" after one
 * refresh attempt (no retry loop, no backoff), a broken token endpoint is not mistaken for a revoked
 * authorization, a 403 on one operation leaves the credential and the other operations alone. Every error here
 * goes to the central secrets scan (the refresh path is where tokens and the client secret travel).
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CredentialStore, makeNode, runNode } from '../harness/n8n';
import { PollRunner } from '../harness/poll';
import { sleeps } from '../harness/sleeps';
import { CLIENT_ID, CLIENT_SECRET, rl, useSimulator } from '../harness/simulator';
import { NodeApiError } from 'n8n-workflow';
import { findLeaks } from './leaks';
import { addSecret, collected, recordPoll, recordRun, stringsOf, trackSecrets } from './secrets';

const cr = useSimulator();
trackSecrets(cr);

const RECONNECT = 'CleverReach authorization expired or was revoked: reconnect the CleverReach credential';
const TOKEN = '/oauth/token.php';
const api = () => cr.sim.log.filter((e) => e.path.startsWith('/v3/'));
const refreshes = () => cr.sim.requests({ method: 'POST', path: TOKEN });

function revoke() {
	cr.sim.oauth.expireAccessTokens();
	cr.sim.oauth.revokeRefreshTokens();
	cr.sim.resetLog();
}

describe('revoked authorization', () => {
	it('one refresh attempt, then "reconnect the CleverReach credential" — no retry loop, no backoff', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		revoke();
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		recordRun('revoked: group get', result);
		expect(result.error?.message).toBe(RECONNECT);
		expect(result.error?.description).toMatch(/Reconnect/);
		expect(result.error?.httpCode).toBe('401');
		expect(api().map((e) => e.status)).toEqual([401]);
		expect(refreshes().map((e) => e.status)).toEqual([400]);
		expect(sleeps).toEqual([]);
	});

	it('with Continue On Fail every item says so, with one refresh attempt per item at most', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		revoke();
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) }, [{}, {}, {}], {
			continueOnFail: true,
		});
		recordRun('revoked: group get, continue on fail', result);
		expect(result.items?.map((i) => [i.json.error, i.pairedItem])).toEqual([
			[RECONNECT, { item: 0 }],
			[RECONNECT, { item: 1 }],
			[RECONNECT, { item: 2 }],
		]);
		expect(api()).toHaveLength(3);
		expect(refreshes().length).toBeLessThanOrEqual(3);
		expect(sleeps).toEqual([]);
	});

	it('a bulk upsert fails every item with the reconnect message and writes nothing', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		revoke();
		const input = Array.from({ length: 1500 }, (_, i) => ({ email: `r${i}@example.com` }));
		const result = await cr.run(
			{ resource: 'receiver', operation: 'upsert', groupId: rl(g.id), email: '={{ $json.email }}', activation: 'active' },
			input,
			{ continueOnFail: true },
		);
		recordRun('revoked: bulk upsert', result);
		expect(result.items).toHaveLength(1500);
		expect(new Set(result.items?.map((i) => i.json.error))).toEqual(new Set([RECONNECT]));
		expect(refreshes().length).toBeLessThanOrEqual(2);
		expect(cr.sim.model.groupStats(g.id).total_count).toBe(0);
		expect(sleeps).toEqual([]);
	});

	it('the trigger fails the poll with the same message and keeps its cursor', async () => {
		cr.sim.model.createGroup({ name: 'Newsletter' });
		const runner = new PollRunner({ event: 'newReceiver', watch: 'all' }, cr.credentials);
		await runner.pollOk();
		const cursor = runner.staticDataJson;
		revoke();
		const failed = await runner.poll();
		recordPoll('revoked: trigger poll', failed);
		expect(failed.error?.message).toBe(RECONNECT);
		expect(runner.staticDataJson).toBe(cursor);
		expect(refreshes()).toHaveLength(1);
		expect(sleeps).toEqual([]);
	});

	it('a wrong client secret is reported without echoing it', async () => {
		const wrong = 'wrong-secret-5d1e8b77a0';
		addSecret(wrong);
		cr.credentials = new CredentialStore({ ...cr.credentials.data, clientSecret: wrong });
		cr.sim.oauth.expireAccessTokens();
		const result = await runNode({ resource: 'group', operation: 'getMany', returnAll: true }, [{}], cr.credentials);
		recordRun('wrong client secret', result);
		// Before the fix: "Could not reach CleverReach (network error)" (client-oauth2's EAUTH code read as a network code).
		expect(result.error?.message).toBe(RECONNECT);
		expect(result.error?.description).toMatch(/^CleverReach said: Client authentication failed/);
		expect(refreshes().map((e) => e.status)).toEqual([401]);
		expect(sleeps).toEqual([]);
	});
});

describe('token endpoint trouble is not a revoked authorization', () => {
	it('a token endpoint answering 503 once: the request is retried after a backoff and succeeds', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.faults.add({ method: 'POST', path: TOKEN, status: 503, times: 1 });
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		recordRun('token endpoint 503 once', result);
		expect(result.error).toBeUndefined();
		expect(result.items?.[0].json.name).toBe('Newsletter');
		expect(refreshes().map((e) => e.status)).toEqual([503, 200]);
		expect(sleeps).toHaveLength(1);
		expect(cr.credentials.updates).toHaveLength(1);
	});

	it('a token endpoint answering 429 is rate limiting, retried — not "reconnect" (found by the trigger storm)', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.faults.add({ method: 'POST', path: TOKEN, status: 429, retryAfter: 1, times: 2 });
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		recordRun('token endpoint 429', result);
		// Before the fix: "CleverReach authorization expired or was revoked: reconnect ..." on the first 429.
		expect(result.error).toBeUndefined();
		expect(result.items?.[0].json.name).toBe('Newsletter');
		expect(refreshes().map((e) => e.status)).toEqual([429, 429, 200]);
		expect(sleeps).toHaveLength(2);
	});

	it('a token endpoint rate limiting for good: "rate limit reached", bounded', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.faults.add({ method: 'POST', path: TOKEN, status: 429, times: Infinity });
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		recordRun('token endpoint 429 for good', result);
		expect(result.error?.message).toMatch(/^CleverReach rate limit reached \(gave up after 6 attempts/);
		expect(refreshes()).toHaveLength(6);
	});

	it('a token endpoint down for good: a bounded number of attempts, "unavailable", not "reconnect"', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.oauth.expireAccessTokens();
		cr.sim.faults.add({ method: 'POST', path: TOKEN, status: 503, times: Infinity });
		const result = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		recordRun('token endpoint 503 for good', result);
		expect(result.error?.message).toMatch(/^CleverReach is unavailable \(HTTP 503\) \(gave up after 6 attempts/);
		expect(refreshes()).toHaveLength(6);
		expect(sleeps).toHaveLength(5);
		// The refresh token was not used up: once the endpoint is back, the next run refreshes and works.
		cr.sim.faults.clear();
		const next = await cr.run({ resource: 'group', operation: 'get', groupId: rl(g.id) });
		expect(next.error).toBeUndefined();
	});
});

describe('a 403 does not poison other operations', () => {
	it('reports are forbidden, groups still work; the 403 is not treated as an expired token', async () => {
		const g = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.config.forbid = [{ path: /^\/v3\/reports/ }];
		const forbidden = await cr.run({ resource: 'report', operation: 'getMany', returnAll: true });
		recordRun('403 reports', forbidden);
		expect(forbidden.error?.message).toBe(
			'CleverReach refused access (missing permission, scope or licence): Forbidden: insufficient scope',
		);
		expect(forbidden.error?.httpCode).toBe('403');
		expect(refreshes()).toHaveLength(0);
		expect(cr.credentials.updates).toHaveLength(0);
		expect(sleeps).toEqual([]);

		const groups = await cr.run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(groups.error).toBeUndefined();
		expect(groups.items?.map((i) => i.json.id)).toEqual([g.id]);
		// And the forbidden operation keeps failing the same way (no state was poisoned either way).
		const again = await cr.run({ resource: 'report', operation: 'getMany', returnAll: true });
		recordRun('403 reports again', again);
		expect(again.error?.httpCode).toBe('403');
		expect(refreshes()).toHaveLength(0);
	});

	it('in one bulk run, items of a forbidden group fail and items of another group are saved', async () => {
		const a = cr.sim.model.createGroup({ name: 'Locked' });
		const b = cr.sim.model.createGroup({ name: 'Open' });
		cr.sim.config.forbid = [{ method: 'POST', path: new RegExp(`^/v3/groups/${a.id}/receivers`) }];
		const input = Array.from({ length: 10 }, (_, i) => ({ email: `p${i}@example.com`, group: i % 2 ? a.id : b.id }));
		const result = await cr.run(
			{ resource: 'receiver', operation: 'upsert', groupId: rl('={{ $json.group }}'), email: '={{ $json.email }}', activation: 'active' },
			input,
			{ continueOnFail: true },
		);
		recordRun('403 one group', result);
		const byItem = new Map(result.items?.map((i) => [(i.pairedItem as { item: number }).item, i.json as IDataObject]));
		input.forEach((row, i) => {
			const json = byItem.get(i)!;
			if (row.group === a.id) expect(json.error).toMatch(/^CleverReach refused access/);
			else expect(json).toMatchObject({ email: row.email, group_id: b.id });
		});
		expect(cr.sim.model.groupStats(a.id).total_count).toBe(0);
		expect(cr.sim.model.groupStats(b.id).total_count).toBe(5);
		expect(refreshes()).toHaveLength(0);
	});

	it('the client id and secret of the harness are the ones scanned', () => {
		expect(cr.credentials.data.clientId).toBe(CLIENT_ID);
		expect(CLIENT_SECRET.length).toBeGreaterThan(8);
	});
});

describe('the secrets scan itself', () => {
	it('finds a token hidden deep in an error (cause, response headers) and a bearer header without a known secret', () => {
		const token = cr.credentials.data.oauthTokenData?.access_token as string;
		expect(collected.secrets.has(token)).toBe(true);
		const error = new NodeApiError(makeNode('x', {}), { message: 'boom' } as never, { message: 'Request failed' });
		(error as unknown as { cause: unknown }).cause = { config: { headers: { Authorization: `Bearer ${token}` } } };
		const planted = [{ kind: 'error' as const, source: 'planted', text: stringsOf(error).join('\n') }];
		expect(findLeaks(planted, collected.secrets).map((l) => l.found)).toEqual([`a secret (${token.slice(0, 4)}…)`]);
		const unknown = [{ kind: 'log' as const, source: 'planted', text: 'Authorization: Bearer abcdefghijklmnop' }];
		expect(findLeaks(unknown, [])).toHaveLength(1);
		const clean = [{ kind: 'error' as const, source: 'clean', text: stringsOf(new Error(RECONNECT)).join('\n') }];
		expect(findLeaks(clean, collected.secrets)).toEqual([]);
	});
});
