import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import { bouncesSince } from '../read/records';
import { emailOf, SEARCH_PAGE_SIZE, SEARCH_PATH } from '../read/search';
import type { PollRun } from '../run';
import type { Candidate } from '../window';
import { isDone, positionPoint } from '../window';
import { completeReceivers, detailOf, FAR_FUTURE, notFoundMessage, rowKey, SAMPLE_SIZE, toCandidate, toNumber } from './rows';
import type { Strategy, StrategyRead, TriggerConfig } from './types';

/**
 * `bounces`: the account's bounce records (GET /bounces.json) name the addresses that bounced since the position;
 * their receivers in the watched groups are looked up (`email eq`, what real clients send). The event is the
 * receiver's `bounced` time, which CleverReach sets itself at the first bounce.
 */
export function bouncesStrategy(): Strategy {
	const lookUp = async (run: PollRun, config: TriggerConfig, email: string) =>
		asArray(
			await run.request('POST', SEARCH_PATH, {
				body: {
					groups: config.groups,
					operator: 'AND',
					rules: [{ field: 'email', logic: 'eq', condition: email }],
					detail: detailOf(config),
					page: 0,
					pagesize: SEARCH_PAGE_SIZE,
				},
				idempotent: true,
				notFoundMessage: notFoundMessage(config),
			}),
		);
	return {
		name: 'bounces',
		complete: completeReceivers,
		describe: "Reads the account's bounce records (GET /bounces.json) and looks up the bounced receivers in the watched groups",
		async probe(run) {
			await bouncesSince(run, FAR_FUTURE);
			return true;
		},
		async read(run, config, state) {
			const position = positionPoint(state);
			const records = (await bouncesSince(run, position.ts - 1)).sort((a, b) => toNumber(a.last_update) - toNumber(b.last_update));
			const candidates: Array<Candidate<IDataObject>> = [];
			let coveredTo: StrategyRead['coveredTo'] = 'all';
			for (const record of records) {
				if (run.outOfTime) {
					coveredTo = { ts: toNumber(record.last_update) - 1, email: '\uffff' };
					break;
				}
				for (const row of await lookUp(run, config, String(record.email ?? ''))) {
					const bounced = toNumber(row.bounced);
					if (bounced > 0 && !isDone(state, bounced, emailOf(row))) {
						candidates.push(toCandidate({ ...row, bounce: record }, bounced, `${rowKey(row)}:${bounced}`));
					}
				}
			}
			return { candidates, coveredTo };
		},
		async sample(run, config) {
			const records = (await bouncesSince(run, 0)).sort((a, b) => toNumber(b.last_update) - toNumber(a.last_update));
			const out: IDataObject[] = [];
			for (const record of records) {
				if (out.length >= SAMPLE_SIZE) break;
				for (const row of await lookUp(run, config, String(record.email ?? ''))) if (toNumber(row.bounced) > 0) out.push({ ...row, bounce: record });
			}
			return out.slice(0, SAMPLE_SIZE);
		},
	};
}
