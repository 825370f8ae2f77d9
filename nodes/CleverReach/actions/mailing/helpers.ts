/**
 * Helpers shared by the mailing operations: mailing bodies, CleverReach's mailing rules checked locally before any
 * request (dates: shared/parameters.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { groupLocator } from '../../../shared/descriptions';
import { cleverReachApiRequest } from '../../../shared/transport';
import { isEmail, itemError, nowSeconds, optionalNumericId, truncate } from '../../../shared/parameters';

export const MAILING_STATES = ['draft', 'waiting', 'running', 'finished'] as const;

const LINK_TRACKING_TYPES = ['google', 'intelliad', 'crconnect'];
const EDITORS = ['advanced', 'eddytor', 'freeform', 'plaintext', 'wizard'];

/** The value of a resource locator read without `extractValue` (list, ID or URL mode). */
function locatorValue(raw: unknown): string {
	if (raw && typeof raw === 'object' && 'value' in raw) {
		const { mode, value } = raw as { mode?: string; value?: unknown };
		const text = value === undefined || value === null ? '' : String(value).trim();
		if (mode === 'url') return /[?&]id=([0-9]+)/.exec(text)?.[1] ?? text;
		return text;
	}
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

/**
 * The target group IDs of a mailing: the groups picked in "Target Groups" plus those listed in
 * "Target Group IDs" (comma-separated text or an array), deduplicated, each checked to be numeric.
 */
export function readGroupIds(context: IExecuteFunctions, itemIndex: number): string[] {
	const picked = context.getNodeParameter('targetGroups.groups', itemIndex, []) as IDataObject[];
	const listed = context.getNodeParameter('groupIdList', itemIndex, '') as unknown;
	const values: string[] = [];
	for (const entry of picked ?? []) values.push(locatorValue(entry.groupId));
	const fromList = Array.isArray(listed)
		? listed.map((v) => locatorValue(v))
		: String(listed ?? '')
				.split(/[,;\s]+/)
				.map((v) => v.trim());
	values.push(...fromList.filter((v) => v !== ''));
	const ids: string[] = [];
	for (const value of values) {
		if (!value) throw itemError(context, 'Target Groups: one of the group entries is empty; pick a group or remove the entry', itemIndex);
		if (!/^[0-9]+$/.test(value)) {
			throw itemError(context, `Target Groups: "${truncate(value)}" is not a numeric CleverReach group ID`, itemIndex);
		}
		if (!ids.includes(value)) ids.push(value);
	}
	return ids;
}

/** CleverReach's content object: the type follows from which parts are given. */
export function buildContent(html: string, text: string): IDataObject {
	const type = html && text ? 'html/text' : html ? 'html' : 'text';
	return { type, ...(html ? { html } : {}), ...(text ? { text } : {}) };
}

/** Checks a sender email locally, so that no request is sent with a malformed address. */
export function checkSenderEmail(context: IExecuteFunctions, email: string, itemIndex: number): string {
	const value = email.trim();
	if (!value) throw itemError(context, 'Sender Email is required', itemIndex, `Item ${itemIndex}: the sender email address is empty.`);
	if (!isEmail(value)) throw itemError(context, `Sender Email "${truncate(value)}" is not a valid email address`, itemIndex);
	return value;
}

/** The "Options" of a mailing (tracking, category, editor, unsubscribe form, tags) as UI fields. */
export function mailingOptionFields(): INodeProperties[] {
	return [
		{
			displayName: 'Category ID',
			name: 'categoryId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12',
			description: 'Numeric ID of the mailing category, as shown in CleverReach (mailing categories)',
		},
		{
			displayName: 'Click Tracking',
			name: 'clickTracking',
			type: 'boolean',
			default: true,
			description: 'Whether clicks on links in the mailing are tracked',
		},
		{
			displayName: 'Editor',
			name: 'editor',
			type: 'options',
			default: 'advanced',
			description: 'The CleverReach editor the mailing is opened with in the CleverReach UI',
			options: [
				{ name: 'Advanced (HTML)', value: 'advanced' },
				{ name: 'Eddytor', value: 'eddytor', description: 'CleverReach’s current drag-and-drop editor' },
				{ name: 'Freeform', value: 'freeform' },
				{ name: 'Plain Text', value: 'plaintext' },
				{ name: 'Wizard (Drag and Drop)', value: 'wizard' },
			],
		},
		{
			displayName: 'Google Campaign Name',
			name: 'googleCampaignName',
			type: 'string',
			default: '',
			description:
				'Campaign name added to links for Google Analytics (utm_campaign). Only allowed when Link Tracking Type is Google.',
		},
		{
			displayName: 'Link Tracking Type',
			name: 'linkTrackingType',
			type: 'options',
			default: 'google',
			description: 'Which web-analytics parameters are appended to the links of the mailing',
			options: [
				{ name: 'CleverReach Connect', value: 'crconnect' },
				{ name: 'Google Analytics', value: 'google' },
				{ name: 'intelliAd', value: 'intelliad' },
			],
		},
		{
			displayName: 'Link Tracking URL',
			name: 'linkTrackingUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. 27.example.cleverreach.com',
			description: 'Domain used for tracked links (your CleverReach tracking domain)',
		},
		{
			displayName: 'Open Tracking',
			name: 'openTracking',
			type: 'boolean',
			default: true,
			description:
				'Whether opens are tracked (with an invisible image). Only possible for mailings that have HTML content.',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. spring, promo',
			description: 'Tags of the mailing, separated by commas',
		},
		{
			displayName: 'Unsubscribe Form ID',
			name: 'unsubscribeFormId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 123456',
			description: 'Numeric ID of the form whose unsubscribe page the unsubscribe link opens; list the forms first with Form › Get Many',
		},
	];
}

/** The Target Groups / Target Group IDs / Segment ID parameters. */
export function targetFields(): INodeProperties[] {
	return [
		{
			displayName: 'Target Groups',
			name: 'targetGroups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Group',
			description:
				'Groups (recipient lists) that receive the mailing. Give at least one group (here or in Target Group IDs) or a Segment (Filter) ID.',
			options: [
				{
					displayName: 'Groups',
					name: 'groups',
					values: [groupLocator({ description: 'A group that receives the mailing' })],
				},
			],
		},
		{
			displayName: 'Target Group IDs',
			name: 'groupIdList',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1234567, 7654321',
			description:
				'Numeric IDs of groups that receive the mailing, separated by commas (or an array from an expression), e.g. for an AI agent. Added to Target Groups.',
		},
		{
			displayName: 'Segment (Filter) ID',
			name: 'filterId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 98765',
			description:
				'Numeric ID of a segment (group filter) to send to only the receivers matching it, as shown in CleverReach under the group’s segments. Optional when groups are given.',
		},
	];
}

/**
 * Builds `settings` (and `tags`) from the options, enforcing CleverReach's rules:
 * open tracking needs HTML content; a Google campaign name needs link tracking type Google.
 * `hasHtml` undefined = unknown (the content is not changed by this request).
 */
export function buildSettings(
	context: IExecuteFunctions,
	options: IDataObject,
	hasHtml: boolean | undefined,
	itemIndex: number,
): { settings: IDataObject; tags?: string[] } {
	const settings: IDataObject = {};
	if (options.editor !== undefined) {
		const editor = String(options.editor);
		if (!EDITORS.includes(editor)) {
			throw itemError(context, `Editor must be one of ${EDITORS.join(', ')}, not "${truncate(editor)}"`, itemIndex);
		}
		settings.editor = editor;
	}
	if (options.openTracking !== undefined) {
		const open = options.openTracking === true || options.openTracking === 'true';
		if (open && hasHtml === false) {
			throw itemError(
				context,
				'Open Tracking is only possible for HTML mailings: add HTML Content or turn Open Tracking off',
				itemIndex,
				`Item ${itemIndex}: CleverReach tracks opens with an image, which a text-only mailing cannot contain.`,
			);
		}
		settings.open_tracking = open;
	}
	if (options.clickTracking !== undefined) {
		settings.click_tracking = options.clickTracking === true || options.clickTracking === 'true';
	}
	if (options.linkTrackingType !== undefined) {
		const type = String(options.linkTrackingType).toLowerCase();
		if (!LINK_TRACKING_TYPES.includes(type)) {
			throw itemError(
				context,
				`Link Tracking Type must be one of ${LINK_TRACKING_TYPES.join(', ')}, not "${truncate(type)}"`,
				itemIndex,
			);
		}
		settings.link_tracking_type = type;
	}
	const campaign = options.googleCampaignName === undefined ? '' : String(options.googleCampaignName).trim();
	if (campaign) {
		if (settings.link_tracking_type !== 'google') {
			throw itemError(
				context,
				'Google Campaign Name is only allowed when Link Tracking Type is Google',
				itemIndex,
				`Item ${itemIndex}: add the option Link Tracking Type = Google Analytics, or remove Google Campaign Name.`,
			);
		}
		settings.google_campaign_name = campaign;
	}
	const url = options.linkTrackingUrl === undefined ? '' : String(options.linkTrackingUrl).trim();
	if (url) settings.link_tracking_url = url;
	const formId = optionalNumericId(context, options.unsubscribeFormId, itemIndex, 'Unsubscribe Form ID');
	if (formId) settings.unsubscribe_form_id = formId;
	const categoryId = optionalNumericId(context, options.categoryId, itemIndex, 'Category ID');
	if (categoryId) settings.category_id = categoryId;
	let tags: string[] | undefined;
	if (options.tags !== undefined) {
		tags = (Array.isArray(options.tags) ? options.tags.map(String) : String(options.tags).split(','))
			.map((t) => t.trim())
			.filter((t) => t !== '');
	}
	return { settings, ...(tags ? { tags } : {}) };
}

/** A mailing as CleverReach stores it, and CleverReach's clock when it answered (its `Date` header). */
export async function readMailing(
	context: IExecuteFunctions,
	mailingId: string,
	itemIndex: number,
): Promise<{ mailing: IDataObject; serverTime: number }> {
	let date: number | undefined;
	const mailing = await cleverReachApiRequest.call(context, 'GET', `/mailings.json/${mailingId}`, {
		itemIndex,
		notFoundMessage: `Mailing ${mailingId} was not found`,
		onHeaders: (headers) => {
			const parsed = Date.parse(String(headers.date ?? ''));
			if (!Number.isNaN(parsed)) date = Math.floor(parsed / 1000);
		},
	});
	return { mailing, serverTime: date ?? nowSeconds() };
}

/** A mailing without its (large) HTML and text bodies, with a `groupIds` list for easy use. */
export function simplifyMailing(mailing: IDataObject): IDataObject {
	const rest: IDataObject = { ...mailing };
	delete rest.body_html;
	delete rest.body_text;
	const groups = mailing.mailing_groups as IDataObject | undefined;
	if (groups && Array.isArray(groups.group_ids)) rest.groupIds = (groups.group_ids as unknown[]).map(String);
	// The content type as Create Draft / Update take it, from CleverReach's is_html / is_text.
	if (typeof mailing.is_html === 'boolean' && typeof mailing.is_text === 'boolean' && (mailing.is_html || mailing.is_text)) {
		rest.contentType = mailing.is_html && mailing.is_text ? 'html/text' : mailing.is_html ? 'html' : 'text';
	}
	return rest;
}
