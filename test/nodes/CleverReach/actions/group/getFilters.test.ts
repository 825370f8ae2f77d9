import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator';

describe('Group › Get Filters', () => {
	const cr = useSimulator();

	const segments = (groupId: string) => {
		const vip = cr.sim.model.createFilter(groupId, {
			name: 'VIP',
			rules: [{ field: 'tags', logic: 'contains', condition: 'vip' }],
		}) as { id: string };
		const shop = cr.sim.model.createFilter(groupId, {
			name: 'Shop customers in Kiel',
			operator: 'AND',
			rules: [
				{ field: 'source', logic: 'eq', condition: 'Shop' },
				{ field: 'city', logic: 'eq', condition: 'Kiel' },
			],
		}) as { id: string };
		return { vip, shop };
	};

	it("returns one item per filter of the group, as CleverReach stores them, with the group's ID", async () => {
		const group = cr.sim.model.createGroup({ name: 'Newsletter' });
		const other = cr.sim.model.createGroup({ name: 'Other' });
		cr.sim.model.createAttribute({ name: 'city', type: 'text' });
		const { vip, shop } = segments(group.id);
		cr.sim.model.createFilter(other.id, { name: 'Not this group', rules: [{ field: 'email', logic: 'contains', condition: '@' }] });

		const { items, error } = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl(group.id) });
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json)).toEqual([
			{ groupId: group.id, id: vip.id, name: 'VIP', rules: [{ operator: '', field: 'tags', logic: 'contains', condition: 'vip' }] },
			{
				groupId: group.id,
				id: shop.id,
				name: 'Shop customers in Kiel',
				rules: [
					{ operator: '', field: 'source', logic: 'eq', condition: 'Shop' },
					{ operator: 'AND', field: 'city', logic: 'eq', condition: 'Kiel' },
				],
			},
		]);
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/groups/${group.id}/filters`]);
	});

	it("gives a filter ID that Mailing › Create Draft takes as the mailing's segment", async () => {
		const group = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.model.createAttribute({ name: 'city', type: 'text' });
		const { vip } = segments(group.id);
		const listed = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl(group.id) });
		const filterId = String(listed.items![0].json.id);
		const { items, error } = await cr.run({
			resource: 'mailing',
			operation: 'create',
			name: 'VIP offers',
			subject: 'Only for you',
			senderEmail: 'news@example.com',
			htmlContent: '<p>Hello</p>',
			filterId,
		});
		expect(error).toBeUndefined();
		expect(cr.sim.model.mailings.get(String(items![0].json.id))!.filterId).toBe(vip.id);
	});

	it('gives no items for a group without filters, also when CleverReach answers an empty list with 204', async () => {
		const group = cr.sim.model.createGroup({ name: 'Plain' });
		const empty = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl(group.id) });
		expect(empty.error).toBeUndefined();
		expect(empty.items).toEqual([]);
		cr.sim.config.emptyListStatus = 204;
		const noContent = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl(group.id) });
		expect(noContent.error).toBeUndefined();
		expect(noContent.items).toEqual([]);
	});

	it('names the group that does not exist, and refuses a group name before sending anything', async () => {
		const missing = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl('999999') });
		expect(missing.error?.message).toMatch(/^Group 999999 was not found \(CleverReach: Not Found: .*\)$/);
		expect(missing.error?.httpCode).toBe('404');

		cr.sim.resetLog();
		const byName = await cr.run({ resource: 'group', operation: 'getFilters', groupId: rl('={{ "Newsletter" }}') });
		expect(byName.error?.message).toBe('Group must be a numeric CleverReach ID, not "Newsletter"');
		expect(cr.sim.log).toHaveLength(0);
	});
});
