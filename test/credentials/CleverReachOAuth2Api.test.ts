/**
 * The credential as n8n uses it: the authorize URL n8n's OAuth2 controller builds from it (with n8n's own
 * @n8n/client-oauth2), the code exchange, the 401 → refresh → retry inside a node run (n8n-core's code), the
 * client-credentials grant, and the credential test request — all against the simulator's OAuth endpoints.
 */
import { ClientOAuth2 } from '@n8n/client-oauth2';
import axios from 'axios';
import * as qs from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { CleverReachOAuth2Api } from '../../credentials/CleverReachOAuth2Api.credentials';
import { CredentialStore } from '../harness/n8n';
import { CLIENT_ID, CLIENT_SECRET, rl, useSimulator } from '../harness/simulator';

const credential = new CleverReachOAuth2Api();
const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default])) as Record<string, string>;
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

/** What n8n's OAuth2 credential controller does with a credential's data to start the authorization. */
function n8nOAuthClient() {
	return new ClientOAuth2({
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		accessTokenUri: defaults.accessTokenUrl,
		authorizationUri: defaults.authUrl,
		redirectUri: REDIRECT,
		scopes: defaults.scope ? defaults.scope.split(',') : [],
		authentication: defaults.authentication as 'header',
		state: 'csrf-state',
		query: qs.parse(defaults.authQueryParameters),
	});
}

