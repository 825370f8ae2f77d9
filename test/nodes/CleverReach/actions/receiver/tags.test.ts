import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored, UPSERT_PATH } from './fixtures.ts';

describe('Receiver › Add Tags / Remove Tags', () => {
	const cr = useSimulator();

	it('adds tags (picked and free text), keeping the others, and returns the receiver with its tags', async () => {
		const { groupId } = seedAccount(cr.sim);
		const created = cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', tags: ['old'] });
		const { items, error } = await cr.run({
			resource: 'receiver',
			operation: 'addTags',
			groupId: rl(groupId),
			receiver: String(created.id),
			tags: ['vip'],
			tagsText: 'Shop.Customer, vip',
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim).map((c) => [c.method, c.path])).toEqual([
			['GET', `/v3/groups/${groupId}/receivers/${created.id}`],
			['POST', `/v3/groups/${groupId}/receivers/upsertplus`],
			['GET', `/v3/groups/${groupId}/receivers/jane@example.com`],
		]);
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)[0].body).toEqual([{ email: 'jane@example.com', tags: ['vip', 'Shop.Customer'] }]);
		expect(items![0].json).toMatchObject({ email: 'jane@example.com', tags: ['old', 'vip', 'Shop.Customer'] });
		expect(stored(cr.sim, groupId, 'jane@example.com')!.tags).toEqual(['old', 'vip', 'Shop.Customer']);
	});

	it('removes tags with "-tag" and is not retried blindly', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', tags: ['a', 'b', 'c'] });
		const { items } = await cr.run({
			resource: 'receiver',
			operation: 'removeTags',
			groupId: rl(groupId),
			receiver: 'jane@example.com',
			tagsText: 'A, c',
		});
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)[0].body).toEqual([{ email: 'jane@example.com', tags: ['-A', '-c'] }]);
		expect(items![0].json.tags).toEqual(['b']);
		expect(stored(cr.sim, groupId, 'jane@example.com')!.tags).toEqual(['b']);

		cr.sim.resetLog();
		cr.sim.faults.add({ method: 'POST', path: UPSERT_PATH, status: 502, times: 1 });
		const failed = await cr.run({ resource: 'receiver', operation: 'removeTags', groupId: rl(groupId), receiver: 'jane@example.com', tagsText: 'b' });
		expect(failed.error?.message).toContain('CleverReach is unavailable (HTTP 502)');
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(1);
	});

	it('does not create a receiver that is not in the group', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'addTags', groupId: rl(groupId), receiver: 'ghost@example.com', tagsText: 'x' });
		expect(error?.message).toBe(`Receiver ghost@example.com was not found in group ${groupId} (CleverReach: Not Found: invalid receiver)`);
		expect(apiCalls(cr.sim, 'POST')).toEqual([]);
		expect(stored(cr.sim, groupId, 'ghost@example.com')).toBeUndefined();
	});

	it('needs at least one tag, checked before any request', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'removeTags', groupId: rl(groupId), receiver: 'jane@example.com', tagsText: ' , ' });
		expect(error?.message).toBe('Tags: give at least one tag');
		expect(apiCalls(cr.sim)).toEqual([]);
	});
});
