/**
 * The transport, exercised through the action node in n8n-core's real execution (n8n's OAuth2 code signs and
 * refreshes), against the simulator: error mapping, retries and their bounds, idempotency, secrets.
 */
import { describe, expect, it } from 'vitest';
import { RETRY_POLICY } from '../../../nodes/shared/transport';
import { CLIENT_SECRET, rl, useSimulator } from '../../harness/simulator';
import { sleeps } from '../../harness/sleeps';

const getGroup = (id: string) => ({ resource: 'group', operation: 'get', groupId: rl(id) });
const createGroup = (name: string) => ({ resource: 'group', operation: 'create', name });

describe('transport', () => {
	const cr = useSimulator();

	describe('maps CleverReach errors to messages a user can act on, keeping the HTTP status', () => {
		it('401 that survives the refresh: reconnect the credential', async () => {
			cr.sim.oauth.expireAccessTokens();
			cr.sim.oauth.revokeRefreshTokens();
			const { error } = await cr.run(getGroup('1'));
			expect(error?.message).toBe(
				'CleverReach authorization expired or was revoked: reconnect the CleverReach credential',
			);
			expect(error?.httpCode).toBe('401');
			// One refresh attempt, no loop.
			expect(cr.sim.count('POST', '/oauth/token.php')).toBe(1);
			expect(cr.sim.count('GET')).toBe(1);
		});

		it('403: permission, scope or licence', async () => {
			cr.sim.config.forbid.push({ method: 'GET', path: /^\/v3\/groups\/\d+$/ });
			const { error } = await cr.run(getGroup('1'));
			expect(error?.httpCode).toBe('403');
			expect(error?.message).toMatch(/^CleverReach refused access \(missing permission, scope or licence\): Forbidden: /);
		});

		it('404: names what was not found and keeps CleverReach\'s text', async () => {
			const { error } = await cr.run(getGroup('777'));
			expect(error?.httpCode).toBe('404');
			expect(error?.message).toBe('Group 777 was not found (CleverReach: Not Found: invalid group)');
			expect(error?.description).toBe(
				"CleverReach said: Not Found: invalid group. Check the ID or email (the resource's Get Many lists them); it may have been deleted.",
			);
		});

		it('429 after every retry: rate limit message, bounded attempts', async () => {
			cr.sim.faults.add({ method: 'GET', status: 429, retryAfter: 2, times: Infinity });
			const { error } = await cr.run(getGroup('1'));
			expect(error?.httpCode).toBe('429');
			expect(error?.message).toMatch(/^CleverReach rate limit reached \(gave up after 6 attempts over 10 s\)/);
			expect(cr.sim.count('GET')).toBe(RETRY_POLICY.maxAttempts);
			expect(sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
		});

		it('5xx after every retry: unavailable, with the status', async () => {
			cr.sim.faults.add({ status: 503, times: Infinity });
			const { error } = await cr.run(getGroup('1'));
			expect(error?.httpCode).toBe('503');
			expect(error?.message).toMatch(/^CleverReach is unavailable \(HTTP 503\) \(gave up after 6 attempts over \d+ s\)/);
			expect(cr.sim.count('GET')).toBe(RETRY_POLICY.maxAttempts);
			// Exponential backoff with jitter: each wait within [50 %, 100 %] of base × 2^n, capped.
			sleeps.forEach((ms, n) => {
				const full = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** n);
				expect(ms).toBeGreaterThanOrEqual(full / 2);
				expect(ms).toBeLessThanOrEqual(full);
			});
		});

		it('an error inside n8n (saving the refreshed token to a busy database) is not put in CleverReach\'s mouth', async () => {
			cr.sim.oauth.expireAccessTokens();
			cr.credentials.updateCredentialsOauthTokenData = async () => {
				throw new Error('Connection terminated due to connection timeout');
			};
			const { error } = await cr.run(getGroup('1'));
			expect(error?.message).toBe(
				'n8n could not complete the request to CleverReach: Connection terminated due to connection timeout',
			);
			expect(error?.description).toBe(
				"n8n reported: Connection terminated due to connection timeout (this did not come from CleverReach). Check n8n's log and database, then run it again.",
			);
			expect(error?.httpCode ?? undefined).toBeUndefined();
			expect(JSON.stringify(error?.context ?? {})).not.toContain('cleverReach');
			// The token was refreshed at CleverReach; the group itself was never asked for.
			expect(cr.sim.count('POST', '/oauth/token.php')).toBe(1);
		});

		it('500 is not retried (a server bug does not go away by asking again)', async () => {
			cr.sim.faults.add({ status: 500 });
			const { error } = await cr.run(getGroup('1'));
			expect(error?.httpCode).toBe('500');
			expect(cr.sim.count('GET')).toBe(1);
		});
	});

	describe('retries', () => {
		it('honours Retry-After on 429 and then succeeds', async () => {
			const group = cr.sim.model.createGroup({ name: 'Busy' });
			cr.sim.faults.add({ method: 'GET', status: 429, retryAfter: 7, times: 2 });
			const { items, error } = await cr.run(getGroup(group.id));
			expect(error).toBeUndefined();
			expect(items![0].json.name).toBe('Busy');
			expect(sleeps).toEqual([7000, 7000]);
			expect(cr.sim.requests({ method: 'GET' }).map((r) => r.status)).toEqual([429, 429, 200]);
		});

		it('gives up at once when Retry-After exceeds the total wait budget', async () => {
			cr.sim.faults.add({ method: 'GET', status: 429, retryAfter: RETRY_POLICY.maxTotalWaitMs / 1000 + 1 });
			const { error } = await cr.run(getGroup('1'));
			expect(error?.message).toMatch(/^CleverReach rate limit reached/);
			expect(cr.sim.count('GET')).toBe(1);
			expect(sleeps).toEqual([]);
		});

		it('retries a GET after a connection reset or a timeout', async () => {
			const group = cr.sim.model.createGroup({ name: 'Flaky' });
			cr.sim.faults.add({ method: 'GET', kind: 'reset' });
			cr.sim.faults.add({ method: 'GET', kind: 'timeout' });
			const { items } = await cr.run(getGroup(group.id));
			expect(items![0].json.name).toBe('Flaky');
			expect(cr.sim.count('GET')).toBe(3);
			expect(sleeps).toHaveLength(2);
		});

		it('never retries a POST that may already have been applied (502 after apply, reset)', async () => {
			cr.sim.faults.add({ method: 'POST', path: '/v3/groups', status: 502, afterApply: true });
			const { error } = await cr.run(createGroup('Once'));
			expect(error?.httpCode).toBe('502');
			expect(cr.sim.count('POST', '/v3/groups')).toBe(1);
			// It was applied exactly once: retrying would have created a duplicate.
			expect(cr.sim.model.listGroups().filter((g) => g.name === 'Once')).toHaveLength(1);

			cr.sim.faults.add({ method: 'POST', path: '/v3/groups', kind: 'reset' });
			const reset = await cr.run(createGroup('Twice'));
			expect(reset.error?.message).toBe(
				'Could not reach CleverReach (the connection was reset). It may have been applied: check in CleverReach before running it again (it would be applied twice).',
			);
			expect(reset.error?.description).toBe(
				'Network error code: ECONNRESET. Check that n8n can reach rest.cleverreach.com, then try again.',
			);
			expect(reset.error?.context?.mayHaveBeenApplied).toBe(true);
			expect(cr.sim.count('POST', '/v3/groups')).toBe(2);
		});

		it('a POST refused with 4xx says it was not applied', async () => {
			cr.sim.faults.add({ method: 'POST', path: '/v3/groups', status: 429, times: Infinity });
			const refused = await cr.run(createGroup('Refused'));
			expect(refused.error?.message).toMatch(/^CleverReach rate limit reached/);
			expect(refused.error?.message).not.toMatch(/may have been applied/);
			expect(refused.error?.context?.mayHaveBeenApplied).toBe(false);
		});

		it('retries a POST refused with 429 (nothing was applied)', async () => {
			cr.sim.faults.add({ method: 'POST', path: '/v3/groups', status: 429, retryAfter: 1 });
			const { items } = await cr.run(createGroup('After 429'));
			expect(items![0].json.name).toBe('After 429');
			expect(cr.sim.model.listGroups().filter((g) => g.name === 'After 429')).toHaveLength(1);
			expect(sleeps).toEqual([1000]);
		});
	});

	describe('pagination (0-based page/pagesize, largest page the API allows)', () => {
		const listReceivers = (groupId: string, extra: Record<string, unknown>) => ({
			resource: 'receiver',
			operation: 'getMany',
			groupId: rl(groupId),
			status: 'all',
			simplify: false,
			options: { include: [] },
			...extra,
		});
		const pages = () =>
			cr.sim.requests({ method: 'GET', path: /\/receivers$/ }).map((r) => [r.query.page, r.query.pagesize]);

		it('Limit N below the page size reads exactly one page of N', async () => {
			const group = cr.sim.model.createGroup({ name: 'Paged' });
			cr.sim.model.bulkInsert(group.id, Array.from({ length: 300 }, (_, i) => ({ email: `p${i}@example.com` })));
			const { items } = await cr.run(listReceivers(group.id, { returnAll: false, limit: 120 }));
			expect(items).toHaveLength(120);
			expect(pages()).toEqual([['0', '120']]);
		});

		it('Limit N above the page size pages with full pages and stops at exactly N', async () => {
			const group = cr.sim.model.createGroup({ name: 'Big' });
			cr.sim.model.bulkInsert(group.id, Array.from({ length: 12_000 }, (_, i) => ({ email: `b${i}@example.com` })));
			const { items } = await cr.run(listReceivers(group.id, { returnAll: false, limit: 7_000 }));
			expect(items).toHaveLength(7_000);
			expect(new Set(items!.map((i) => i.json.email)).size).toBe(7_000);
			expect(pages()).toEqual([
				['0', '5000'],
				['1', '5000'],
			]);
		});

		it('Return All reads ceil(N / 5000) pages (+1 when N is a multiple) and returns every row once', async () => {
			const group = cr.sim.model.createGroup({ name: 'All' });
			cr.sim.model.bulkInsert(group.id, Array.from({ length: 10_000 }, (_, i) => ({ email: `a${i}@example.com` })));
			const { items } = await cr.run(listReceivers(group.id, { returnAll: true }));
			expect(items).toHaveLength(10_000);
			expect(new Set(items!.map((i) => i.json.email)).size).toBe(10_000);
			// A full last page cannot tell there is no more: one more (empty) page is read.
			expect(pages()).toEqual([
				['0', '5000'],
				['1', '5000'],
				['2', '5000'],
			]);
		});
	});

	it('never puts tokens or the client secret into errors', async () => {
		const token = String(cr.credentials.data.oauthTokenData?.access_token);
		const refresh = String(cr.credentials.data.oauthTokenData?.refresh_token);
		cr.sim.faults.add({ status: 503, times: Infinity });
		const failures = [await cr.run(getGroup('1'))];
		cr.sim.faults.clear();
		failures.push(await cr.run(getGroup('404404')));
		cr.sim.oauth.expireAccessTokens();
		cr.sim.oauth.revokeRefreshTokens();
		failures.push(await cr.run(getGroup('1')));
		for (const { error } of failures) {
			expect(error).toBeDefined();
			const serialised = JSON.stringify(error) + String(error?.stack) + JSON.stringify(error?.cause ?? {});
			for (const secret of [token, refresh, CLIENT_SECRET]) expect(serialised).not.toContain(secret);
		}
	});
});
