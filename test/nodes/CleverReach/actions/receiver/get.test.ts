import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'get' };

describe('Receiver › Get', () => {
	const cr = useSimulator();

	it('gets a receiver of a group by email, with events, orders and tags', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane+news@example.com', tags: ['vip'], global_attributes: { firstname: 'Jane' } });
		const { items, error } = await cr.run({ ...base, scope: 'group', groupId: rl(groupId), receiver: 'jane+news@example.com' });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([
			{ method: 'GET', path: `/v3/groups/${groupId}/receivers/jane+news@example.com`, status: 200 },
		]);
		expect(items![0].json).toMatchObject({
			email: 'jane+news@example.com',
			group_id: groupId,
			tags: ['vip'],
			global_attributes: { firstname: 'Jane' },
			events: [expect.objectContaining({ type: 'api', type_id: 'REST insert' })],
			orders: [],
		});
	});

	it('gets a receiver account-wide by numeric ID', async () => {
		const { otherGroupId } = seedAccount(cr.sim);
		const created = cr.sim.model.upsertReceiver(otherGroupId, { email: 'bob@example.com' });
		const { items } = await cr.run({ ...base, scope: 'account', receiver: String(created.id) });
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/receivers/${created.id}` }]);
		expect(items![0].json).toMatchObject({ id: created.id, email: 'bob@example.com', group_id: otherGroupId });
	});

	it('says which receiver was not found in which group', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ ...base, scope: 'group', groupId: rl(groupId), receiver: 'nobody@example.com' });
		expect(error?.message).toBe(
			`Receiver nobody@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`,
		);
	});

	it('rejects a reference that is neither an ID nor an email, without a request', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ ...base, scope: 'group', groupId: rl(groupId), receiver: 'Jane Doe' });
		expect(error?.message).toBe('Receiver "Jane Doe" is neither a numeric receiver ID nor a valid email address');
		expect(apiCalls(cr.sim)).toEqual([]);
	});
});
