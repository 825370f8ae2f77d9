import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored, UPSERT_PATH } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'upsert', inputMode: 'autoMap' };
const ATTRIBUTES_PATH = /^\/v3\/attributes/;

describe('Receiver › Create or Update › Map Automatically From Input', () => {
	const cr = useSimulator();

	it('creates receivers from the items’ JSON: global and group attributes, tags, source, registered', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{
				email: 'Jane@Example.com',
				firstname: 'Jane', // a global attribute of the account, given at the top level
				points: 42, // numbers are sent as text
				global_attributes: { birthday: '1990-02-03' },
				attributes: { plan: 'gold' },
				tags: ['vip', 'Shop.Customer'],
				source: 'Website',
				registered: '2024-01-02T03:04:05Z',
				name: 'Jane Doe', // not an attribute: ignored
				plan: 'silver', // a group attribute at the top level: ignored (only global ones are mapped)
			},
			{ email: 'max@example.com', FirstName: 'Max', tags: 'newsletter, vip', orders: [{ order_id: 'A-1', product: 'Shoe', price: 9.99 }] },
		];
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), activation: 'active' }, input);
		expect(error).toBeUndefined();

		// Attribute definitions (global + group) once, then the bulk upsert; Max's order goes in a batch of its own
		// (an order must not be sent twice, so that batch is not retried after an error that may hide a write).
		expect(apiCalls(cr.sim, 'GET', ATTRIBUTES_PATH)).toHaveLength(2);
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts.map((u) => (u.body as unknown[]).length)).toEqual([1, 1]);
		const [[jane], [max]] = upserts.map((u) => u.body as Array<Record<string, unknown>>);
		expect(jane).toMatchObject({
			email: 'Jane@Example.com',
			source: 'Website',
			registered: Date.parse('2024-01-02T03:04:05Z') / 1000,
			global_attributes: { firstname: 'Jane', points: '42', birthday: '1990-02-03' },
			attributes: { plan: 'gold' },
			tags: ['vip', 'Shop.Customer'],
		});
		expect(jane).not.toHaveProperty('name');
		// No activation fields: CleverReach creates new receivers active and leaves existing ones as they are.
		expect(jane).not.toHaveProperty('activated');
		expect(jane).not.toHaveProperty('deactivated');
		expect(max).toMatchObject({
			email: 'max@example.com',
			global_attributes: { firstname: 'Max' },
			tags: ['newsletter', 'vip'],
			orders: [expect.objectContaining({ order_id: 'A-1', product: 'Shoe', price: 9.99, quantity: 1 })],
		});
		expect(max).not.toHaveProperty('attributes');

		expect(items).toHaveLength(2);
		expect(items![0].pairedItem).toEqual({ item: 0 });
		expect(items![0].json).toMatchObject({
			email: 'Jane@Example.com',
			group_id: groupId,
			active: true,
			source: 'Website',
			global_attributes: { firstname: 'Jane', points: '42', birthday: '1990-02-03' },
			attributes: { plan: 'gold' },
			ignoredFields: ['name', 'plan'],
			outcome: 'created',
			created: true,
		});
		expect(items![1].pairedItem).toEqual({ item: 1 });
		expect(items![1].json).toMatchObject({ email: 'max@example.com', global_attributes: { firstname: 'Max' } });
		expect(items![1].json).not.toHaveProperty('ignoredFields');

		const row = stored(cr.sim, groupId, 'jane@example.com')!;
		expect(row).toMatchObject({
			active: true,
			source: 'Website',
			global_attributes: { firstname: 'Jane', points: '42', birthday: '1990-02-03' },
			attributes: { plan: 'gold' },
		});
		expect(row.tags).toEqual(['vip', 'Shop.Customer']);
		expect(stored(cr.sim, groupId, 'max@example.com')!.tags).toEqual(['newsletter', 'vip']);
	});

	it('turns a bad email, a wrong attribute type or an unknown attribute into an error item for that item only, sending nothing for it', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'good1@example.com', firstname: 'One' },
			{ email: 'not-an-email', firstname: 'Two' },
			{ email: 'three@example.com', points: 'lots' },
			{ email: 'four@example.com', global_attributes: { nickname: 'Fourie' } },
			{ firstname: 'No email' },
			{ email: 'good2@example.com', global_attributes: { birthday: '2001-02-30' } },
			{ email: 'good3@example.com', attributes: ['gold'] },
			{ email: 'good4@example.com', tags: ['ok'] },
		];
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), activation: 'active' }, input, {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(items![0].json).toMatchObject({ email: 'good1@example.com', global_attributes: { firstname: 'One' } });
		expect(items![1].json.error).toBe('Input field "email": "not-an-email" is not a valid email address');
		expect(items![2].json.error).toBe('Attribute "points" is a number attribute, but the value "lots" is not a number');
		expect(items![3].json.error).toBe('global attributes: attribute "nickname" does not exist');
		expect(String((items![3].json.details as IDataObject).description)).toContain('Known global attributes: firstname, points, birthday, gender');
		expect(items![4].json.error).toBe('Input field "email" is required');
		expect(items![5].json.error).toBe('Attribute "birthday" is a date attribute, but "2001-02-30" is not a real date');
		expect(items![6].json.error).toContain('Input field "attributes" must be an object');
		expect(items![7].json).toMatchObject({ email: 'good4@example.com' });

		// Only the valid items were sent, in one request.
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts).toHaveLength(1);
		expect((upserts[0].body as Array<{ email: string }>).map((r) => r.email)).toEqual([
			'good1@example.com',
			'good4@example.com',
		]);
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(2);
		expect(stored(cr.sim, groupId, 'three@example.com')).toBeUndefined();
	});

	it('without Continue On Fail stops at the bad item, naming it, before any write', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [{ email: 'ok@example.com' }, { email: 'ok2@example.com', points: 'many' }];
		const { error } = await cr.run({ ...base, groupId: rl(groupId), activation: 'active' }, input);
		expect(error?.message).toBe('Attribute "points" is a number attribute, but the value "many" is not a number');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(0);
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(0);
	});

	it('sends 2,500 auto-mapped items as exactly 3 bulk upserts, each output paired to its input', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = Array.from({ length: 2500 }, (_, i) => ({ email: `user${i}@example.com`, source: `import-${i}` }));
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), activation: 'active' }, input);
		expect(error).toBeUndefined();
		// Only known fields: no attribute definitions are read, just the 3 writes.
		expect(apiCalls(cr.sim)).toHaveLength(3);
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts.map((u) => (u.body as unknown[]).length)).toEqual([1000, 1000, 500]);
		expect((upserts[2].body as Array<{ email: string }>)[499].email).toBe('user2499@example.com');
		expect(items).toHaveLength(2500);
		items!.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.email).toBe(`user${i}@example.com`);
			expect(item.json.source).toBe(`import-${i}`);
		});
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(2500);
	});

	it('keeps Group and Activation parameters: inactive receivers in the chosen group', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		const input = [{ email: 'a@example.com' }, { email: 'b@example.com' }];
		const { items, error } = await cr.run({ ...base, groupId: rl(otherGroupId), activation: 'inactive' }, input);
		expect(error).toBeUndefined();
		const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upsert.path).toBe(`/v3/groups/${otherGroupId}/receivers/upsertplus`);
		expect(upsert.body).toEqual([
			{ email: 'a@example.com', activated: 0 },
			{ email: 'b@example.com', activated: 0 },
		]);
		expect(items!.map((i) => [i.json.email, i.json.active])).toEqual([
			['a@example.com', false],
			['b@example.com', false],
		]);
		expect(stored(cr.sim, otherGroupId, 'a@example.com')!.active).toBe(false);
		expect(stored(cr.sim, groupId, 'a@example.com')).toBeUndefined();
	});
	it('sends the double opt-in email of the chosen form for new auto-mapped receivers', async () => {
		const { groupId, formId } = seedAccount(cr.sim);
		const { items, error } = await cr.run(
			{
				...base,
				groupId: rl(groupId),
				activation: 'doi',
				formId: rl(formId),
				doiData: { user_ip: '203.0.113.7' },
			},
			[{ email: 'new@example.com', firstname: 'Nina' }],
		);
		expect(error).toBeUndefined();
		const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upsert.body).toEqual([{ email: 'new@example.com', activated: 0, global_attributes: { firstname: 'Nina' } }]);
		const [send] = apiCalls(cr.sim, 'POST', /\/send\/activate$/);
		expect(send.body).toEqual({ email: 'new@example.com', doidata: { user_ip: '203.0.113.7' } });
		expect(items![0].json).toMatchObject({ email: 'new@example.com', active: false, doubleOptIn: { sent: true, formId } });
		expect(cr.sim.model.doiMails).toMatchObject([{ kind: 'activate', email: 'new@example.com', groupId }]);
	});
});

