import { NodeHelpers } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../../../../../nodes/CleverReach/CleverReach.node';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'getMany' };

function seedReceivers(cr: ReturnType<typeof useSimulator>, groupId: string) {
	const m = cr.sim.model;
	m.upsertReceiver(groupId, { email: 'active1@example.com', tags: ['vip'], source: 'shop', global_attributes: { firstname: 'Ann' } });
	m.upsertReceiver(groupId, { email: 'active2@other.org', source: 'import' });
	m.upsertReceiver(groupId, { email: 'pending@example.com', activated: 0, tags: ['vip'] });
	m.upsertReceiver(groupId, { email: 'bounced@example.com' });
	m.bounce('bounced@example.com', groupId);
}

describe('Receiver › Get Many', () => {
	const cr = useSimulator();

	it('lists active receivers simplified, with tags, up to the limit', async () => {
		const { groupId } = seedAccount(cr.sim);
		seedReceivers(cr, groupId);
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), status: 'active', returnAll: false, limit: 50 });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([
			{ method: 'GET', path: `/v3/groups/${groupId}/receivers`, query: { type: 'active', detail: '4', page: '0', pagesize: '50' } },
			// A short first page may be a silent cap: the next page at the size answered is empty, so that was all.
			{ method: 'GET', path: `/v3/groups/${groupId}/receivers`, query: { page: '1', pagesize: '2' } },
		]);
		expect(items!.map((i) => i.json.email)).toEqual(['active1@example.com', 'active2@other.org']);
		expect(Object.keys(items![0].json).sort()).toEqual(
			['active', 'activated', 'attributes', 'bounced', 'deactivated', 'email', 'global_attributes', 'id', 'registered', 'tags'].sort(),
		);
		expect(items![0].json).toMatchObject({ active: true, tags: ['vip'], global_attributes: { firstname: 'Ann' } });
	});

	it('returns all receivers over several pages of 5000 with Return All, paged by email (a stable order)', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(groupId, Array.from({ length: 5200 }, (_, i) => ({ email: `u${String(i).padStart(4, '0')}@example.com` })));
		const { items } = await cr.run({ ...base, groupId: rl(groupId), status: 'all', returnAll: true, simplify: false, options: { include: [] } });
		expect(apiCalls(cr.sim).map((c) => [c.query.page, c.query.pagesize, c.query.detail, c.query.order_by])).toEqual([
			['0', '5000', '0', 'email asc'],
			['1', '5000', '0', 'email asc'],
		]);
		expect(items).toHaveLength(5200);
		expect(items![5199].json.email).toBe('u5199@example.com');
		expect(items![0].json).toHaveProperty('last_ip');
		expect(items![0].json).not.toHaveProperty('tags');
	});

	it('lists bounced and inactive receivers', async () => {
		const { groupId } = seedAccount(cr.sim);
		seedReceivers(cr, groupId);
		const bounced = await cr.run({ ...base, groupId: rl(groupId), status: 'bounce', limit: 10 });
		expect(bounced.items!.map((i) => i.json.email)).toEqual(['bounced@example.com']);
		const inactive = await cr.run({ ...base, groupId: rl(groupId), status: 'inactive', limit: 10 });
		expect(inactive.items!.map((i) => i.json.email)).toEqual(['pending@example.com']);
	});

	it('filters by email, tag and attribute on the group’s own list, keeping CleverReach’s status', async () => {
		const { groupId } = seedAccount(cr.sim);
		seedReceivers(cr, groupId);
		const { items } = await cr.run({
			...base,
			groupId: rl(groupId),
			status: 'active',
			limit: 10,
			filters: {
				emailContains: '@EXAMPLE.com',
				tag: 'VIP',
				attributeConditions: { condition: [{ field: 'firstname', logic: 'eq', condition: 'ann' }] },
			},
			options: { orderBy: 'registered desc' },
		});
		expect(apiCalls(cr.sim).map((c) => [c.method, c.path, c.query.type, c.query.order_by])).toEqual([
			['GET', `/v3/groups/${groupId}/receivers`, 'active', 'email asc'],
			['GET', `/v3/groups/${groupId}/receivers`, 'active', 'email asc'],
		]);
		expect(cr.sim.count('POST', '/v3/receivers/filter')).toBe(0);
		expect(items!.map((i) => i.json.email)).toEqual(['active1@example.com']);

		const inactive = await cr.run({ ...base, groupId: rl(groupId), status: 'inactive', limit: 10, filters: { tag: 'vip' } });
		expect(inactive.items!.map((i) => i.json.email)).toEqual(['pending@example.com']);
	});

	it('stops reading at Limit matches when the order allows it; sorts by Activated after reading everything', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(
			groupId,
			Array.from({ length: 12_000 }, (_, i) => ({ email: `u${String(i).padStart(5, '0')}@example.com`, activated: 1_600_000_000 + (i % 1000), source: i % 2 ? 'shop' : 'web' })),
		);
		const first = await cr.run({ ...base, groupId: rl(groupId), limit: 3, filters: { sourceContains: 'shop' } });
		expect(first.items!.map((i) => i.json.email)).toEqual(['u00001@example.com', 'u00003@example.com', 'u00005@example.com']);
		expect(apiCalls(cr.sim)).toHaveLength(1);
		cr.sim.resetLog();
		const newest = await cr.run({ ...base, groupId: rl(groupId), limit: 2, options: { orderBy: 'activated desc' } });
		expect(newest.items!.map((i) => i.json.activated)).toEqual([1_600_000_999, 1_600_000_999]);
		expect(apiCalls(cr.sim).map((c) => c.query.order_by)).toEqual(['email asc', 'email asc', 'email asc']);
	});

	it('sorts with Sort › Sort By; a workflow saved with the old Options › Sort By keeps it, and it still sorts', async () => {
		const { groupId } = seedAccount(cr.sim);
		seedReceivers(cr, groupId);
		const orders = () => [...new Set(apiCalls(cr.sim).map((c) => c.query.order_by))];
		const sorted = await cr.run({ ...base, groupId: rl(groupId), limit: 10, sort: { orderBy: 'registered desc' } });
		expect(sorted.error).toBeUndefined();
		expect(orders()).toEqual(['registered desc']);
		cr.sim.resetLog();
		const saved = { ...base, groupId: rl(groupId), limit: 10, options: { orderBy: 'registered desc' } };
		const old = await cr.run(saved);
		expect(orders()).toEqual(['registered desc']);
		expect(old.items!.map((i) => i.json.email)).toEqual(sorted.items!.map((i) => i.json.email));
		// n8n loads the old location (shown only where a workflow set it), and Sort wins when both are set.
		const { description } = new CleverReach();
		const node = { id: 'n', name: 'CleverReach', type: 'n8n-nodes-cleverreach.cleverReach', typeVersion: 1, position: [0, 0] as [number, number], parameters: saved };
		expect(NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description)).toMatchObject(saved);
		const fresh = { ...base, groupId: rl(groupId), options: { include: ['tags'] } };
		expect(NodeHelpers.getNodeParameters(description.properties, fresh, false, false, node, description)).not.toHaveProperty('options.orderBy');
		cr.sim.resetLog();
		await cr.run({ ...saved, sort: { orderBy: 'email asc' } });
		expect(orders()).toEqual(['email asc']);
	});

	it('refuses an attribute condition on a name the receivers do not have, and an unknown operator', async () => {
		const { groupId } = seedAccount(cr.sim);
		seedReceivers(cr, groupId);
		const typo = await cr.run({ ...base, groupId: rl(groupId), returnAll: true, filters: { attributeConditions: { condition: [{ field: 'fristname', logic: 'eq', condition: 'x' }] } } });
		expect(typo.error?.message).toBe('Attribute Conditions: "fristname" is not an attribute of the receivers of this group');
		const logic = await cr.run({ ...base, groupId: rl(groupId), returnAll: true, filters: { attributeConditions: { condition: [{ field: 'firstname', logic: 'like', condition: 'x' }] } } });
		expect(logic.error?.message).toBe('Attribute Conditions: "like" is not an operator');
	});

	it('reports a missing group', async () => {
		seedAccount(cr.sim);
		const { error } = await cr.run({ ...base, groupId: rl('42'), status: 'all', limit: 5 });
		expect(error?.message).toBe('Group 42 was not found (CleverReach: Not Found: invalid group)');
	});
});
