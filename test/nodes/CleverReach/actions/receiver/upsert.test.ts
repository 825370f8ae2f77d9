import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored, UPSERT_PATH } from './fixtures.ts';

const base = { resource: 'receiver', operation: 'upsert' };

describe('Receiver › Create or Update', () => {
	const cr = useSimulator();

	it('adds a new receiver with attributes, tags and source, and returns it', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { items, error } = await cr.run({
			...base,
			groupId: rl(groupId),
			email: 'Jane@Example.com',
			activation: 'active',
			globalAttributes: { attribute: [{ name: 'firstname', value: 'Jane' }, { name: 'points', value: '42' }, { name: 'birthday', value: '1990-02-03' }] },
			groupAttributes: { attribute: [{ name: 'plan', value: 'gold' }] },
			additionalFields: { source: 'Website', tags: ['vip'], tagsText: 'Shop.Customer, vip' },
		});
		expect(error).toBeUndefined();
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts).toHaveLength(1);
		expect(upserts[0].path).toBe(`/v3/groups/${groupId}/receivers/upsertplus`);
		const sent = (upserts[0].body as Array<Record<string, unknown>>)[0];
		expect(sent).toMatchObject({
			email: 'Jane@Example.com',
			source: 'Website',
			global_attributes: { firstname: 'Jane', points: '42', birthday: '1990-02-03' },
			attributes: { plan: 'gold' },
			tags: ['vip', 'Shop.Customer'],
		});
		// No activation fields: CleverReach creates new receivers active and leaves existing ones as they are.
		expect(sent).not.toHaveProperty('activated');
		expect(sent).not.toHaveProperty('deactivated');
		expect(items).toHaveLength(1);
		expect(items![0].pairedItem).toEqual({ item: 0 });
		expect(items![0].json).toMatchObject({
			email: 'Jane@Example.com',
			group_id: groupId,
			active: true,
			outcome: 'created',
			created: true,
			source: 'Website',
			global_attributes: { firstname: 'Jane', points: '42', birthday: '1990-02-03' },
			attributes: { plan: 'gold' },
		});
		const row = stored(cr.sim, groupId, 'jane@example.com')!;
		expect(row.active).toBe(true);
		expect(row.tags).toEqual(['vip', 'Shop.Customer']);
	});

	it('sends 2,500 items for one group as exactly 3 bulk upserts, each output paired to its input', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = Array.from({ length: 2500 }, (_, i) => ({ email: `user${i}@example.com`, name: `User ${i}` }));
		const { items, error } = await cr.run(
			{
				...base,
				groupId: rl(groupId),
				email: '={{ $json.email }}',
				activation: 'active',
				globalAttributes: { attribute: [{ name: 'firstname', value: '={{ $json.name }}' }] },
			},
			input,
		);
		expect(error).toBeUndefined();
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts.map((u) => (u.body as unknown[]).length)).toEqual([1000, 1000, 500]);
		expect(items).toHaveLength(2500);
		items!.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.email).toBe(`user${i}@example.com`);
			expect((item.json.global_attributes as Record<string, string>).firstname).toBe(`User ${i}`);
		});
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(2500);
	});

	it('batches items per group, in one execution', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'a@example.com', group: groupId },
			{ email: 'b@example.com', group: otherGroupId },
			{ email: 'c@example.com', group: groupId },
		];
		const { items } = await cr.run(
			{ ...base, groupId: rl('={{ $json.group }}'), email: '={{ $json.email }}', activation: 'active' },
			input,
		);
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts.map((u) => [u.path, (u.body as Array<{ email: string }>).map((r) => r.email)])).toEqual([
			[`/v3/groups/${groupId}/receivers/upsertplus`, ['a@example.com', 'c@example.com']],
			[`/v3/groups/${otherGroupId}/receivers/upsertplus`, ['b@example.com']],
		]);
		expect(items!.map((i) => [i.json.email, i.json.group_id, i.pairedItem])).toEqual([
			['a@example.com', groupId, { item: 0 }],
			['b@example.com', otherGroupId, { item: 1 }],
			['c@example.com', groupId, { item: 2 }],
		]);
		expect(stored(cr.sim, otherGroupId, 'b@example.com')).toBeDefined();
		expect(stored(cr.sim, otherGroupId, 'a@example.com')).toBeUndefined();
	});

	it('applies a repeated email in input order, one round per repeat, each item answered with its own result', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'dup@example.com', name: 'First' },
			{ email: 'other@example.com', name: 'Other' },
			{ email: 'DUP@example.com', name: 'Last' },
		];
		const { items } = await cr.run(
			{
				...base,
				groupId: rl(groupId),
				email: '={{ $json.email }}',
				activation: 'active',
				globalAttributes: { attribute: [{ name: 'firstname', value: '={{ $json.name }}' }] },
			},
			input,
		);
		const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upserts.map((u) => (u.body as Array<{ email: string }>).map((r) => r.email))).toEqual([
			['dup@example.com', 'other@example.com'],
			['DUP@example.com'],
		]);
		expect(items!.map((i) => [(i.json.global_attributes as Record<string, string>).firstname, i.json.outcome, i.pairedItem])).toEqual([
			['First', 'created', { item: 0 }],
			['Other', 'created', { item: 1 }],
			['Last', 'updated', { item: 2 }],
		]);
		expect((stored(cr.sim, groupId, 'dup@example.com')!.global_attributes as Record<string, string>).firstname).toBe('Last');
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(2);
	});

	it('turns a receiver CleverReach rejects in the middle of a batch into an error item for that input only', async () => {
		const { groupId } = seedAccount(cr.sim);
		// "robot" is not a gender CleverReach accepts; the node does not check gender values, the API drops the row.
		const input = [
			{ email: 'a@example.com', gender: 'female' },
			{ email: 'b@example.com', gender: 'robot' },
			{ email: 'c@example.com', gender: 'male' },
		];
		const params = {
			...base,
			groupId: rl(groupId),
			email: '={{ $json.email }}',
			activation: 'active',
			globalAttributes: { attribute: [{ name: 'gender', value: '={{ $json.gender }}' }] },
		};
		const { items, error } = await cr.run(params, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(1);
		expect(items).toHaveLength(3);
		expect(items![0].json).toMatchObject({ email: 'a@example.com', global_attributes: { gender: 'female' } });
		expect(items![1].json.error).toBe('CleverReach did not accept receiver "b@example.com"');
		expect(String((items![1].json.details as IDataObject).description)).toContain('other receivers of the same request were saved');
		expect(items![2].json).toMatchObject({ email: 'c@example.com' });
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(stored(cr.sim, groupId, 'a@example.com')).toBeDefined();
		expect(stored(cr.sim, groupId, 'b@example.com')).toBeUndefined();
		expect(stored(cr.sim, groupId, 'c@example.com')).toBeDefined();

		// Without Continue On Fail the node stops with an error naming the rejected item.
		const second = await cr.run(params, input);
		expect(second.error?.message).toBe('CleverReach did not accept receiver "b@example.com"');
		expect(second.error?.context?.itemIndex).toBe(1);
	});

	it('with Continue On Fail returns results for good items and error items for bad ones, in order, without sending bad ones', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'good1@example.com', points: '10', birthday: '2000-01-31' },
			{ email: 'not-an-email', points: '1', birthday: '' },
			{ email: 'good2@example.com', points: 'ten', birthday: '' },
			{ email: 'good3@example.com', points: '3', birthday: '2001-02-30' },
			{ email: 'good4@example.com', points: '+5', birthday: '2001-02-28T10:00:00Z' },
		];
		const { items, error } = await cr.run(
			{
				...base,
				groupId: rl(groupId),
				email: '={{ $json.email }}',
				activation: 'active',
				globalAttributes: {
					attribute: [
						{ name: 'points', value: '={{ $json.points }}' },
						{ name: 'birthday', value: '={{ $json.birthday }}' },
					],
				},
			},
			input,
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.error ?? i.json.email)).toEqual([
			'good1@example.com',
			'Email "not-an-email" is not a valid email address',
			'Attribute "points" is a number attribute, but the value "ten" is not a number',
			'Attribute "birthday" is a date attribute, but "2001-02-30" is not a real date',
			'good4@example.com',
		]);
		expect(items!.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		// The increment (+5) goes in a batch of its own: it must not be repeated after an error that may hide a write.
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH).map((u) => u.body)).toEqual([
			[expect.objectContaining({ email: 'good1@example.com', global_attributes: { points: '10', birthday: '2000-01-31' } })],
			[expect.objectContaining({ email: 'good4@example.com', global_attributes: { points: '+5', birthday: '2001-02-28' } })],
		]);
		expect((stored(cr.sim, groupId, 'good4@example.com')!.global_attributes as Record<string, string>).points).toBe('5');
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(2);
	});

	it('fails before any request when a required field is missing', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { items, error } = await cr.run(
			{ ...base, groupId: rl(groupId), email: '={{ $json.email }}', activation: 'active' },
			[{ email: 'ok@example.com' }, { email: '' }],
		);
		expect(items).toBeUndefined();
		expect(error?.message).toBe('Email is required');
		expect(error?.context?.itemIndex).toBe(1);
		expect(apiCalls(cr.sim)).toEqual([]);

		// An empty group is caught by n8n's own parameter check, one resolved from an expression by the node.
		const noGroup = await cr.run({ ...base, groupId: rl(''), email: 'x@example.com' });
		expect(noGroup.error?.message).toContain('Parameter "Group" is required');
		const emptyExpression = await cr.run({ ...base, groupId: rl('={{ $json.g }}'), email: 'x@example.com' }, [{ g: '' }]);
		expect(emptyExpression.error?.message).toBe('Group is required');
		expect(apiCalls(cr.sim)).toEqual([]);
	});

	it('rejects an attribute that does not exist in the account, naming it, without writing', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({
			...base,
			groupId: rl(groupId),
			email: 'x@example.com',
			globalAttributes: { attribute: [{ name: 'plan', value: 'gold' }] },
		});
		expect(error?.message).toBe('global attributes: attribute "plan" does not exist');
		expect(error?.description).toContain('It is one of the group attributes');
		expect(apiCalls(cr.sim, 'POST')).toEqual([]);
	});

	it('updates an existing receiver: keeps other attributes, removes tags with "-", and leaves status alone with "Unchanged"', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, {
			email: 'jane@example.com',
			activated: 0,
			global_attributes: { firstname: 'Jane', points: '1' },
			tags: ['old', 'keep'],
		});
		const { items } = await cr.run({
			...base,
			groupId: rl(groupId),
			email: 'jane@example.com',
			activation: 'keep',
			globalAttributes: { attribute: [{ name: 'points', value: '7' }] },
			additionalFields: { tagsText: '-old, new' },
		});
		const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
		expect(upsert.body).toEqual([{ email: 'jane@example.com', global_attributes: { points: '7' }, tags: ['-old', 'new'] }]);
		expect(items![0].json).toMatchObject({ email: 'jane@example.com', active: false, activated: 0 });
		const row = stored(cr.sim, groupId, 'jane@example.com')!;
		expect(row.global_attributes).toMatchObject({ firstname: 'Jane', points: '7' });
		expect(row.tags).toEqual(['keep', 'new']);
		expect(row.active).toBe(false);
	});

	it('retries a failed plain upsert (idempotent) but not one that removes tags or adds orders', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.faults.add({ method: 'POST', path: UPSERT_PATH, status: 502, times: 1 });
		const plain = await cr.run({ ...base, groupId: rl(groupId), email: 'a@example.com', additionalFields: { tagsText: 'x' } });
		expect(plain.error).toBeUndefined();
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH).map((c) => c.status)).toEqual([502, 200]);

		cr.sim.resetLog();
		cr.sim.faults.add({ method: 'POST', path: UPSERT_PATH, status: 502, times: 1 });
		const withOrder = await cr.run({
			...base,
			groupId: rl(groupId),
			email: 'b@example.com',
			additionalFields: { orders: { order: [{ order_id: 'A-1', product: 'Shoe', price: 9.99, quantity: 1 }] } },
		});
		expect(withOrder.error?.message).toContain('CleverReach is unavailable (HTTP 502)');
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(1);
		expect(stored(cr.sim, groupId, 'b@example.com')).toBeUndefined();
	});

	it('halves a batch CleverReach refuses as too large (413) until it fits', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.config.upsertBatchLimit = 300;
		const input = Array.from({ length: 1000 }, (_, i) => ({ email: `u${i}@example.com` }));
		const { items, error } = await cr.run({ ...base, groupId: rl(groupId), email: '={{ $json.email }}' }, input);
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH).map((c) => [(c.body as unknown[]).length, c.status])).toEqual([
			[1000, 413],
			[500, 413],
			[250, 200],
			[250, 200],
			[500, 413],
			[250, 200],
			[250, 200],
		]);
		expect(items).toHaveLength(1000);
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(1000);
	});

	it('reports a missing group for every item of it', async () => {
		seedAccount(cr.sim);
		const { items } = await cr.run(
			{ ...base, groupId: rl('999'), email: '={{ $json.email }}' },
			[{ email: 'a@example.com' }, { email: 'b@example.com' }],
			{ continueOnFail: true },
		);
		expect(items!.map((i) => i.json.error)).toEqual([
			'Group 999 was not found (CleverReach: Not Found: invalid group)',
			'Group 999 was not found (CleverReach: Not Found: invalid group)',
		]);
	});

	describe('activation', () => {
		it('Inactive (No Email) creates new receivers inactive and leaves existing ones as they are', async () => {
			const { groupId } = seedAccount(cr.sim);
			cr.sim.model.upsertReceiver(groupId, { email: 'active@example.com' });
			const activated = stored(cr.sim, groupId, 'active@example.com')!.activated;
			cr.sim.clock.advance(60);
			const { items } = await cr.run(
				{ ...base, groupId: rl(groupId), email: '={{ $json.email }}', activation: 'inactive', additionalFields: { source: 'Fair' } },
				[{ email: 'new@example.com' }, { email: 'active@example.com' }],
			);
			expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)[0].body).toEqual([
				{ email: 'new@example.com', source: 'Fair', activated: 0 },
				{ email: 'active@example.com', source: 'Fair' },
			]);
			expect(items!.map((i) => [i.json.email, i.json.outcome, i.json.active, i.json.created])).toEqual([
				['new@example.com', 'createdInactive', false, true],
				['active@example.com', 'updated', true, false],
			]);
			expect(stored(cr.sim, groupId, 'active@example.com')!.activated).toBe(activated);
		});

		it('Unchanged reports created, updated and unchanged, and never touches the status', async () => {
			const { groupId } = seedAccount(cr.sim);
			cr.sim.model.upsertReceiver(groupId, { email: 'pending@example.com', activated: 0, source: 'Fair' });
			cr.sim.model.upsertReceiver(groupId, { email: 'same@example.com', source: 'Fair' });
			cr.sim.clock.advance(60);
			const { items } = await cr.run(
				{ ...base, groupId: rl(groupId), email: '={{ $json.email }}', activation: 'keep', additionalFields: { source: '={{ $json.source }}' } },
				[{ email: 'new@example.com', source: 'Web' }, { email: 'pending@example.com', source: 'Web' }, { email: 'same@example.com', source: 'Fair' }],
			);
			expect(items!.map((i) => [i.json.email, i.json.outcome, i.json.active])).toEqual([
				['new@example.com', 'created', true],
				['pending@example.com', 'updated', false],
				['same@example.com', 'unchanged', true],
			]);
		});

		it('Active Now leaves a bounced receiver bounced and says so', async () => {
			const { groupId } = seedAccount(cr.sim);
			cr.sim.model.upsertReceiver(groupId, { email: 'b@example.com' });
			cr.sim.model.bounce('b@example.com');
			const { items } = await cr.run({ ...base, groupId: rl(groupId), email: 'b@example.com', activation: 'active' });
			expect(items![0].json).toMatchObject({ outcome: 'leftBounced', active: false });
			expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(1);
		});

		it('Active Now activates pending receivers in one request per 1,000, with CleverReach’s time', async () => {
			const { groupId } = seedAccount(cr.sim);
			const input = Array.from({ length: 1200 }, (_, i) => ({ email: `p${i}@example.com` }));
			for (const { email } of input) cr.sim.model.upsertReceiver(groupId, { email, activated: 0 });
			cr.sim.clock.advance(600);
			const { items } = await cr.run({ ...base, groupId: rl(groupId), email: '={{ $json.email }}', activation: 'active' }, input);
			const upserts = apiCalls(cr.sim, 'POST', UPSERT_PATH);
			expect(upserts.map((u) => (u.body as unknown[]).length)).toEqual([1000, 200, 1000, 200]);
			expect((upserts[2].body as Array<Record<string, unknown>>)[0]).toEqual({ email: 'p0@example.com', activated: cr.sim.clock.now() });
			expect(items!.every((i) => i.json.outcome === 'activated' && i.json.active === true)).toBe(true);
		});
	});

	describe('double opt-in', () => {
		it('inserts a new receiver inactive, sends the form’s activation email and reports both', async () => {
			const { groupId, formId } = seedAccount(cr.sim);
			const { items, error } = await cr.run({
				...base,
				groupId: rl(groupId),
				email: 'new@example.com',
				activation: 'doi',
				formId: rl(formId),
				doiData: { user_ip: '203.0.113.7', referer: 'https://example.com/signup', user_agent: 'Mozilla/5.0' },
			});
			expect(error).toBeUndefined();
			const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
			expect(upsert.body).toEqual([{ email: 'new@example.com', activated: 0 }]);
			const [send] = apiCalls(cr.sim, 'POST', /\/send\/activate$/);
			expect(send.path).toBe(`/v3/forms/${formId}/send/activate`);
			expect(send.body).toEqual({
				email: 'new@example.com',
				doidata: { user_ip: '203.0.113.7', referer: 'https://example.com/signup', user_agent: 'Mozilla/5.0' },
			});
			expect(items![0].json).toMatchObject({ email: 'new@example.com', active: false, doubleOptIn: { sent: true, formId } });
			expect(cr.sim.model.doiMails).toMatchObject([{ kind: 'activate', email: 'new@example.com', groupId }]);
			expect(stored(cr.sim, groupId, 'new@example.com')!.active).toBe(false);
		});

		it('does not deactivate or mail a receiver who is already active', async () => {
			const { groupId, formId } = seedAccount(cr.sim);
			cr.sim.model.upsertReceiver(groupId, { email: 'old@example.com' });
			const { items } = await cr.run({
				...base,
				groupId: rl(groupId),
				email: 'old@example.com',
				activation: 'doi',
				formId: rl(formId),
				additionalFields: { source: 'Form' },
			});
			const [upsert] = apiCalls(cr.sim, 'POST', UPSERT_PATH);
			expect(upsert.body).toEqual([{ email: 'old@example.com', source: 'Form' }]);
			expect(items![0].json).toMatchObject({ active: true, doubleOptIn: { sent: false, reason: 'The receiver is already active' } });
			expect(cr.sim.model.doiMails).toEqual([]);
		});

		it('names the item when the email cannot be sent (form of another group)', async () => {
			const { groupId, otherGroupId } = seedAccount(cr.sim);
			const otherForm = cr.sim.model.createForm(otherGroupId, 'default', { name: 'Other' }) as { id: string };
			const { items } = await cr.run(
				{ ...base, groupId: rl(groupId), email: 'x@example.com', activation: 'doi', formId: rl(otherForm.id) },
				[{}],
				{ continueOnFail: true },
			);
			expect(items![0].json.error).toBe(
				`Receiver "x@example.com" was saved inactive, but the double opt-in email was not sent: Form ${otherForm.id} was not found, or x@example.com is not a receiver of its group (CleverReach: Not Found: invalid receiver)`,
			);
			expect(stored(cr.sim, groupId, 'x@example.com')!.active).toBe(false);
			expect(cr.sim.model.doiMails).toEqual([]);
		});

		it('requires a form', async () => {
			const { groupId } = seedAccount(cr.sim);
			const { error } = await cr.run(
				{ ...base, groupId: rl(groupId), email: 'x@example.com', activation: 'doi', formId: rl('={{ $json.form }}') },
				[{ form: 'signup' }],
			);
			expect(error?.message).toBe('Form must be a numeric CleverReach ID, not "signup"');
			expect(apiCalls(cr.sim)).toEqual([]);
		});

		it('sends one email for an address given twice, reported on its last item', async () => {
			const { groupId, formId } = seedAccount(cr.sim);
			const { items } = await cr.run(
				{ ...base, groupId: rl(groupId), email: '={{ $json.email }}', activation: 'doi', formId: rl(formId), additionalFields: { source: '={{ $json.source }}' } },
				[{ email: 'new@example.com', source: 'Form' }, { email: 'NEW@example.com', source: 'Form 2' }],
			);
			expect(apiCalls(cr.sim, 'GET')).toHaveLength(1);
			expect(apiCalls(cr.sim, 'POST', UPSERT_PATH).map((u) => u.body)).toEqual([
				[{ email: 'new@example.com', source: 'Form', activated: 0 }],
				[{ email: 'NEW@example.com', source: 'Form 2' }],
			]);
			expect(cr.sim.model.doiMails).toHaveLength(1);
			expect(items!.map((i) => [i.json.outcome, i.json.doubleOptIn])).toEqual([
				['createdInactive', undefined],
				['doubleOptInSent', { sent: true, formId }],
			]);
		});
	});
});
