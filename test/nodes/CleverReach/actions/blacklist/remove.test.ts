import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'blacklist', operation: 'remove' };

describe('Blacklist › Remove', () => {
	const cr = useSimulator();

	it('removes an address from the account blacklist (URL-encoded in the path)', async () => {
		cr.sim.model.addBlacklist({ email: 'x+tag@example.com', comment: 'old' });
		cr.sim.model.addBlacklist({ email: 'keep@example.com' });
		const { items, error } = await cr.run({ ...base, scope: 'account', email: 'x+tag@example.com' });
		expect(error).toBeUndefined();
		const [request] = cr.sim.requests();
		expect([request.method, request.rawPath]).toEqual(['DELETE', '/v3/blacklist.json/x%2Btag%40example.com']);
		expect(request.path).toBe('/v3/blacklist/x+tag@example.com');
		expect(items!.map((i) => i.json)).toEqual([{ removed: true, email: 'x+tag@example.com' }]);
		expect(cr.sim.model.listBlacklist().map((e) => e.email)).toEqual(['keep@example.com']);
	});

	it("removes an address from a group's blacklist only", async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.addBlacklist({ email: 'a@example.com' }, group.id);
		cr.sim.model.addBlacklist({ email: 'a@example.com' });
		const { items } = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), email: 'a@example.com' });
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /v3/groups/${group.id}/blacklist/a@example.com`,
		]);
		expect(items![0].json).toEqual({ removed: true, email: 'a@example.com', groupId: group.id });
		expect(cr.sim.model.listBlacklist(group.id)).toEqual([]);
		expect(cr.sim.model.listBlacklist()).toHaveLength(1);
	});

	it('says when the address is not on the blacklist, and rejects a malformed one locally', async () => {
		const missing = await cr.run({ ...base, scope: 'account', email: 'nobody@example.com' });
		expect(missing.error?.message).toBe(
			'nobody@example.com is not on the account blacklist (CleverReach: Not Found: email not blacklisted)',
		);
		expect(missing.error?.httpCode).toBe('404');

		cr.sim.resetLog();
		const bad = await cr.run({ ...base, scope: 'account', email: 'nobody@' });
		expect(bad.error?.message).toBe('Email "nobody@" is not a valid email address');
		expect(cr.sim.log).toHaveLength(0);
	});
});
