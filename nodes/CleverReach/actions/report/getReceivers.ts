import type { IDataObject } from 'n8n-workflow';
import { detailBitmask, includeDetailOption, returnAllOrLimit } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { getId, getLimit, isoFromUnix, itemError, ONE_OF_HINT, optionalNumericId, readDate } from '../../../shared/parameters';
import { reportMailingProperty } from './reportMailingProperty';
import { forEachItem } from '../../../shared/items';
import { getAll, MAX_PAGE_SIZE } from '../../../shared/pagination';

export const RECEIVER_EVENTS = ['sent', 'opened', 'notopened', 'clicked', 'notclicked', 'bounced', 'unsubscribed'];

export const getReceivers: Operation = {
	option: {
		name: 'Get Receivers',
		description:
			'List the receivers of a sent mailing by event: sent, opened, not opened, clicked, not clicked, bounced or unsubscribed',
		action: 'Get receivers of a report by event',
	},
	properties: [
		reportMailingProperty(),
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			default: 'opened',
			description: 'Which receivers of the mailing to list, by what they did',
			options: [
				{ name: 'Bounced', value: 'bounced', description: 'The mailing bounced for them' },
				{ name: 'Clicked', value: 'clicked', description: 'They clicked a link' },
				{ name: 'Not Clicked', value: 'notclicked', description: 'They clicked no link' },
				{ name: 'Not Opened', value: 'notopened', description: 'They did not open the mailing' },
				{ name: 'Opened', value: 'opened', description: 'They opened the mailing' },
				{ name: 'Sent', value: 'sent', description: 'Everyone the mailing was sent to' },
				{ name: 'Unsubscribed', value: 'unsubscribed', description: 'They unsubscribed through the mailing' },
			],
		},
		...returnAllOrLimit(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'Optional time range, link and extra receiver data',
			options: [
				{
					displayName: 'From',
					name: 'from',
					type: 'dateTime',
					default: '',
					description: 'Only events from this date and time on',
				},
				includeDetailOption({ default: [], description: 'Extra data to add to each receiver' }),
				{
					displayName: 'Link ID',
					name: 'linkId',
					type: 'string',
					default: '',
					description:
						'For the Clicked event: only receivers who clicked this link (numeric link ID from Get Link Stats)',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'dateTime',
					default: '',
					description: 'Only events up to this date and time',
				},
			],
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const event = String(this.getNodeParameter('event', i, 'opened')).trim().toLowerCase();
			if (!RECEIVER_EVENTS.includes(event)) {
				throw itemError(this, `Event must be one of ${RECEIVER_EVENTS.join(', ')}, not "${event}"`, i, ONE_OF_HINT);
			}
			const limit = getLimit(this, i);
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const qs: IDataObject = {};
			const from = readDate(this, options.from, 'From', i);
			const to = readDate(this, options.to, 'To', i);
			if (from !== undefined) qs.from = from;
			if (to !== undefined) qs.to = to;
			if (qs.from !== undefined && qs.to !== undefined && (qs.to as number) < (qs.from as number)) {
				throw itemError(
					this,
					`To (${isoFromUnix(qs.to as number)}) is before From (${isoFromUnix(qs.from as number)})`,
					i,
				);
			}
			const linkId = optionalNumericId(this, options.linkId, i, 'Link ID');
			if (linkId) {
				if (event !== 'clicked') {
					throw itemError(this, 'Link ID can only be used with the Clicked event', i, 'Choose the Clicked event, or remove Link ID.');
				}
				qs.linkid = linkId;
			}
			const include = (options.include as string[] | undefined) ?? [];
			const detail = detailBitmask(include);
			if (detail) qs.detail = detail;
			const rows = await getAll.call(this, 'GET', `/reports.json/${mailingId}/receivers/${event}`, {
				qs,
				limit,
				maxPageSize: MAX_PAGE_SIZE.reports,
				itemIndex: i,
				notFoundMessage: `No report for mailing ${mailingId} (it does not exist or has not been sent yet)`,
			});
			return rows.map((row) => ({ mailingId, event, ...row }));
		});
	},
};
