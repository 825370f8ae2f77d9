import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator';

describe('Group resource', () => {
	const cr = useSimulator();

	it('creates a group and returns CleverReach\'s group object', async () => {
		const { items, error } = await cr.run({ resource: 'group', operation: 'create', name: 'Newsletter DE' });
		expect(error).toBeUndefined();
		expect(cr.sim.requests({ method: 'POST', path: '/v3/groups' }).map((r) => r.body)).toEqual([
			{ name: 'Newsletter DE' },
		]);
		expect(items).toHaveLength(1);
		expect(items![0].json).toMatchObject({ name: 'Newsletter DE', id: expect.stringMatching(/^\d+$/) });
		expect(cr.sim.model.listGroups().map((g) => g.name)).toContain('Newsletter DE');
	});

	it('rejects an empty name before sending anything', async () => {
		const { error } = await cr.run({ resource: 'group', operation: 'create', name: '  ' });
		expect(error?.message).toBe('Name is required');
		expect(cr.sim.log).toHaveLength(0);
	});

	it('gets one group by ID, and names the ID when it does not exist', async () => {
		const group = cr.sim.model.createGroup({ name: 'Customers' });
		const { items } = await cr.run({ resource: 'group', operation: 'get', groupId: rl(group.id) });
		expect(items![0].json).toMatchObject({ id: group.id, name: 'Customers' });

		const missing = await cr.run({ resource: 'group', operation: 'get', groupId: rl('999999') });
		expect(missing.error?.message).toMatch(/^Group 999999 was not found \(CleverReach: Not Found: .*\)$/);
		expect(missing.error?.httpCode).toBe('404');
	});

	it('reads a group ID from a CleverReach URL and refuses a group name in the ID field', async () => {
		const group = cr.sim.model.createGroup({ name: 'From URL' });
		const url = `https://eu2.cleverreach.com/admin/customer_groups_view.php?id=${group.id}`;
		const { items } = await cr.run({ resource: 'group', operation: 'get', groupId: rl(url, 'url') });
		expect(items![0].json.name).toBe('From URL');

		// Typed in the ID field, n8n itself refuses to run (the locator's validation)...
		const typed = await cr.run({ resource: 'group', operation: 'get', groupId: rl('Newsletter DE') });
		expect(typed.error?.message).toMatch(/has issues/);
		expect(typed.error?.message).toMatch(/A group ID is a number/);
		// ...and from an expression, the node names the field and the value.
		const byName = await cr.run({ resource: 'group', operation: 'get', groupId: rl('={{ "Newsletter DE" }}') });
		expect(byName.error?.message).toBe('Group must be a numeric CleverReach ID, not "Newsletter DE"');
		expect(cr.sim.count('GET', /^\/v3\/groups\/\d+$/)).toBe(1);
	});

	it('lists groups with Limit and a name filter, one request for all groups', async () => {
		for (const name of ['Alpha', 'Beta', 'alphabet soup', 'Gamma']) cr.sim.model.createGroup({ name });
		const limited = await cr.run({ resource: 'group', operation: 'getMany', returnAll: false, limit: 2 });
		expect(limited.items).toHaveLength(2);
		const filtered = await cr.run({
			resource: 'group',
			operation: 'getMany',
			returnAll: true,
			filters: { nameContains: 'ALPHA' },
		});
		expect(filtered.items!.map((i) => i.json.name).sort()).toEqual(['Alpha', 'alphabet soup']);
		expect(cr.sim.count('GET', '/v3/groups')).toBe(2);
	});

	it('renames a group and requires at least one field', async () => {
		const group = cr.sim.model.createGroup({ name: 'Old' });
		const { items } = await cr.run({
			resource: 'group',
			operation: 'update',
			groupId: rl(group.id),
			updateFields: { name: 'New' },
		});
		expect(items![0].json.name).toBe('New');
		expect(cr.sim.model.getGroup(group.id).name).toBe('New');

		const empty = await cr.run({ resource: 'group', operation: 'update', groupId: rl(group.id), updateFields: {} });
		expect(empty.error?.message).toBe('Update Fields: add at least one field to change');
	});

	it('returns the statistics CleverReach computes from the receivers', async () => {
		const group = cr.sim.model.createGroup({ name: 'Stats' });
		cr.sim.model.addReceiver(group.id, { email: 'a@example.com' });
		cr.sim.model.addReceiver(group.id, { email: 'b@example.com', activated: 0 });
		const { items } = await cr.run({ resource: 'group', operation: 'getStats', groupId: rl(group.id) });
		expect(items![0].json).toMatchObject({ groupId: group.id, total_count: 2, active_count: 1, inactive_count: 1 });
	});

	it('clears a group (receivers gone, group kept) and deletes a group', async () => {
		const group = cr.sim.model.createGroup({ name: 'Temp' });
		cr.sim.model.addReceiver(group.id, { email: 'a@example.com' });
		const cleared = await cr.run({ resource: 'group', operation: 'clear', groupId: rl(group.id) });
		expect(cleared.items![0].json).toEqual({ cleared: true, groupId: group.id });
		expect(cr.sim.model.groupStats(group.id).total_count).toBe(0);

		const deleted = await cr.run({ resource: 'group', operation: 'delete', groupId: rl(group.id) });
		expect(deleted.items![0].json).toEqual({ deleted: true });
		expect(cr.sim.model.listGroups().some((g) => g.id === group.id)).toBe(false);

		const again = await cr.run({ resource: 'group', operation: 'delete', groupId: rl(group.id) });
		expect(again.error?.message).toMatch(/^Group \d+ was not found/);
	});

	it('with Continue On Fail, returns results for good items and error items for bad ones, in order', async () => {
		const group = cr.sim.model.createGroup({ name: 'Good' });
		const { items, error } = await cr.run(
			{ resource: 'group', operation: 'get', groupId: rl('={{ $json.id }}') },
			[{ id: group.id }, { id: '424242' }, { id: 'not-a-number' }, { id: group.id }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => [i.pairedItem, i.json.name ?? i.json.error])).toEqual([
			[{ item: 0 }, 'Good'],
			[{ item: 1 }, expect.stringMatching(/^Group 424242 was not found/)],
			[{ item: 2 }, 'Group must be a numeric CleverReach ID, not "not-a-number"'],
			[{ item: 3 }, 'Good'],
		]);
	});
});