describe('Receiver › Create or Update › parameters read once per run', () => {
	const cr = useSimulator();

	it('still resolves an expression nested in Additional Fields per item, next to fixed parameters', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'a@example.com', src: 'Shop' },
			{ email: 'b@example.com', src: 'Fair' },
		];
		const { items, error } = await cr.run(
			{
				resource: 'receiver',
				operation: 'upsert',
				groupId: rl(groupId),
				email: '={{ $json.email }}',
				activation: 'inactive',
				globalAttributes: { attribute: [{ name: 'firstname', value: 'Same' }] },
				additionalFields: { source: '={{ $json.src }}', tagsText: 'fixed' },
			},
			input,
		);
		expect(error).toBeUndefined();
		const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upsert.body).toEqual([
			{ email: 'a@example.com', activated: 0, source: 'Shop', tags: ['fixed'], global_attributes: { firstname: 'Same' } },
			{ email: 'b@example.com', activated: 0, source: 'Fair', tags: ['fixed'], global_attributes: { firstname: 'Same' } },
		]);
		expect(items!.map((i) => [i.json.email, i.json.source])).toEqual([
			['a@example.com', 'Shop'],
			['b@example.com', 'Fair'],
		]);
		expect(stored(cr.sim, groupId, 'b@example.com')).toMatchObject({ source: 'Fair', active: false });
	});
});
