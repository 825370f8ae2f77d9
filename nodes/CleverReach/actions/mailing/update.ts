import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId, itemError, optionalNumericId, truncate } from '../../../shared/parameters';
import { readMailing, simplifyMailing } from './storedMailing';
import { mailingOptionFields, targetGroupIdsProperty } from './mailingProperties';
import { buildContent, buildSettings, checkSenderEmail } from './mailingInput';

const SETTING_KEYS = [
	'categoryId',
	'clickTracking',
	'editor',
	'googleCampaignName',
	'linkTrackingType',
	'linkTrackingUrl',
	'openTracking',
	'tags',
	'unsubscribeFormId',
];

const contentFields: INodeProperties[] = [
	{
		displayName: 'HTML Content',
		name: 'htmlContent',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'New HTML body. The text body is kept unless Text Content is changed too.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'New internal name of the mailing',
	},
	{
		displayName: 'Segment (Filter) ID',
		name: 'filterId',
		type: 'string',
		default: '',
		description: 'Numeric ID of a segment (group filter) to send to only the receivers matching it, as shown in CleverReach under the group’s segments',
	},
	{
		displayName: 'Sender Email',
		name: 'senderEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'New sender email address',
	},
	{ displayName: 'Sender Name', name: 'senderName', type: 'string', default: '', description: 'New sender name' },
	{ displayName: 'Subject', name: 'subject', type: 'string', default: '', description: 'New subject line' },
	targetGroupIdsProperty(
		'Numeric IDs of the groups that receive the mailing, separated by commas (or an array). Replaces the current groups.',
	),
	{
		displayName: 'Text Content',
		name: 'textContent',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'New plain-text body. The HTML body is kept unless HTML Content is changed too.',
	},
];

export const update: Operation = {
	option: {
		name: 'Update',
		description: 'Change a draft mailing: name, subject, sender, content, target groups or tracking settings',
		action: 'Update a mailing',
	},
	properties: [
		mailingLocator({
			description: 'The mailing to change (normally a draft). Pick it from the list, or give its numeric ID.',
		}),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The mailing fields to change (drafts only); fields not added here stay as they are',
			options: [...contentFields, ...mailingOptionFields()].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			if (!Object.keys(fields).length) {
				throw itemError(this, 'Update Fields: add at least one field to change', i);
			}
			const fail = (message: string): never => {
				throw itemError(this, message, i);
			};
			const body: IDataObject = {};
			for (const [key, label, apiKey] of [
				['name', 'Name', 'name'],
				['subject', 'Subject', 'subject'],
			] as const) {
				if (fields[key] === undefined) continue;
				const value = String(fields[key]).trim();
				if (!value) fail(`${label} cannot be empty`);
				body[apiKey] = value;
			}
			if (fields.senderName !== undefined) body.sender_name = String(fields.senderName).trim();
			if (fields.senderEmail !== undefined) {
				body.sender_email = checkSenderEmail(this, String(fields.senderEmail), i);
			}

			// Content: CleverReach takes the whole content object, so a part that is not changed is kept.
			const htmlGiven = fields.htmlContent !== undefined;
			const textGiven = fields.textContent !== undefined;
			let html = htmlGiven ? String(fields.htmlContent) : undefined;
			let text = textGiven ? String(fields.textContent) : undefined;
			if (htmlGiven && textGiven && !html!.trim() && !text!.trim()) {
				fail('Content cannot be empty: give HTML Content or Text Content');
			}

			const groups: string[] = [];
			if (fields.groupIdList !== undefined) {
				const listed = Array.isArray(fields.groupIdList)
					? (fields.groupIdList as unknown[]).map(String)
					: String(fields.groupIdList).split(/[,;\s]+/);
				for (const value of listed.map((v) => v.trim()).filter((v) => v !== '')) {
					if (!/^[0-9]+$/.test(value)) fail(`Target Group IDs: "${truncate(value)}" is not a numeric CleverReach group ID`);
					if (!groups.includes(value)) groups.push(value);
				}
				if (!groups.length) fail('Target Group IDs cannot be empty: give at least one numeric group ID');
			}
			const filter = optionalNumericId(this, fields.filterId, i, 'Segment (Filter) ID');
			if (groups.length || filter) {
				body.receivers = { ...(groups.length ? { groups } : {}), ...(filter ? { filter } : {}) };
			}

			const settingOptions: IDataObject = {};
			for (const key of SETTING_KEYS) if (fields[key] !== undefined) settingOptions[key] = fields[key];
			const openTrackingOn = settingOptions.openTracking === true;
			// Whether the mailing will have HTML is known locally only when this update sets the HTML part.
			const htmlKnown = htmlGiven ? (html ?? '').trim() !== '' : undefined;
			// Checks that need no request first (open tracking with an emptied HTML part, campaign name, IDs).
			const settingsResult = buildSettings(this, settingOptions, htmlKnown, i);

			// The current mailing is needed to keep the unchanged content part, or to know if it has HTML.
			if (htmlGiven !== textGiven || (openTrackingOn && !htmlGiven)) {
				const current = await cleverReachApiRequest.call(this, 'GET', `/mailings.json/${mailingId}`, {
					itemIndex: i,
					notFoundMessage: `Mailing ${mailingId} was not found`,
				});
				if (!htmlGiven) html = String(current.body_html ?? '');
				if (!textGiven) text = String(current.body_text ?? '');
				if (openTrackingOn && !(html ?? '').trim()) {
					fail('Open Tracking is only possible for HTML mailings: this mailing has no HTML content');
				}
			}
			if (htmlGiven || textGiven) {
				if (!(html ?? '').trim() && !(text ?? '').trim()) {
					fail('Content cannot be empty: the mailing would have neither HTML nor text content');
				}
				body.content = buildContent((html ?? '').trim() ? html! : '', (text ?? '').trim() ? text! : '');
			}
			if (Object.keys(settingsResult.settings).length) body.settings = settingsResult.settings;
			if (settingsResult.tags) body.tags = settingsResult.tags;

			await cleverReachApiRequest.call(this, 'PUT', `/mailings.json/${mailingId}`, {
				body,
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			// The output is the mailing as CleverReach stored it after the change.
			const { mailing } = await readMailing(this, mailingId, i);
			return { ...simplifyMailing(mailing), updated: true };
		});
	},
};
