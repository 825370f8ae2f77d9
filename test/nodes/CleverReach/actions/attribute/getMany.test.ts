import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'attribute', operation: 'getMany' };

describe('Attribute › Get Many', () => {
	const cr = useSimulator();

	function seed() {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		const m = cr.sim.model;
		m.createAttribute({ name: 'firstname', type: 'text', description: 'First name' });
		m.createAttribute({ name: 'lastname', type: 'text', description: 'Last name' });
		m.createAttribute({ name: 'birthday', type: 'date', description: 'Birthday' });
		m.createAttribute({ name: 'plan', type: 'text', description: 'Plan' }, group.id);
		m.createAttribute({ name: 'points', type: 'number', description: 'Loyalty points' }, group.id);
		return group;
	}

	it('lists the global attributes only, as CleverReach returns them', async () => {
		seed();
		const { items, error } = await cr.run({ ...base, scope: 'global', returnAll: true });
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/attributes']);
		expect(items!.map((i) => i.json)).toEqual(cr.sim.model.listAttributes(0));
		expect(items!.map((i) => i.json.name)).toEqual(['firstname', 'lastname', 'birthday']);
		expect(items![0].json).toMatchObject({ id: expect.any(Number), groups_id: 0, type: 'text', tag: '{FIRSTNAME}' });
		expect(items!.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('lists the local attributes of a group, with Limit and filters', async () => {
		const group = seed();
		const all = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), returnAll: true });
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/groups/${group.id}/attributes`]);
		expect(all.items!.map((i) => [i.json.name, i.json.groups_id])).toEqual([
			['plan', Number(group.id)],
			['points', Number(group.id)],
		]);

		const limited = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), returnAll: false, limit: 1 });
		expect(limited.items!.map((i) => i.json.name)).toEqual(['plan']);

		const byType = await cr.run({ ...base, scope: 'global', returnAll: true, filters: { type: 'date' } });
		expect(byType.items!.map((i) => i.json.name)).toEqual(['birthday']);
		const byLabel = await cr.run({ ...base, scope: 'global', returnAll: true, filters: { nameContains: 'NAME' } });
		expect(byLabel.items!.map((i) => i.json.name)).toEqual(['firstname', 'lastname']);
	});

	it('returns no items for a scope without attributes, and names an unknown group', async () => {
		const empty = await cr.run({ ...base, scope: 'global', returnAll: true });
		expect(empty.error).toBeUndefined();
		expect(empty.items).toEqual([]);

		const missing = await cr.run({ ...base, scope: 'group', groupId: rl('31337'), returnAll: true });
		expect(missing.error?.message).toBe('Group 31337 was not found (CleverReach: Not Found: invalid group)');
	});
});
