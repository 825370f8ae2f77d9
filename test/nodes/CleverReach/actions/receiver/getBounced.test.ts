import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount } from './fixtures.ts';

describe('Receiver › Get Bounced', () => {
	const cr = useSimulator();

	// CleverReach answers GET /bounces.json with bounce records, not receivers (docs/cleverreach-api.md, "Bounces").
	it('returns the bounce records of the account: email, category, count, dates, message', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		const m = cr.sim.model;
		m.upsertReceiver(groupId, { email: 'ok@example.com' });
		m.upsertReceiver(groupId, { email: 'b1@example.com' });
		m.upsertReceiver(otherGroupId, { email: 'b2@example.com' });
		m.bounce('b1@example.com');
		cr.sim.clock.advance(60);
		m.bounce('b2@example.com');
		const all = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'account', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(apiCalls(cr.sim).every((c) => c.path === '/v3/bounces' && c.query.group_id === undefined)).toBe(true);
		const records = all.items!.map((i) => i.json);
		expect(records.map((r) => r.email).sort()).toEqual(['b1@example.com', 'b2@example.com']);
		expect(records[0]).toMatchObject({ category: 'hardbounce', bounce_message: expect.any(String) });
		expect(records.every((r) => Number((r as IDataObject).occurences ?? r.count) >= 1)).toBe(true);
	});

	// A group_id filter on /bounces.json is unverified: a group scope must check the addresses against the group.
	it('in one group: only the bounced addresses that are in that group, without relying on a group_id filter', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		const m = cr.sim.model;
		m.upsertReceiver(groupId, { email: 'b1@example.com' });
		m.upsertReceiver(otherGroupId, { email: 'b2@example.com' });
		m.bounce('b1@example.com');
		m.bounce('b2@example.com');
		const one = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'group', groupId: rl(otherGroupId), returnAll: true });
		expect(one.error).toBeUndefined();
		expect(one.items!.map((i) => i.json.email)).toEqual(['b2@example.com']);
	});

	it('reports a missing group', async () => {
		seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'group', groupId: rl('77'), limit: 5 });
		expect(error?.message).toMatch(/Group 77 was not found/);
	});
});
