import { NodeOperationError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { mailingLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/utils';
import { forEachItem, getId, showFor } from '../../../shared/utils';
import { readDate } from '../../../shared/parameters';
import { isoFromUnix, nowSeconds } from './helpers';

/** A scheduled time up to this many seconds in the past counts as "now" (an expression like {{ $now }}). */
export const PAST_TOLERANCE_SECONDS = 60;

export const release: Operation = {
	description: showFor('mailing', 'release', [
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
				{ name: 'Now', value: 'now', description: 'Send immediately' },
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
				'When to send, e.g. 2030-05-01T09:30:00 (workflow timezone unless an offset is given) or a unix timestamp. Must not be in the past.',
			displayOptions: { show: { when: ['scheduled'] } },
		},
	]),
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const mailingId = getId(this, 'mailingId', i, 'Mailing');
			const when = this.getNodeParameter('when', i, 'now') as string;
			const now = nowSeconds();
			let time = now;
			if (when === 'scheduled') {
				const raw = this.getNodeParameter('scheduledTime', i, '') as unknown;
				if (raw === '' || raw === null || raw === undefined) {
					throw new NodeOperationError(this.getNode(), 'Scheduled Time is required when Send is "At a Scheduled Time"', {
						itemIndex: i,
					});
				}
				time = readDate(this, raw, 'Scheduled Time', i) as number;
				if (time < now - PAST_TOLERANCE_SECONDS) {
					throw new NodeOperationError(
						this.getNode(),
						`Scheduled Time ${isoFromUnix(time)} is in the past: choose a future time or Send "Now"`,
						{ itemIndex: i, description: `Item ${i}: it is now ${isoFromUnix(now)}.` },
					);
				}
				time = Math.max(time, now);
			} else if (when !== 'now') {
				throw new NodeOperationError(this.getNode(), `Send must be "now" or "scheduled", not "${when}"`, {
					itemIndex: i,
				});
			}
			await cleverReachApiRequest.call(this, 'POST', `/mailings.json/${mailingId}/release`, {
				body: { time },
				itemIndex: i,
				notFoundMessage: `Mailing ${mailingId} was not found`,
			});
			return { id: mailingId, released: true, time, sendAt: isoFromUnix(time) };
		});
	},
};
