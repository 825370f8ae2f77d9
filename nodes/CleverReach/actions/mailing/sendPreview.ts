import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId, isEmail, itemError, truncate } from '../../../shared/parameters';

export const sendPreview: Operation = {
	option: {
		name: 'Send Preview',
		description: 'Send a test copy of a mailing to the given email addresses only',
		action: 'Send a mailing preview',
	},
	properties: [
		mailingLocator(),
		{
			displayName: 'Test Emails',
			name: 'testEmails',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. me@example.com, colleague@example.com',
			description:
				'Email addresses that receive a test copy of the mailing, separated by commas (or an array). Nobody else receives it.',
		},
		{
			displayName: 'Preview Text',
			name: 'previewText',
			type: 'string',
			default: '',
			placeholder: 'e.g. - TEST',
			description: 'Optional text CleverReach adds to the subject of the test emails',
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const raw = this.getNodeParameter('testEmails', i, '') as unknown;
			const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,;\s]+/))
				.map((e) => e.trim())
				.filter((e) => e !== '');
			if (!list.length) {
				throw itemError(this, 'Test Emails is required: give at least one email address', i);
			}
			const bad = list.find((e) => !isEmail(e));
			if (bad) {
				throw itemError(
					this,
					`Test Emails: "${truncate(bad)}" is not a valid email address`,
					i,
					'Give addresses separated by commas, e.g. anna@example.com, ben@example.com.',
				);
			}
			const receivers = [...new Set(list)];
			const previewText = String(this.getNodeParameter('previewText', i, '') ?? '');
			await cleverReachApiRequest.call(this, 'POST', `/mailings.json/${mailingId}/sendpreview`, {
				body: { receivers, ...(previewText ? { previewText } : {}) },
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return { id: mailingId, previewSent: true, receivers };
		});
	},
};
