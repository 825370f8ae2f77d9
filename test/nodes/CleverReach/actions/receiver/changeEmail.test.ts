import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'changeEmail' };

describe('Receiver › Change Email', () => {
	const cr = useSimulator();

	it('changes the email of the receiver’s record in the group, keeping its data', async () => {
		const { groupId } = seedAccount(cr.sim);
		const created = cr.sim.model.upsertReceiver(groupId, { email: 'old@example.com', tags: ['vip'] });
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), receiver: 'old@example.com', newEmail: 'new@example.com' });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim).map((c) => [c.method, c.path, c.body])).toEqual([
			['GET', `/v3/groups/${groupId}/receivers/old@example.com`, undefined],
			['PUT', `/v3/receivers/${created.id}/email`, { email: 'new@example.com' }],
		]);
		expect(items![0].json).toMatchObject({ id: created.id, email: 'new@example.com', tags: ['vip'] });
		expect(stored(cr.sim, groupId, 'old@example.com')).toBeUndefined();
		expect(stored(cr.sim, groupId, 'new@example.com')).toMatchObject({ id: created.id });
	});

	it('checks the new email locally and explains a conflict', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com' });
		cr.sim.model.upsertReceiver(groupId, { email: 'b@example.com' });
		const bad = await cr.run({ ...base, groupId: rl(groupId), receiver: 'a@example.com', newEmail: 'b@' });
		expect(bad.error?.message).toBe('New Email "b@" is not a valid email address');
		expect(apiCalls(cr.sim)).toEqual([]);
		const taken = await cr.run({ ...base, groupId: rl(groupId), receiver: 'a@example.com', newEmail: 'b@example.com' });
		expect(taken.error?.message).toBe('Already exists in CleverReach: Conflict: email already exists');
		expect(stored(cr.sim, groupId, 'a@example.com')).toBeDefined();
	});
});
