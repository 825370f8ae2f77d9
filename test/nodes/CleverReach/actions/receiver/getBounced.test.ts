import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount } from './fixtures.ts';

describe('Receiver › Get Bounced', () => {
	const cr = useSimulator();

	it('lists bounced receivers of the account or of one group', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		const m = cr.sim.model;
		m.upsertReceiver(groupId, { email: 'ok@example.com' });
		m.upsertReceiver(groupId, { email: 'b1@example.com' });
		m.upsertReceiver(otherGroupId, { email: 'b2@example.com' });
		m.bounce('b1@example.com');
		m.bounce('b2@example.com');
		const all = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'account', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: '/v3/bounces', query: { page: '0', pagesize: '5000' } }]);
		expect(all.items!.map((i) => i.json.email).sort()).toEqual(['b1@example.com', 'b2@example.com']);
		expect(all.items!.every((i) => Number(i.json.bounced) > 0)).toBe(true);

		cr.sim.resetLog();
		const one = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'group', groupId: rl(otherGroupId), returnAll: false, limit: 10 });
		expect(apiCalls(cr.sim)[0].query).toMatchObject({ group_id: otherGroupId, pagesize: '10' });
		expect(one.items!.map((i) => i.json.email)).toEqual(['b2@example.com']);
	});

	it('reports a missing group', async () => {
		seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'group', groupId: rl('77'), limit: 5 });
		expect(error?.message).toBe('Group 77 was not found (CleverReach: Not Found: invalid group)');
	});
});
