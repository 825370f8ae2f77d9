import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { formProperty } from './formProperty';
import { forEachItem } from '../../../shared/items';
import { getId, itemError } from '../../../shared/parameters';

export const getCode: Operation = {
	option: {
		name: 'Get Code',
		description: 'Get the embeddable HTML of a sign-up form, returned as the string field "html"',
		action: 'Get the HTML code of a form',
	},
	properties: [
		formProperty(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'How the form code is generated: embedded snippet or standalone page, with or without badge',
			options: [
				{
					displayName: 'Embedded',
					name: 'embedded',
					type: 'boolean',
					default: true,
					description:
						'Whether to get the snippet for embedding into an existing page (true) rather than a standalone page',
				},
				{
					displayName: 'Show Badge',
					name: 'badge',
					type: 'boolean',
					default: false,
					description: 'Whether the code includes the CleverReach badge',
				},
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const formId = getId(this, 'formId', i, 'Form');
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const body = (await cleverReachApiRequest.call(this, 'GET', `/forms.json/${formId}/code`, {
				// `badget` (sic) is the parameter name CleverReach uses.
				qs: { badget: options.badge === true ? 'true' : 'false', embedded: options.embedded === false ? 'false' : 'true' },
				itemIndex: i,
				notFoundMessage: `Form ${formId} was not found`,
			})) as unknown;
			// The HTML comes as a JSON string; tolerate an object wrapping it.
			const html =
				typeof body === 'string'
					? body
					: body && typeof body === 'object' && typeof (body as IDataObject).html === 'string'
						? ((body as IDataObject).html as string)
						: undefined;
			if (html === undefined) {
				throw itemError(
					this,
					`CleverReach returned no HTML code for form ${formId}`,
					i,
					`The response was ${JSON.stringify(body)?.slice(0, 200)}`,
				);
			}
			return { formId, html };
		});
	},
};
