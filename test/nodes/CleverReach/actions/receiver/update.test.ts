import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'update' };

describe('Receiver › Update', () => {
	const cr = useSimulator();

	it('changes attributes, source and replaces the tags of a receiver found by ID', async () => {
		const { groupId } = seedAccount(cr.sim);
		const created = cr.sim.model.upsertReceiver(groupId, {
			email: 'jane@example.com',
			tags: ['old'],
			global_attributes: { firstname: 'Jane', points: '3' },
		});
		const { items, error } = await cr.run({
			...base,
			groupId: rl(groupId),
			receiver: String(created.id),
			globalAttributes: { attribute: [{ name: 'points', value: '-2' }] },
			groupAttributes: { attribute: [{ name: 'plan', value: 'silver' }] },
			updateFields: { source: 'CRM', tagsText: 'a, b' },
		});
		expect(error).toBeUndefined();
		const [put] = apiCalls(cr.sim, 'PUT');
		expect(put.path).toBe(`/v3/groups/${groupId}/receivers/${created.id}`);
		expect(put.body).toEqual({
			source: 'CRM',
			tags: ['a', 'b'],
			global_attributes: { points: '-2' },
			attributes: { plan: 'silver' },
		});
		expect(items![0].json).toMatchObject({ email: 'jane@example.com', source: 'CRM', attributes: { plan: 'silver' } });
		const row = stored(cr.sim, groupId, 'jane@example.com')!;
		expect(row.tags).toEqual(['a', 'b']);
		expect(row.global_attributes).toMatchObject({ firstname: 'Jane', points: '-2' });
	});

	it('needs something to update, and checks attribute types before sending', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		const empty = await cr.run({ ...base, groupId: rl(groupId), receiver: 'jane@example.com' });
		expect(empty.error?.message).toBe('Nothing to update: add an attribute or a field to change');
		const wrongType = await cr.run({
			...base,
			groupId: rl(groupId),
			receiver: 'jane@example.com',
			globalAttributes: { attribute: [{ name: 'birthday', value: 'yesterday' }] },
		});
		expect(wrongType.error?.message).toBe(
			'Attribute "birthday" is a date attribute, but the value "yesterday" is not a date (use YYYY-MM-DD)',
		);
		expect(apiCalls(cr.sim, 'PUT')).toEqual([]);
	});

	it('reports a receiver that is not in the group', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ ...base, groupId: rl(groupId), receiver: 'ghost@example.com', updateFields: { source: 'x' } });
		expect(error?.message).toBe(`Receiver ghost@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`);
		expect(stored(cr.sim, groupId, 'ghost@example.com')).toBeUndefined();
	});
});
