import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored } from './fixtures.ts';

describe('Receiver › Activate / Deactivate', () => {
	const cr = useSimulator();

	it('activates an inactive receiver and returns it', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', activated: 0 });
		const { items, error } = await cr.run({
			resource: 'receiver',
			operation: 'activate',
			groupId: rl(groupId),
			receiver: 'jane@example.com',
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim).map((c) => [c.method, c.path])).toEqual([
			['PUT', `/v3/groups/${groupId}/receivers/jane@example.com/activate`],
			['GET', `/v3/groups/${groupId}/receivers/jane@example.com`],
		]);
		expect(items![0].json).toMatchObject({ email: 'jane@example.com', active: true });
		expect(stored(cr.sim, groupId, 'jane@example.com')!.active).toBe(true);
	});

	it('deactivates (unsubscribes) a receiver by ID, keeping the record', async () => {
		const { groupId } = seedAccount(cr.sim);
		const created = cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		const { items } = await cr.run({
			resource: 'receiver',
			operation: 'deactivate',
			groupId: rl(groupId),
			receiver: String(created.id),
		});
		expect(apiCalls(cr.sim)[0]).toMatchObject({ method: 'PUT', path: `/v3/groups/${groupId}/receivers/${created.id}/deactivate` });
		expect(items![0].json).toMatchObject({ id: created.id, active: false });
		expect(items![0].json.deactivated).toBeGreaterThan(0);
		const row = stored(cr.sim, groupId, 'jane@example.com')!;
		expect(row.active).toBe(false);
		expect(row.deactivated).toBeGreaterThan(0);
	});

	it('reports an unknown receiver', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'deactivate', groupId: rl(groupId), receiver: 'ghost@example.com' });
		expect(error?.message).toBe(`Receiver ghost@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`);
		expect(apiCalls(cr.sim)).toHaveLength(1);
	});
});
