import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * CleverReach OAuth2 (REST API v3).
 * - Authorization code: https://rest.cleverreach.com/oauth/authorize.php?...&grant=basic, any CleverReach account.
 * - Client credentials: a token for the account that owns the OAuth app (no browser round trip).
 * The token endpoint takes the client id/secret as HTTP Basic auth ("header"), which is also how
 * CleverReach's own integration core refreshes tokens (docs/cleverreach-api.md §1.1–§1.3).
 */
export class CleverReachOAuth2Api implements ICredentialType {
	name = 'cleverReachOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'CleverReach OAuth2 API';

	icon: Icon = { light: 'file:../icons/cleverreach.svg', dark: 'file:../icons/cleverreach.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-cleverreach/n8n-nodes-cleverreach/blob/main/README.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description: 'Connect any CleverReach account by signing in (recommended)',
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'Only for the CleverReach account that owns the OAuth app; no sign-in needed',
				},
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://rest.cleverreach.com/oauth/authorize.php',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://rest.cleverreach.com/oauth/token.php',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'grant=basic',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://rest.cleverreach.com/v3',
			url: '/debug/whoami.json',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'CleverReach rejected the access token: reconnect the credential (or check the client ID and secret)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'CleverReach accepted the token but it lacks permission for this account (check the OAuth app scopes)',
				},
			},
		],
	};
}
