import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'attribute', operation: 'delete' };

describe('Attribute › Delete', () => {
	const cr = useSimulator();

	it('deletes a global attribute by name, and its values on receivers', async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		const attr = cr.sim.model.createAttribute({ name: 'nickname', type: 'text' }) as { id: number };
		cr.sim.model.addReceiver(group.id, { email: 'a@example.com', global_attributes: { nickname: 'Al' } });
		const { items, error } = await cr.run({ ...base, scope: 'global', attribute: 'nickname' });
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /v3/attributes',
			`DELETE /v3/attributes/${attr.id}`,
		]);
		expect(items!.map((i) => i.json)).toEqual([{ deleted: true }]);
		expect(cr.sim.model.attributes.has(attr.id)).toBe(false);
		const receiver = cr.sim.model.getReceiver(group.id, 'a@example.com') as { global_attributes: object };
		expect(receiver.global_attributes).not.toHaveProperty('nickname');
	});

	it('deletes a group attribute by ID', async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		const attr = cr.sim.model.createAttribute({ name: 'plan', type: 'text' }, group.id) as { id: number };
		const { items } = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), attribute: `={{ "${attr.id}" }}` });
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v3/attributes/${attr.id}`]);
		expect(items![0].json).toEqual({ deleted: true });
		expect(cr.sim.model.listAttributes(group.id)).toEqual([]);
	});

	it('with Continue On Fail, an unknown attribute becomes an error item and the rest are deleted', async () => {
		const a = cr.sim.model.createAttribute({ name: 'a', type: 'text' }) as { id: number };
		const b = cr.sim.model.createAttribute({ name: 'b', type: 'text' }) as { id: number };
		const { items, error } = await cr.run(
			{ ...base, scope: 'global', attribute: '={{ $json.attr }}' },
			[{ attr: a.id }, { attr: 'nope' }, { attr: 123456789 }, { attr: b.id }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => [i.pairedItem, i.json.error ?? i.json.deleted])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, 'Attribute "nope" was not found among the global attributes'],
			[{ item: 2 }, 'Attribute 123456789 was not found (CleverReach: Not Found: invalid attribute)'],
			[{ item: 3 }, true],
		]);
		expect(cr.sim.model.attributes.size).toBe(0);
	});

	it('without Continue On Fail, stops at the failing item and names it', async () => {
		const { error } = await cr.run({ ...base, scope: 'global', attribute: '={{ $json.attr }}' }, [{ attr: '' }]);
		expect(error?.message).toBe('Attribute is required');
		expect(cr.sim.log).toHaveLength(0);
	});
});
