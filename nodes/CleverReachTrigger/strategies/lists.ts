/** `lists`: per group, `GET /groups.json/{id}/receivers?order_by=<field> desc`, newest first. */
import type { IDataObject } from 'n8n-workflow';
import { asArray } from '../../shared/transport';
import { readGroupSince } from '../read/lists';
import { emailOf } from '../read/search';
import type { PollRun } from '../run';
import { asNodeError, isStatus } from '../run';
import type { TriggerState } from '../state';
import type { Candidate } from '../window';
import { isDone, positionPoint } from '../window';
import type { ReceiverEventSpec } from './rows';
import { completeReceivers, contentHash, detailOf, notFoundMessage, rowKey, SAMPLE_SIZE, toCandidate, toNumber } from './rows';
import type { Strategy, TriggerConfig } from './types';

const GROUPS_REFRESH_SECONDS = 600;

/** The watched groups; for "all groups" the account's groups, listed again every few minutes. */
async function watchedGroups(run: PollRun, config: TriggerConfig, state: TriggerState): Promise<string[]> {
	if (config.groups.length) return config.groups;
	const now = run.now();
	if (!state.groups || !state.groupsAt || now - state.groupsAt >= GROUPS_REFRESH_SECONDS || now < state.groupsAt) {
		const groups = asArray(await run.request('GET', '/groups.json'));
		state.groups = groups.map((g) => String(g.id)).sort((a, b) => Number(a) - Number(b));
		state.groupsAt = run.now();
	}
	return state.groups;
}

/** `lists`: each watched group's receivers newest first (`order_by=<field> desc`); one request per group when idle. */
export function listsStrategy(spec: ReceiverEventSpec & { field: 'registered' | 'last_changed' }, keyed: 'row' | 'content'): Strategy {
	const list = (config: TriggerConfig) => ({ field: spec.field, detail: detailOf(config), timeOf: (row: IDataObject) => toNumber(row[spec.field]) });
	const keyOf = (row: IDataObject) => (keyed === 'row' ? rowKey(row) : `${rowKey(row)}:${contentHash(row)}`);
	return {
		name: `lists:${spec.field}`,
		complete: completeReceivers,
		describe: `Reads each watched group's receivers newest first (GET /groups.json/{id}/receivers?order_by=${spec.field} desc)`,
		async probe(run, config, state?: TriggerState) {
			const groups = await watchedGroups(run, config, state ?? ({} as TriggerState));
			for (const group of groups.slice(0, 1)) {
				try {
					const rows = asArray(
						await run.request('GET', `/groups.json/${group}/receivers`, {
							qs: { page: 0, pagesize: 50, type: 'all', detail: 0, order_by: `${spec.field} desc` },
							notFoundMessage: notFoundMessage(config),
						}),
					);
					if (!rows.every((row, i) => i === 0 || toNumber(row[spec.field]) <= toNumber(rows[i - 1][spec.field]))) return false;
				} catch (error) {
					if (isStatus(error, 400)) return false;
					throw asNodeError(run, error);
				}
			}
			return true;
		},
		async read(run, config, state) {
			const position = positionPoint(state);
			const candidates: Array<Candidate<IDataObject>> = [];
			for (const group of await watchedGroups(run, config, state)) {
				for (const row of await readGroupSince(run, group, list(config), position.ts)) {
					if (!isDone(state, toNumber(row[spec.field]), emailOf(row)) && (!spec.accept || spec.accept(row, config))) {
						candidates.push(toCandidate(row, toNumber(row[spec.field]), keyOf(row)));
					}
				}
			}
			return { candidates, coveredTo: 'all' };
		},
		async sample(run, config) {
			const rows: IDataObject[] = [];
			for (const group of await watchedGroups(run, config, {} as TriggerState)) {
				rows.push(
					...asArray(
						await run.request('GET', `/groups.json/${group}/receivers`, {
							qs: { page: 0, pagesize: SAMPLE_SIZE, type: 'all', detail: detailOf(config), order_by: `${spec.field} desc` },
							notFoundMessage: notFoundMessage(config),
						}),
					),
				);
			}
			return rows
				.filter((row) => toNumber(row[spec.field]) > 0 && (!spec.accept || spec.accept(row, config)))
				.sort((a, b) => toNumber(b[spec.field]) - toNumber(a[spec.field]))
				.slice(0, SAMPLE_SIZE);
		},
	};
}
