import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'blacklist', operation: 'getMany' };

describe('Blacklist › Get Many', () => {
	const cr = useSimulator();

	it('lists the account blacklist with Return All, and with Limit', async () => {
		for (const email of ['a@example.com', 'b@spam.test', 'c@example.com']) {
			cr.sim.model.addBlacklist({ email, comment: `why ${email}` });
		}
		const all = await cr.run({ ...base, scope: 'account', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/blacklist']);
		expect(all.items!.map((i) => i.json)).toEqual(cr.sim.model.listBlacklist());
		expect(all.items![1].json).toMatchObject({ email: 'b@spam.test', comment: 'why b@spam.test', isLocked: false });

		const limited = await cr.run({ ...base, scope: 'account', returnAll: false, limit: 2 });
		expect(limited.items!.map((i) => i.json.email)).toEqual(['a@example.com', 'b@spam.test']);

		const filtered = await cr.run({ ...base, scope: 'account', returnAll: true, filters: { emailContains: '@EXAMPLE.' } });
		expect(filtered.items!.map((i) => i.json.email)).toEqual(['a@example.com', 'c@example.com']);
	});

	it("lists one group's blacklist, marking the group", async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.addBlacklist({ email: 'g@example.com', comment: 'group only' }, group.id);
		cr.sim.model.addBlacklist({ email: 'account@example.com' });
		const { items } = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), returnAll: true });
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/groups/${group.id}/blacklist`]);
		expect(items!.map((i) => i.json)).toEqual([
			{ ...cr.sim.model.listBlacklist(group.id)[0], groupId: group.id },
		]);
	});

	it('returns nothing for an empty blacklist and names an unknown group', async () => {
		const empty = await cr.run({ ...base, scope: 'account', returnAll: true });
		expect(empty.items).toEqual([]);
		const missing = await cr.run({ ...base, scope: 'group', groupId: rl('5'), returnAll: true });
		expect(missing.error?.message).toBe('Group 5 was not found (CleverReach: Not Found: invalid group)');
	});
});
