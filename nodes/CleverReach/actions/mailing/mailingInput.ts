/**
 * Reading a mailing's parameters, with CleverReach's mailing rules checked locally before any request: target
 * groups, content, sender email, settings (open tracking needs HTML, a Google campaign needs Google link tracking).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { isEmail, itemError, ONE_OF_HINT, optionalNumericId, truncate } from '../../../shared/parameters';

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
			throw itemError(
				context,
				`Target Groups: "${truncate(value)}" is not a numeric CleverReach group ID`,
				itemIndex,
				'Pick the group from the list, or give its numeric group ID (not its name).',
			);
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
	if (!value) throw itemError(context, 'Sender Email is required', itemIndex, 'Fill in Sender Email with an address verified in CleverReach (e.g. news@shop.example.com).');
	if (!isEmail(value)) throw itemError(
			context,
			`Sender Email "${truncate(value)}" is not a valid email address`,
			itemIndex,
			'Give one address verified in CleverReach, e.g. news@shop.example.com.',
		);
	return value;
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
			throw itemError(context, `Editor must be one of ${EDITORS.join(', ')}, not "${truncate(editor)}"`, itemIndex, ONE_OF_HINT);
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
