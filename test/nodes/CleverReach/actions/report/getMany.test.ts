import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../../../harness/simulator.ts';
import type { Simulator } from '../../../../simulator/index.ts';
import { seedDraft, seedGroup } from '../mailing/fixtures.ts';
import { apiCalls } from './fixtures.ts';

/** `count` mailings finished one hour apart; returns their IDs and finish times, oldest first. */
function seedReports(sim: Simulator, count: number) {
	const group = seedGroup(sim, 'Main', ['anna@example.com']);
	const sent: Array<{ id: string; finished: number }> = [];
	for (let n = 0; n < count; n++) {
		const id = seedDraft(sim, group.id, { name: `Mailing ${n}` });
		sim.model.finishMailing(id);
		sent.push({ id, finished: sim.clock.now() });
		sim.clock.advance(3600);
	}
	return sent;
}

describe('Report › Get Many', () => {
	const cr = useSimulator();

	it('reads all reports in time windows of at most 100, newest first (the list has no guaranteed order)', async () => {
		const sent = seedReports(cr.sim, 130);
		const { items, error } = await cr.run({ resource: 'report', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		const calls = apiCalls(cr.sim).map((c) => c.query);
		expect(calls.every((q) => q.page === '0' && q.pagesize === '100' && q.start !== undefined && q.end !== undefined)).toBe(true);
		expect(calls.length).toBeLessThanOrEqual(3);
		expect(items!.map((i) => i.json.id)).toEqual([...sent].reverse().map((s) => s.id));
	});

	it('honours the limit, newest first', async () => {
		const sent = seedReports(cr.sim, 5);
		const { items } = await cr.run({ resource: 'report', operation: 'getMany', limit: 2 });
		expect(apiCalls(cr.sim)).toHaveLength(1);
		expect(items!.map((i) => i.json.id)).toEqual([sent[4].id, sent[3].id]);
	});

	it('falls back to page numbers without duplicates when CleverReach ignores the time window', async () => {
		const sent = seedReports(cr.sim, 150);
		// A stand-in for an API that ignores start/end: every request answers the first pages of the whole list.
		const listReports = cr.sim.model.listReports.bind(cr.sim.model);
		cr.sim.model.listReports = (query = {}) => listReports({ page: query.page, pagesize: query.pagesize });
		const { items, error } = await cr.run({ resource: 'report', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.id).sort()).toEqual(sent.map((s) => s.id).sort());
	});

	it('filters by start and end date (sent unix seconds)', async () => {
		const sent = seedReports(cr.sim, 5);
		const start = new Date(sent[1].finished * 1000).toISOString();
		const end = new Date(sent[3].finished * 1000).toISOString();
		const { items } = await cr.run({
			resource: 'report',
			operation: 'getMany',
			returnAll: true,
			filters: { startDate: start, endDate: end },
		});
		expect(apiCalls(cr.sim)[0].query).toEqual({
			start: String(sent[1].finished),
			end: String(sent[3].finished),
			page: '0',
			pagesize: '100',
		});
		expect(items!.map((i) => i.json.id).sort()).toEqual([sent[1].id, sent[2].id, sent[3].id].sort());
	});

	it('refuses an end date before the start date without a request', async () => {
		const { error } = await cr.run({
			resource: 'report',
			operation: 'getMany',
			returnAll: true,
			filters: { startDate: '2030-02-01T00:00:00Z', endDate: '2030-01-01T00:00:00Z' },
		});
		expect(error?.message).toBe('End Date (2030-01-01T00:00:00.000Z) is before Start Date (2030-02-01T00:00:00.000Z)');
		expect(cr.sim.log).toHaveLength(0);
	});
});
