import type { IDataObject } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getLimit, itemError, ONE_OF_HINT } from '../../../shared/parameters';
import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { outputProperties, readOutput } from '../../../shared/output';
import { MAILING_OUTPUT, MAILING_STATES } from './storedMailing';

/**
 * `GET /mailings.json` answers an object keyed by state (`{"draft":[...],"finished":[...]}`); this turns it
 * into one row per mailing with a `state` field. A plain array (if the API ever sends one) is accepted too.
 */
export function flattenMailings(body: unknown, requested?: string): IDataObject[] {
	if (Array.isArray(body)) {
		return (body as IDataObject[]).map((m) => ({ ...m, state: m.state ?? requested }));
	}
	if (!body || typeof body !== 'object') return [];
	const byState = body as IDataObject;
	const keys = [
		...MAILING_STATES.filter((s) => s in byState),
		...Object.keys(byState).filter((k) => !(MAILING_STATES as readonly string[]).includes(k)),
	];
	const rows: IDataObject[] = [];
	for (const state of keys) {
		const list = byState[state];
		if (!Array.isArray(list)) continue;
		for (const mailing of list as IDataObject[]) rows.push({ ...mailing, state });
	}
	return rows;
}

/** Newest first (creation time, then ID) within each state; the states keep their order. */
function newestFirstPerState(rows: IDataObject[]): IDataObject[] {
	const states = [...new Set(rows.map((m) => String(m.state)))];
	const created = (m: IDataObject) => Number(m.stamp ?? 0);
	return states.flatMap((state) =>
		rows
			.filter((m) => String(m.state) === state)
			.sort((a, b) => created(b) - created(a) || Number(b.id ?? 0) - Number(a.id ?? 0)),
	);
}

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description:
			'List mailings, optionally only those in one state (draft, waiting, running, finished); one item per mailing with a "state" field',
		action: 'Get many mailings',
	},
	properties: [
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			default: 'all',
			description: 'Which mailings to list, by their sending state',
			options: [
				{ name: 'All', value: 'all', description: 'Mailings in every state' },
				{ name: 'Draft', value: 'draft', description: 'Not released yet (editable)' },
				{ name: 'Finished', value: 'finished', description: 'Sent completely' },
				{ name: 'Running', value: 'running', description: 'Being sent right now' },
				{ name: 'Waiting', value: 'waiting', description: 'Released and scheduled, not started yet' },
			],
		},
		...returnAllOrLimit(),
		filtersCollection('Conditions the mailings must meet (checked by the node on the list CleverReach returns)', [
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1234567',
				description: 'Only mailings sent (or to be sent) to this numeric group ID; list the groups first with Group › Get Many',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only mailings whose name or subject contains this text (case-insensitive)',
			},
		]),
		...outputProperties(MAILING_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const state = this.getNodeParameter('state', i, 'all') as string;
			if (state !== 'all' && !(MAILING_STATES as readonly string[]).includes(state)) {
				throw itemError(this, `State must be one of all, ${MAILING_STATES.join(', ')}, not "${state}"`, i, ONE_OF_HINT);
			}
			const limit = getLimit(this, i);
			const output = readOutput(this, i, MAILING_OUTPUT);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			const nameContains = String(filters.nameContains ?? '').trim().toLowerCase();
			const groupId = String(filters.groupId ?? '').trim();
			if (groupId && !/^[0-9]+$/.test(groupId)) {
				throw itemError(
					this,
					`Group ID must be a numeric CleverReach ID, not "${groupId}"`,
					i,
					'Give the numeric group ID (list the groups with Group › Get Many), or remove the Group ID filter.',
				);
			}
			const qs: IDataObject = {};
			if (state !== 'all') qs.state = state;
			// No `limit` for CleverReach: it is per state and the order of the list is not guaranteed (not even
			// between two requests), so the newest are found only by sorting the whole list here.
			const body = await cleverReachApiRequest.call(this, 'GET', '/mailings.json', { qs, itemIndex: i });
			let rows = newestFirstPerState(flattenMailings(body, state === 'all' ? undefined : state));
			if (state !== 'all') rows = rows.filter((m) => m.state === state);
			if (nameContains) {
				rows = rows.filter((m) =>
					`${String(m.name ?? '')}\n${String(m.subject ?? '')}`.toLowerCase().includes(nameContains),
				);
			}
			if (groupId) {
				rows = rows.filter((m) => {
					const ids = (m.mailing_groups as IDataObject | undefined)?.group_ids;
					return Array.isArray(ids) && ids.map(String).includes(groupId);
				});
			}
			if (limit !== undefined) rows = rows.slice(0, limit);
			return rows.map(output.shape);
		});
	},
};
