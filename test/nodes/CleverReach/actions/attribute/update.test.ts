import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'attribute', operation: 'update' };

describe('Attribute › Update', () => {
	const cr = useSimulator();

	it('updates an attribute given by numeric ID, without looking it up', async () => {
		const attr = cr.sim.model.createAttribute({ name: 'points', type: 'number' }) as { id: number };
		const { items, error } = await cr.run({
			...base,
			scope: 'global',
			attribute: `={{ ${attr.id} }}`,
			updateFields: { description: 'Loyalty points', default_value: '0' },
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => [r.method, r.path, r.body])).toEqual([
			['PUT', `/v3/attributes/${attr.id}`, { description: 'Loyalty points', default_value: '0' }],
		]);
		expect(items![0].json).toMatchObject({ id: attr.id, name: 'points', description: 'Loyalty points', default_value: '0' });
		expect(cr.sim.model.attributes.get(attr.id)).toMatchObject({ description: 'Loyalty points', default_value: '0' });
	});

	it('resolves a name picked from the group list to its ID', async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.createAttribute({ name: 'plan', type: 'text' }); // a global one with the same name
		const local = cr.sim.model.createAttribute({ name: 'plan', type: 'text' }, group.id) as { id: number };
		const { items, error } = await cr.run({
			...base,
			scope: 'group',
			groupId: rl(group.id),
			attribute: 'plan',
			updateFields: { preview_value: 'gold' },
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v3/groups/${group.id}/attributes`,
			`PUT /v3/attributes/${local.id}`,
		]);
		expect(items![0].json).toMatchObject({ id: local.id, groups_id: Number(group.id), preview_value: 'gold' });
		expect(cr.sim.model.attributes.get(local.id)?.preview_value).toBe('gold');
		const global = cr.sim.model.listAttributes(0) as Array<{ preview_value: string }>;
		expect(global[0].preview_value).toBe('');
	});

	it('says which scope lacks an unknown name, and names an unknown ID', async () => {
		cr.sim.model.createAttribute({ name: 'firstname', type: 'text' });
		const byName = await cr.run({
			...base,
			scope: 'global',
			attribute: '={{ "lastname" }}',
			updateFields: { description: 'x' },
		});
		expect(byName.error?.message).toBe('Attribute "lastname" was not found among the global attributes');
		expect(byName.error?.description).toMatch(/Known names: firstname/);
		expect(cr.sim.count('PUT')).toBe(0);

		const byId = await cr.run({ ...base, scope: 'global', attribute: '={{ "999" }}', updateFields: { description: 'x' } });
		expect(byId.error?.message).toBe('Attribute 999 was not found (CleverReach: Not Found: invalid attribute)');
		expect(byId.error?.httpCode).toBe('404');
	});

	it('requires at least one field to change before any request', async () => {
		const { error } = await cr.run({ ...base, scope: 'global', attribute: '={{ 5 }}', updateFields: {} });
		expect(error?.message).toBe('Update Fields: add at least one field to change');
		expect(cr.sim.log).toHaveLength(0);
	});
});
