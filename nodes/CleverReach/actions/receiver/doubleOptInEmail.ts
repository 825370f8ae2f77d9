/** Double opt-in / opt-out emails through a form: `POST /forms.json/{formId}/send/activate|deactivate`. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { itemError } from '../../../shared/parameters';

export function doiDataProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Double Opt-In Data',
		name: 'doiData',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Details of the person’s request, stored by CleverReach as proof of consent (GDPR). Pass the values of the original sign-up request.',
		options: [
			{
				displayName: 'Referer',
				name: 'referer',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/newsletter',
				description: 'URL of the page the person signed up (or off) on',
			},
			{
				displayName: 'User Agent',
				name: 'user_agent',
				type: 'string',
				default: '',
				placeholder: 'e.g. Mozilla/5.0 ...',
				description: 'Browser user agent of the person’s request',
			},
			{
				displayName: 'User IP',
				name: 'user_ip',
				type: 'string',
				default: '',
				placeholder: 'e.g. 203.0.113.7',
				description: 'IP address the person’s request came from',
			},
		],
		...overrides,
	};
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/** The `doidata` object (user_ip, referer, user_agent), checked locally. */
export function readDoiData(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = context.getNodeParameter('doiData', itemIndex, {}) as IDataObject;
	const data: IDataObject = {};
	for (const key of ['user_ip', 'referer', 'user_agent']) {
		const value = raw[key];
		if (value === undefined || value === null || String(value).trim() === '') continue;
		if (typeof value === 'object') throw itemError(context, `Double Opt-In Data: ${key} must be text`, itemIndex, 'Map a text value here (e.g. a request header), not an object or a list.');
		data[key] = String(value).trim();
	}
	if (data.user_ip !== undefined && !IP.test(String(data.user_ip))) {
		throw itemError(
			context,
			`Double Opt-In Data: User IP "${String(data.user_ip)}" is not an IP address`,
			itemIndex,
			'Give the IPv4 or IPv6 address of the person who signed up (e.g. 203.0.113.7), or leave User IP empty.',
		);
	}
	return data;
}

/** Sends the activation (opt-in) or deactivation (opt-out) email of a form to one address. */
export async function sendDoiMail(
	context: IExecuteFunctions,
	kind: 'activate' | 'deactivate',
	formId: string,
	email: string,
	doidata: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	return await cleverReachApiRequest.call(context, 'POST', `/forms.json/${formId}/send/${kind}`, {
		body: { email, doidata },
		itemIndex,
		notFoundMessage: `Form ${formId} was not found, or ${email} is not a receiver of its group`,
	});
}
