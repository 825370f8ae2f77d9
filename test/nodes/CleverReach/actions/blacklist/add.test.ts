import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'blacklist', operation: 'add' };

describe('Blacklist › Add', () => {
	const cr = useSimulator();

	it('blocks an address account-wide with a comment and returns the entry', async () => {
		const { items, error } = await cr.run({
			...base,
			scope: 'account',
			email: ' Spam@Example.com ',
			comment: 'Complained by phone',
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/v3/blacklist', { email: 'Spam@Example.com', comment: 'Complained by phone' }],
		]);
		expect(items).toHaveLength(1);
		expect(items![0].json).toMatchObject({
			email: 'Spam@Example.com',
			comment: 'Complained by phone',
			stamp: expect.any(Number),
		});
		expect(cr.sim.model.listBlacklist()).toEqual([expect.objectContaining({ email: 'Spam@Example.com' })]);
	});

	it("blocks an address on one group's blacklist only", async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		const { items, error } = await cr.run({
			...base,
			scope: 'group',
			groupId: rl(group.id),
			email: 'no-shop@example.com',
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `/v3/groups/${group.id}/blacklist`, { email: 'no-shop@example.com', comment: '' }],
		]);
		expect(items![0].json).toMatchObject({ email: 'no-shop@example.com', groupId: group.id });
		expect(cr.sim.model.listBlacklist(group.id)).toEqual([expect.objectContaining({ email: 'no-shop@example.com' })]);
		expect(cr.sim.model.listBlacklist()).toEqual([]);
	});

	it('rejects a malformed address before any request, and names an unknown group', async () => {
		const bad = await cr.run({ ...base, scope: 'account', email: 'spam.example.com' });
		expect(bad.error?.message).toBe('Email "spam.example.com" is not a valid email address');
		expect(cr.sim.log).toHaveLength(0);

		const missing = await cr.run({ ...base, scope: 'group', groupId: rl('404404'), email: 'a@example.com' });
		expect(missing.error?.message).toBe('Group 404404 was not found (CleverReach: Not Found: invalid group)');
		expect(cr.sim.model.listBlacklist()).toEqual([]);
	});

	it('with Continue On Fail, blocks the valid addresses and reports the malformed one', async () => {
		const { items, error } = await cr.run(
			{ ...base, scope: 'account', email: '={{ $json.email }}', comment: 'import' },
			[{ email: 'a@example.com' }, { email: 'not-an-email' }, { email: 'b@example.com' }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => [i.pairedItem, i.json.email ?? i.json.error])).toEqual([
			[{ item: 0 }, 'a@example.com'],
			[{ item: 1 }, 'Email "not-an-email" is not a valid email address'],
			[{ item: 2 }, 'b@example.com'],
		]);
		expect(cr.sim.count('POST', '/v3/blacklist')).toBe(2);
		expect(cr.sim.model.listBlacklist().map((e) => e.email)).toEqual(['a@example.com', 'b@example.com']);
	});
});
