import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { getId, isoFromUnix, itemError, ONE_OF_HINT, readDate } from '../../../shared/parameters';
import { forEachItem } from '../../../shared/items';
import { readMailing, simplifyMailing } from './storedMailing';

/** A scheduled time up to this many seconds in the past counts as "now" (an expression like {{ $now }}). */
export const PAST_TOLERANCE_SECONDS = 60;
/**
 * "Now" is released this far ahead of CleverReach's clock: every known client adds 30–120 s (docs
 * /cleverreach-api.md "Mailings"); a release time that has passed when CleverReach processes it is not known to work.
 */
export const SEND_NOW_MARGIN_SECONDS = 60;
/** A scheduled time closer than this to CleverReach's clock is sent with the "now" margin instead. */
export const MIN_MARGIN_SECONDS = 30;

export const release: Operation = {
	option: {
		name: 'Release (Send)',
		description: 'Send a draft mailing to its receivers now or at a scheduled time',
		action: 'Release a mailing',
	},
	properties: [
		{
			displayName:
				'Releasing sends the mailing to all its receivers (now or at the scheduled time). It cannot be undone once sending has started.',
			name: 'releaseNotice',
			type: 'notice',
			default: '',
		},
		mailingLocator({
			description: 'The draft mailing to send. Pick it from the list, or give its numeric ID.',
		}),
		{
			displayName: 'Send',
			name: 'when',
			type: 'options',
			default: 'now',
			description: 'When CleverReach sends the mailing',
			options: [
				{
					name: 'Now',
					value: 'now',
					description: 'Send in about a minute (60 s ahead of CleverReach’s clock, as CleverReach’s own clients do); the output says when',
				},
				{ name: 'At a Scheduled Time', value: 'scheduled', description: 'Send at the date and time given below' },
			],
		},
		{
			displayName: 'Scheduled Time',
			name: 'scheduledTime',
			type: 'dateTime',
			required: true,
			default: '',
			description:
				'When to send, e.g. 2030-05-01T09:30:00 (workflow time zone unless an offset is given) or a unix timestamp. Must not be in the past by CleverReach’s clock; less than 30 s ahead is sent 60 s from now.',
			displayOptions: { show: { when: ['scheduled'] } },
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const when = this.getNodeParameter('when', i, 'now') as string;
			let scheduled: number | undefined;
			if (when === 'scheduled') {
				const raw = this.getNodeParameter('scheduledTime', i, '') as unknown;
				scheduled = readDate(this, raw, 'Scheduled Time', i);
				if (scheduled === undefined) {
					throw itemError(this, 'Scheduled Time is required when Send is "At a Scheduled Time"', i, 'Set Scheduled Time, or choose Send "Now".');
				}
			} else if (when !== 'now') {
				throw itemError(this, `Send must be "now" or "scheduled", not "${when}"`, i, ONE_OF_HINT);
			}
			// CleverReach's clock decides when "now" is (n8n's may be minutes off): read it with the mailing.
			const { serverTime: now } = await readMailing(this, mailingId, i);
			let time = now + SEND_NOW_MARGIN_SECONDS;
			let note: string | undefined;
			if (scheduled !== undefined) {
				if (scheduled < now - PAST_TOLERANCE_SECONDS) {
					throw itemError(
						this,
						`Scheduled Time ${isoFromUnix(scheduled)} is in the past: choose a future time or Send "Now"`,
						i,
						`Item ${i}: it is now ${isoFromUnix(now)} by CleverReach's clock.`,
					);
				}
				if (scheduled < now + MIN_MARGIN_SECONDS) {
					note = `The scheduled time was less than ${MIN_MARGIN_SECONDS} s ahead of CleverReach's clock: sent ${SEND_NOW_MARGIN_SECONDS} s from now instead`;
				} else time = scheduled;
			}
			await cleverReachApiRequest.call(this, 'POST', `/mailings.json/${mailingId}/release`, {
				body: { time },
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			const { mailing } = await readMailing(this, mailingId, i);
			return { ...simplifyMailing(mailing), released: true, time, sendAt: isoFromUnix(time), ...(note ? { note } : {}) };
		});
	},
};
