/** A mailing as CleverReach stores it: its states, reading it (with CleverReach's clock), its simplified output. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { nowSeconds } from '../../../shared/parameters';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { OutputShape } from '../../../shared/output';

export const MAILING_STATES = ['draft', 'waiting', 'running', 'finished'] as const;

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

/** Output: Simplified of Get and Get Many (picked from `simplifyMailing`). */
export const MAILING_OUTPUT: OutputShape = {
	simplified: ['id', 'name', 'subject', 'state', 'sender_email', 'groupIds', 'contentType', 'send_on', 'started', 'finished'],
	default: 'simplified',
	legacySimplify: true,
	prepare: simplifyMailing,
};

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
