/**
 * Mailing Finished: a mailing reaches the state "finished" (`finished` > 0). Read from
 * `GET /mailings.json?state=finished&limit=N` (docs/cleverreach-api.md §5.1: an object keyed by state); with
 * "Include Report", one `GET /reports.json/{id}` per newly finished mailing adds its figures as `report`.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../shared/transport';
import type { CursorRow } from '../cursor';
import { advance, floorOf, initialState } from '../cursor';
import type { TriggerConfig, TriggerEvent } from './common';
import { groupsLabel, toNumber } from './common';

/** Mailings asked for first; enough for an idle poll. */
const FIRST_LIMIT = 25;
/** Never ask for more than this many at once. */
const MAX_LIMIT = 5000;

function finishedList(body: IDataObject): IDataObject[] {
	const list = body?.finished;
	if (Array.isArray(list)) return list as IDataObject[];
	// Tolerate a plain array (a state-less answer): keep the finished ones.
	if (Array.isArray(body)) return (body as IDataObject[]).filter((m) => toNumber(m.finished) > 0);
	return [];
}

async function listFinished(this: IPollFunctions, limit: number): Promise<IDataObject[]> {
	const body = await cleverReachApiRequest.call(this, 'GET', '/mailings.json', { qs: { state: 'finished', limit } });
	return finishedList(body).filter((m) => toNumber(m.finished) > 0);
}

/** Whether the mailing went to a watched group (all groups: always; no group info in the list: kept). */
function watched(mailing: IDataObject, config: TriggerConfig): boolean {
	if (!config.groups.length) return true;
	const groups = (mailing.mailing_groups as IDataObject | undefined)?.group_ids;
	if (!Array.isArray(groups)) return true;
	return groups.some((g) => config.groups.includes(String(g)));
}

function toRow(mailing: IDataObject): CursorRow<IDataObject> {
	const ts = toNumber(mailing.finished);
	const id = String(mailing.id ?? '');
	return { ts, key: `${id}:${ts}`, order: [toNumber(id)], data: mailing };
}

/**
 * The finished mailings from `floor` on. CleverReach lists them newest first; when every mailing of a full
 * answer is still inside the window, older ones may be missing, so ask again for more.
 */
async function finishedSince(this: IPollFunctions, floor: number): Promise<IDataObject[]> {
	for (let limit = FIRST_LIMIT; ; limit *= 4) {
		const mailings = await listFinished.call(this, limit);
		const full = mailings.length >= limit;
		if (!full || limit >= MAX_LIMIT || mailings.some((m) => toNumber(m.finished) < floor)) return mailings;
	}
}

async function withReports(this: IPollFunctions, config: TriggerConfig, mailings: IDataObject[]) {
	if (!config.includeReport) return mailings;
	const out: IDataObject[] = [];
	for (const mailing of mailings) {
		let report: IDataObject | null = null;
		try {
			report = await cleverReachApiRequest.call(this, 'GET', `/reports.json/${encodeURIComponent(String(mailing.id))}`);
		} catch (error) {
			// No report (yet) for this mailing: emit it without figures rather than hold it back.
			if (!(error instanceof NodeApiError && error.httpCode === '404')) {
				throw error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error);
			}
		}
		out.push({ ...mailing, report });
	}
	return out;
}

export const mailingFinished: TriggerEvent = {
	value: 'mailingFinished',
	stateKey: (config) => `mailingFinished|${groupsLabel(config)}`,

	async start() {
		const mailings = await listFinished.call(this, FIRST_LIMIT);
		const rows = mailings.map(toRow);
		const top = rows.length ? Math.max(...rows.map((r) => r.ts)) : 0;
		return initialState(
			rows.filter((r) => r.ts === top),
			true,
		);
	},

	async poll(config, state) {
		const floor = floorOf(state);
		const rows = (await finishedSince.call(this, floor))
			.filter((m) => watched(m, config))
			.map(toRow)
			.filter((r) => r.ts >= floor);
		const { emit, state: next } = advance(state, rows);
		return { items: await withReports.call(this, config, emit), state: next };
	},

	async sample(config) {
		const mailings = (await listFinished.call(this, FIRST_LIMIT))
			.filter((m) => watched(m, config))
			.sort((a, b) => toNumber(b.finished) - toNumber(a.finished))
			.slice(0, 1);
		if (!mailings.length) {
			const where = config.groups.length ? ` to the watched groups (${config.groups.join(', ')})` : '';
			throw new NodeOperationError(this.getNode(), `No finished mailing${where} found in CleverReach yet`, {
				description:
					'There is nothing to show as a test event. Send a mailing (it must reach the state "finished"), then click "Fetch Test Event" again. Once the workflow is active, only mailings that finish after its activation trigger it.',
			});
		}
		return await withReports.call(this, config, mailings);
	},
};
