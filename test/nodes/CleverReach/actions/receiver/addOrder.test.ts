import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored, UPSERT_PATH } from './fixtures.ts';

describe('Receiver › Add Order', () => {
	const cr = useSimulator();

	it('records an order item for an existing receiver and returns the receiver with its orders', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		const { items, error } = await cr.run({
			resource: 'receiver',
			operation: 'addOrder',
			groupId: rl(groupId),
			receiver: 'jane@example.com',
			order_id: 'A-1001',
			product: 'Running Shoe',
			additionalFields: { product_id: 'SKU-7', price: 89.9, quantity: 2, currency: 'EUR', stamp: '2026-05-01T10:00:00Z', brand: 'Acme' },
		});
		expect(error).toBeUndefined();
		const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upsert.body).toEqual([
			{
				email: 'jane@example.com',
				orders: [
					{
						order_id: 'A-1001',
						product: 'Running Shoe',
						product_id: 'SKU-7',
						price: 89.9,
						currency: 'EUR',
						quantity: 2,
						stamp: Date.parse('2026-05-01T10:00:00Z') / 1000,
						brand: 'Acme',
					},
				],
			},
		]);
		expect(items![0].json.orders).toEqual([expect.objectContaining({ order_id: 'A-1001', product: 'Running Shoe', price: 89.9, quantity: 2 })]);
		expect(stored(cr.sim, groupId, 'jane@example.com')!.orders).toHaveLength(1);
	});

	it('checks required order fields before any request', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({
			resource: 'receiver',
			operation: 'addOrder',
			groupId: rl(groupId),
			receiver: 'jane@example.com',
			order_id: '={{ $json.id }}',
			product: 'Shoe',
		}, [{ id: '' }]);
		expect(error?.message).toBe('Order item 1: Order ID is required');
		expect(apiCalls(cr.sim)).toEqual([]);
	});

	it('reports a receiver who is not in the group', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'addOrder', groupId: rl(groupId), receiver: 'ghost@example.com', order_id: '1', product: 'x' });
		expect(error?.message).toBe(`Receiver ghost@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`);
		expect(apiCalls(cr.sim, 'POST')).toEqual([]);
	});
});
