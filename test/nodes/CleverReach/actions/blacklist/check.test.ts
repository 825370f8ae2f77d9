import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'blacklist', operation: 'check' };

describe('Blacklist › Check', () => {
	const cr = useSimulator();

	it('says for each address whether it is blacklisted, one lookup per distinct address', async () => {
		cr.sim.model.addBlacklist({ email: 'spam@example.com', comment: 'complaint' });
		const { items, error } = await cr.run({
			...base,
			scope: 'account',
			emails: 'ok@example.com, SPAM@example.com;\nspam@example.com  other@example.org',
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /v3/blacklist/ok@example.com 404',
			'GET /v3/blacklist/SPAM@example.com 200',
			'GET /v3/blacklist/other@example.org 404',
		]);
		expect(items!.map((i) => i.json)).toEqual([
			{ email: 'ok@example.com', blacklisted: false },
			{
				email: 'SPAM@example.com',
				blacklisted: true,
				blacklistedIn: 'account',
				comment: 'complaint',
				stamp: cr.sim.model.listBlacklist()[0].stamp,
			},
			{ email: 'other@example.org', blacklisted: false },
		]);
		expect(items!.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		// A check changes nothing.
		expect(cr.sim.model.listBlacklist()).toHaveLength(1);
	});

	it('accepts a list from an expression and can return only the blacklisted addresses', async () => {
		cr.sim.model.addBlacklist({ email: 'b@example.com' });
		const { items } = await cr.run(
			{ ...base, scope: 'account', emails: '={{ $json.emails }}', onlyBlacklisted: true },
			[{ emails: ['a@example.com', 'b@example.com'] }, { emails: ['c@example.com'] }],
		);
		expect(items!.map((i) => [i.pairedItem, i.json.email, i.json.blacklisted])).toEqual([
			[{ item: 0 }, 'b@example.com', true],
		]);
		expect(cr.sim.count('GET')).toBe(3);
	});

	it('checks a group blacklist (read once) together with the account blacklist', async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		cr.sim.model.addBlacklist({ email: 'group@example.com', comment: 'no shop mails' }, group.id);
		cr.sim.model.addBlacklist({ email: 'acct@example.com', comment: 'global' });
		const emails = 'group@example.com, acct@example.com, free@example.com';
		const { items } = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), emails });
		expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v3/groups/${group.id}/blacklist`,
			'GET /v3/blacklist/acct@example.com',
			'GET /v3/blacklist/free@example.com',
		]);
		expect(items!.map((i) => [i.json.email, i.json.blacklisted, i.json.blacklistedIn, i.json.groupId])).toEqual([
			['group@example.com', true, 'group', group.id],
			['acct@example.com', true, 'account', group.id],
			['free@example.com', false, undefined, group.id],
		]);

		cr.sim.resetLog();
		const groupOnly = await cr.run({ ...base, scope: 'group', groupId: rl(group.id), emails, includeAccount: false });
		expect(groupOnly.items!.map((i) => i.json.blacklisted)).toEqual([true, false, false]);
		expect(cr.sim.requests().map((r) => r.path)).toEqual([`/v3/groups/${group.id}/blacklist`]);
	});

	it('rejects malformed addresses before any request, naming them', async () => {
		const { error } = await cr.run({ ...base, scope: 'account', emails: 'ok@example.com, broken@, @nope.de' });
		expect(error?.message).toBe('Emails "broken@", "@nope.de" are not valid email addresses');
		expect(error?.description).toBe('Nothing was checked: fix or remove the malformed addresses.');
		expect(cr.sim.log).toHaveLength(0);

		const none = await cr.run({ ...base, scope: 'account', emails: ' , ' });
		expect(none.error?.message).toBe('Emails is required: give at least one email address');
		expect(cr.sim.log).toHaveLength(0);
	});

	it('names an unknown group instead of calling every address "not blacklisted"', async () => {
		const { error } = await cr.run({ ...base, scope: 'group', groupId: rl('8080'), emails: 'a@example.com' });
		expect(error?.message).toBe('Group 8080 was not found (CleverReach: Not Found: invalid group)');
	});

	it('with Continue On Fail, an item with a malformed address becomes an error item', async () => {
		cr.sim.model.addBlacklist({ email: 'x@example.com' });
		const { items, error } = await cr.run(
			{ ...base, scope: 'account', emails: '={{ $json.list }}' },
			[{ list: 'x@example.com' }, { list: 'y@example.com, nope' }, { list: 'z@example.com' }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => [i.pairedItem, i.json.error ?? `${i.json.email}:${i.json.blacklisted}`])).toEqual([
			[{ item: 0 }, 'x@example.com:true'],
			[{ item: 1 }, 'Email "nope" is not a valid email address'],
			[{ item: 2 }, 'z@example.com:false'],
		]);
		expect(cr.sim.requests().map((r) => r.path)).toEqual(['/v3/blacklist/x@example.com', '/v3/blacklist/z@example.com']);
	});
});
