import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount } from './fixtures.ts';

describe('Receiver › Get Events', () => {
	const cr = useSimulator();

	it('returns one item per event, newest first, filtered by type', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		cr.sim.clock.advance(60);
		cr.sim.model.addEvent('jane@example.com', { type: 'mail_open', type_id: '1', value: '1.2.3.4' }, groupId);
		cr.sim.clock.advance(60);
		cr.sim.model.addEvent('jane@example.com', { type: 'mail_open', type_id: '2', value: '1.2.3.4' }, groupId);
		const all = await cr.run({ resource: 'receiver', operation: 'getEvents', scope: 'group', groupId: rl(groupId), receiver: 'jane@example.com', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/groups/${groupId}/receivers/jane@example.com` }]);
		expect(all.items!.map((i) => [i.json.type, i.json.type_id])).toEqual([
			['mail_open', '2'],
			['mail_open', '1'],
			['api', 'REST insert'],
		]);
		expect(all.items!.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);

		const opens = await cr.run({ resource: 'receiver', operation: 'getEvents', scope: 'account', receiver: 'jane@example.com', eventType: 'mail_open', returnAll: false, limit: 1 });
		expect(opens.items!.map((i) => i.json.type_id)).toEqual(['2']);
	});

	it('reports an unknown receiver account-wide', async () => {
		seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'getEvents', scope: 'account', receiver: '999999', limit: 5 });
		expect(error?.message).toBe('Receiver 999999 was not found in the account (CleverReach: Not Found: invalid receiver)');
	});
});
