import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'delete' };

describe('Receiver › Delete', () => {
	const cr = useSimulator();

	it('deletes a receiver from one group only', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		cr.sim.model.upsertReceiver(otherGroupId, { email: 'jane@example.com' });
		const { items, error } = await cr.run({ ...base, fromAllGroups: false, groupId: rl(groupId), receiver: 'jane@example.com' });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'DELETE', path: `/v3/groups/${groupId}/receivers/jane@example.com`, status: 200 }]);
		expect(items![0].json).toEqual({ deleted: true });
		expect(stored(cr.sim, groupId, 'jane@example.com')).toBeUndefined();
		expect(stored(cr.sim, otherGroupId, 'jane@example.com')).toBeDefined();
	});

	it('deletes a receiver from all groups', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		cr.sim.model.upsertReceiver(otherGroupId, { email: 'jane@example.com' });
		const { items } = await cr.run({ ...base, fromAllGroups: true, receiver: 'jane@example.com' });
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'DELETE', path: '/v3/receivers/jane@example.com' }]);
		expect(items![0].json).toEqual({ deleted: true });
		expect(stored(cr.sim, groupId, 'jane@example.com')).toBeUndefined();
		expect(stored(cr.sim, otherGroupId, 'jane@example.com')).toBeUndefined();
	});

	it('reports an unknown receiver, per item with Continue On Fail', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		const { items } = await cr.run(
			{ ...base, fromAllGroups: false, groupId: rl(groupId), receiver: '={{ $json.email }}' },
			[{ email: 'ghost@example.com' }, { email: 'jane@example.com' }],
			{ continueOnFail: true },
		);
		expect(items!.map((i) => i.json)).toEqual([
			expect.objectContaining({
				error: `Receiver ghost@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`,
			}),
			{ deleted: true },
		]);
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
