import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../../../harness/simulator.ts';
import type { Simulator } from '../../../../simulator/index.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

/** Two drafts, one waiting, one running and one finished mailing (newest first: e, d, c, b, a). */
function seedStates(sim: Simulator) {
	const g1 = seedGroup(sim, 'DE');
	const g2 = seedGroup(sim, 'AT', ['carl@example.com']);
	const ids: Record<string, string> = {};
	for (const [key, group, name] of [
		['a', g1.id, 'Winter sale'],
		['b', g2.id, 'Spring sale'],
		['c', g1.id, 'Summer news'],
		['d', g1.id, 'Autumn news'],
		['e', g2.id, 'Draft two'],
	] as const) {
		ids[key] = seedDraft(sim, group, { name });
		sim.clock.advance(10);
	}
	sim.model.finishMailing(ids.a);
	sim.model.releaseMailing(ids.b, sim.clock.now());
	sim.model.releaseMailing(ids.c, sim.clock.now() + 3600);
	return { g1, g2, ids };
}

const base = { resource: 'mailing', operation: 'getMany' };

describe('Mailing › Get Many', () => {
	const cr = useSimulator();

	it('flattens the state-keyed answer into one item per mailing with a state field', async () => {
		const { ids } = seedStates(cr.sim);
		const { items, error } = await cr.run({ ...base, state: 'all', returnAll: true });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: '/v3/mailings', query: {} }]);
		expect(items!.map((i) => [i.json.id, i.json.state])).toEqual([
			[ids.e, 'draft'],
			[ids.d, 'draft'],
			[ids.c, 'waiting'],
			[ids.b, 'running'],
			[ids.a, 'finished'],
		]);
		expect(items![0].json).not.toHaveProperty('body_html');
		expect(items!.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('asks for one state and honours the limit', async () => {
		const { ids } = seedStates(cr.sim);
		const { items } = await cr.run({ ...base, state: 'draft', limit: 1, simplify: false });
		// The limit is applied after sorting newest first: CleverReach's list order is not guaranteed.
		expect(apiCalls(cr.sim)[0].query).toEqual({ state: 'draft' });
		expect(items!.map((i) => i.json.id)).toEqual([ids.e]);
		expect(items![0].json).toMatchObject({ state: 'draft', body_html: expect.stringContaining('<html>') });
	});

	it('lists finished mailings, and filters by group and name locally', async () => {
		const { g1, ids } = seedStates(cr.sim);
		const finished = await cr.run({ ...base, state: 'finished', returnAll: true });
		expect(finished.items!.map((i) => [i.json.id, i.json.state])).toEqual([[ids.a, 'finished']]);
		const byGroup = await cr.run({ ...base, state: 'all', limit: 2, filters: { groupId: g1.id, nameContains: 'NEWS' } });
		expect(apiCalls(cr.sim)[1].query).toEqual({});
		expect(byGroup.items!.map((i) => i.json.name)).toEqual(['Autumn news', 'Summer news']);
	});

	it('returns nothing for an account without mailings', async () => {
		const { items, error } = await cr.run({ ...base, state: 'running', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
		expect(apiCalls(cr.sim)[0].query).toEqual({ state: 'running' });
	});

	it('rejects a non-numeric group filter without a request', async () => {
		const { error } = await cr.run({ ...base, state: 'all', filters: { groupId: 'DE list' } });
		expect(error?.message).toBe('Group ID must be a numeric CleverReach ID, not "DE list"');
		expect(cr.sim.log).toHaveLength(0);
	});
});