describe('CleverReach OAuth2 API credential', () => {
	const cr = useSimulator();

	it('extends n8n\'s OAuth2 credential with CleverReach\'s fixed endpoints and both grants', () => {
		expect(credential.name).toBe('cleverReachOAuth2Api');
		expect(credential.extends).toEqual(['oAuth2Api']);
		const grant = credential.properties.find((p) => p.name === 'grantType');
		expect(grant?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'authorizationCode',
			'clientCredentials',
		]);
		expect(defaults.authUrl).toBe('https://rest.cleverreach.com/oauth/authorize.php');
		expect(defaults.accessTokenUrl).toBe('https://rest.cleverreach.com/oauth/token.php');
	});

	it('builds an authorize URL with grant=basic, which CleverReach requires', async () => {
		const url = new URL(n8nOAuthClient().code.getUri());
		expect(url.origin + url.pathname).toBe('https://rest.cleverreach.com/oauth/authorize.php');
		expect(url.searchParams.get('grant')).toBe('basic');
		expect(url.searchParams.get('response_type')).toBe('code');
		expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
		expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);

		const accepted = await axios.get(url.toString(), { maxRedirects: 0, validateStatus: () => true });
		expect(accepted.status).toBe(302);
		expect(accepted.headers.location).toMatch(/^http:\/\/localhost:5678\/rest\/oauth2-credential\/callback\?code=/);

		url.searchParams.delete('grant');
		const refused = await axios.get(url.toString(), { maxRedirects: 0, validateStatus: () => true });
		expect(refused.status).toBe(400);
	});

	it('exchanges the authorization code for tokens that work against the API', async () => {
		const client = n8nOAuthClient();
		const redirect = await axios.get(client.code.getUri(), { maxRedirects: 0, validateStatus: () => true });
		const token = await client.code.getToken(String(redirect.headers.location));
		expect(token.accessToken).toBeTruthy();
		expect(token.refreshToken).toBeTruthy();
		const exchange = cr.sim.requests({ method: 'POST', path: '/oauth/token.php' });
		expect(exchange).toHaveLength(1);
		expect(exchange[0].auth).toBe('basic');
		expect(exchange[0].body).toMatchObject({ grant_type: 'authorization_code', redirect_uri: REDIRECT });

		cr.credentials.data.oauthTokenData = token.data;
		const group = cr.sim.model.createGroup({ name: 'Connected' });
		const { items } = await cr.run({ resource: 'group', operation: 'get', groupId: rl(group.id) });
		expect(items![0].json.name).toBe('Connected');
	});

	it('refreshes an expired token on 401 through n8n, stores the rotated refresh token and retries', async () => {
		const group = cr.sim.model.createGroup({ name: 'After refresh' });
		const before = { ...cr.credentials.data.oauthTokenData };
		cr.sim.oauth.expireAccessTokens();

		const { items, error } = await cr.run({ resource: 'group', operation: 'get', groupId: rl(group.id) });
		expect(error).toBeUndefined();
		expect(items![0].json.name).toBe('After refresh');

		const calls = cr.sim.log.map((e) => `${e.method} ${e.path} ${e.status}`);
		expect(calls).toEqual([
			`GET /v3/groups/${group.id} 401`,
			'POST /oauth/token.php 200',
			`GET /v3/groups/${group.id} 200`,
		]);
		const refresh = cr.sim.requests({ path: '/oauth/token.php' })[0];
		expect(refresh.auth).toBe('basic');
		expect(refresh.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: before.refresh_token });

		const after = cr.credentials.data.oauthTokenData!;
		expect(cr.credentials.updates).toHaveLength(1);
		expect(after.access_token).not.toBe(before.access_token);
		expect(after.refresh_token).not.toBe(before.refresh_token);

		// The old refresh token was rotated away: CleverReach (the simulator) no longer accepts it.
		const reuse = await axios.post(
			'https://rest.cleverreach.com/oauth/token.php',
			qs.stringify({ grant_type: 'refresh_token', refresh_token: String(before.refresh_token) }),
			{ auth: { username: CLIENT_ID, password: CLIENT_SECRET }, validateStatus: () => true },
		);
		expect(reuse.status).toBe(400);
		expect(reuse.data.error).toBe('invalid_grant');
	});

	it('client-credentials grant: n8n fetches a token for the app owner without a browser, and again on expiry', async () => {
		const credentials = new CredentialStore({
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			grantType: 'clientCredentials',
		});
		cr.credentials = credentials;
		const group = cr.sim.model.createGroup({ name: 'Owner account' });
		const first = await cr.run({ resource: 'group', operation: 'get', groupId: rl(group.id) });
		expect(first.items![0].json.name).toBe('Owner account');
		const tokenCalls = cr.sim.requests({ path: '/oauth/token.php' });
		expect(tokenCalls).toHaveLength(1);
		expect(tokenCalls[0].body).toMatchObject({ grant_type: 'client_credentials' });
		expect(credentials.data.oauthTokenData?.access_token).toBeTruthy();

		cr.sim.oauth.expireAccessTokens();
		const second = await cr.run({ resource: 'group', operation: 'get', groupId: rl(group.id) });
		expect(second.items![0].json.name).toBe('Owner account');
		expect(cr.sim.requests({ path: '/oauth/token.php' }).map((r) => (r.body as { grant_type: string }).grant_type)).toEqual([
			'client_credentials',
			'client_credentials',
		]);
	});

	it('client-credentials grant with a wrong secret: a clear error, no API call', async () => {
		cr.credentials = new CredentialStore({ clientId: CLIENT_ID, clientSecret: 'wrong', grantType: 'clientCredentials' });
		const { error } = await cr.run({ resource: 'group', operation: 'get', groupId: rl('1') });
		expect(error?.message).toMatch(
			/^CleverReach issued no access token \(Failed to acquire OAuth2 access token.*\): check the credential's Client ID and Client Secret$/,
		);
		expect(cr.sim.count('GET')).toBe(0);
	});

	it('has a credential test request that succeeds with a valid token and explains a 401', async () => {
		const { request, rules } = credential.test;
		const url = `${request.baseURL}${request.url}`;
		const token = String(cr.credentials.data.oauthTokenData?.access_token);
		const ok = await axios.get(url, { headers: { Authorization: `Bearer ${token}` } });
		expect(ok.data.id).toBeTruthy();

		cr.sim.oauth.expireAccessTokens();
		const expired = await axios.get(url, { headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true });
		expect(expired.status).toBe(401);
		const rule = rules?.find((r) => r.type === 'responseCode' && r.properties.value === expired.status);
		expect(rule?.properties.message).toMatch(/reconnect the credential/);
	});
});
