import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getRequiredString, itemError, optionalNumericId, readText } from '../../../shared/parameters';
import { readMailing, simplifyMailing } from './storedMailing';
import { mailingOptionFields, targetFields } from './mailingProperties';
import { buildContent, buildSettings, checkSenderEmail, readGroupIds } from './mailingInput';

export const create: Operation = {
	option: {
		name: 'Create Draft',
		description:
			'Create a mailing (newsletter) draft with subject, sender, HTML and/or text content and target groups. Returns the draft as CleverReach stored it (with its numeric ID, without the bodies). Nothing is sent.',
		action: 'Create a mailing draft',
	},
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Newsletter May 2030',
			description: 'Internal name of the mailing (shown in CleverReach, not to receivers)',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Our spring offers',
			description: 'Subject line of the email',
		},
		{
			displayName: 'Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			placeholder: 'e.g. ACME Shop',
			description: 'Name shown as the sender',
		},
		{
			displayName: 'Sender Email',
			name: 'senderEmail',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: 'Sender email address (must be a sender address allowed in your CleverReach account)',
		},
		{
			displayName: 'HTML Content',
			name: 'htmlContent',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			placeholder: '<html><body><h1>Hello</h1></body></html>',
			description:
				'HTML body of the email. Give HTML content, text content or both (both = multipart HTML/text mailing).',
		},
		{
			displayName: 'Text Content',
			name: 'textContent',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'Plain-text body of the email. Give HTML content, text content or both.',
		},
		...targetFields(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description:
				'Optional settings: open/click/link tracking, Google campaign name, category, editor, unsubscribe form and tags',
			options: mailingOptionFields(),
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const name = getRequiredString(this, 'name', i, 'Name');
			const subject = getRequiredString(this, 'subject', i, 'Subject');
			const senderName = readText(this, 'senderName', i, 'Sender Name').trim();
			const senderEmail = checkSenderEmail(this, readText(this, 'senderEmail', i, 'Sender Email'), i);
			const html = readText(this, 'htmlContent', i, 'HTML Content');
			const text = readText(this, 'textContent', i, 'Text Content');
			if (!html.trim() && !text.trim()) {
				throw itemError(this, 'Content is required: give HTML Content or Text Content (or both)', i);
			}
			const groups = readGroupIds(this, i);
			const filter = optionalNumericId(this, this.getNodeParameter('filterId', i, ''), i, 'Segment (Filter) ID');
			if (!groups.length && !filter) {
				throw itemError(
					this,
					'Target Groups: choose at least one group (or give Target Group IDs or a Segment (Filter) ID)',
					i,
				);
			}
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const { settings, tags } = buildSettings(this, options, html.trim() !== '', i);
			const body: IDataObject = {
				name,
				subject,
				...(senderName ? { sender_name: senderName } : {}),
				sender_email: senderEmail,
				content: buildContent(html.trim() ? html : '', text.trim() ? text : ''),
				receivers: { ...(groups.length ? { groups } : {}), ...(filter ? { filter } : {}) },
				...(Object.keys(settings).length ? { settings } : {}),
				...(tags ? { tags } : {}),
			};
			const response = await cleverReachApiRequest.call(this, 'POST', '/mailings.json', { body, itemIndex: i });
			const id = response && typeof response === 'object' ? response.id : undefined;
			if (id === undefined || id === null || id === '') {
				throw itemError(
					this,
					'CleverReach did not return the ID of the new mailing',
					i,
					`Response: ${JSON.stringify(response).slice(0, 200)}`,
				);
			}
			// The output is the mailing as CleverReach stored it (its answer to the create is only `{success, id}`).
			const { mailing } = await readMailing(this, String(id), i);
			return simplifyMailing(mailing);
		});
	},
};
