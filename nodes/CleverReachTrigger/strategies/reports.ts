/**
 * `reports`, how Mailing Finished is read: a mailing reaches the state "finished", found by when it finished,
 * whatever order CleverReach lists mailings in: `GET /reports.json?start=…` (a report exists once a mailing is
 * sent; docs/cleverreach-api.md §6.1) is filtered by time on the server, and the reports of the last two days are
 * read whole and checked locally. Each finished mailing is then read (`GET /mailings.json/{id}`, plus `GET /reports.json/{id}` with
 * "Include Report"); a mailing whose details cannot be read is kept and tried again at the next polls, and after
 * MAX_TRIES it is emitted with the error instead of blocking later ones.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { reportsSince } from '../read/records';
import type { PollRun } from '../run';
import { asNodeError, isStatus } from '../run';
import type { MailingPending } from '../state';
import { positionPoint } from '../window';
import { toNumber } from './rows';
import type { Strategy, TriggerConfig } from './types';

export const MAX_TRIES = 3;
/** Mailings waiting for their details at most (the oldest is emitted with its error when more come). */
const MAX_PENDING = 20;

/** Whether the mailing went to a watched group (all groups: always; no group info: kept). */
function watched(mailing: IDataObject, config: TriggerConfig): boolean {
	if (!config.groups.length) return true;
	const groups = (mailing.mailing_groups as IDataObject | undefined)?.group_ids;
	if (!Array.isArray(groups)) return true;
	return groups.some((g) => config.groups.includes(String(g)));
}

function transient(error: unknown): boolean {
	const code = Number((error as { httpCode?: unknown }).httpCode ?? NaN);
	return !(error instanceof NodeApiError) || Number.isNaN(code) || code === 429 || code >= 500;
}

/** The mailing and (with "Include Report") its report; a missing report (404) is `report: null`. */
async function details(run: PollRun, config: TriggerConfig, id: string): Promise<IDataObject> {
	const mailing = await run.request('GET', `/mailings.json/${encodeURIComponent(id)}`);
	if (!config.includeReport) return mailing;
	try {
		return { ...mailing, report: await run.request('GET', `/reports.json/${encodeURIComponent(id)}`) };
	} catch (error) {
		if (isStatus(error, 404)) return { ...mailing, report: null };
		throw asNodeError(run, error);
	}
}

export const reportsStrategy: Strategy = {
	name: 'reports',
	describe: 'Reads the reports of the mailings sent in the last two days (GET /reports.json?start=…) and checks when each finished',
	async probe(run) {
		await reportsSince(run, 4_102_444_800);
		return true;
	},
	async read(run, config, state) {
		const rows = (await reportsSince(run, positionPoint(state).ts - 1)).filter((r) => watched(r, config));
		return {
			candidates: rows.map((r) => ({ ts: toNumber(r.finished), email: '', key: String(r.id), data: { id: String(r.id), finished: toNumber(r.finished), entry: r } })),
			coveredTo: 'all',
		};
	},
	async complete(run, config, state, emitted) {
		const queue: MailingPending[] = [
			...(state.pending ?? []),
			...emitted.map((e) => ({ id: String(e.id), finished: toNumber(e.finished), tries: 0 })),
		];
		const out: IDataObject[] = [];
		const keep: MailingPending[] = [];
		for (const item of queue) {
			try {
				out.push(await details(run, config, item.id));
			} catch (error) {
				const tries = item.tries + 1;
				if (transient(error) && tries < MAX_TRIES && keep.length < MAX_PENDING && !run.outOfTime) {
					keep.push({ ...item, tries });
				} else {
					out.push({ id: item.id, finished: item.finished, state: 'finished', detailsError: (error as Error).message });
				}
			}
		}
		if (keep.length) state.pending = keep;
		else delete state.pending;
		return out;
	},
	async sample(run, config) {
		const now = run.now();
		for (const back of [30 * 86_400, 365 * 86_400, now]) {
			const rows = (await reportsSince(run, Math.max(0, now - back))).filter((r) => watched(r, config) && toNumber(r.finished) > 0);
			if (rows.length) {
				const newest = rows.sort((a, b) => toNumber(b.finished) - toNumber(a.finished))[0];
				return [await details(run, config, String(newest.id))];
			}
		}
		return [];
	},
};
