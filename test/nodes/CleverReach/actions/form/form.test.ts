import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

type Form = { id: string; name: string; customer_tables_id: string };

describe('Form resource', () => {
	const cr = useSimulator();

	function seed() {
		const m = cr.sim.model;
		const news = m.createGroup({ name: 'Newsletter' });
		const shop = m.createGroup({ name: 'Shop' });
		const forms = [
			m.createForm(news.id, 'default', { name: 'Newsletter sign-up', title: 'Subscribe now' }),
			m.createForm(news.id, 'default', { name: 'Newsletter unsubscribe' }),
			m.createForm(shop.id, 'default', { name: 'Shop checkout opt-in' }),
		] as Form[];
		return { news, shop, forms };
	}

	describe('Get Many', () => {
		it('lists every form of the account', async () => {
			const { forms } = seed();
			const { items, error } = await cr.run({ resource: 'form', operation: 'getMany', scope: 'account', returnAll: true });
			expect(error).toBeUndefined();
			expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/forms']);
			expect(items!.map((i) => i.json)).toEqual(cr.sim.model.listForms());
			expect(items!.map((i) => i.json.id)).toEqual(forms.map((f) => f.id));
		});

		it('lists the forms of one group, with Limit and a name filter', async () => {
			const { news, forms } = seed();
			const { items } = await cr.run({
				resource: 'form',
				operation: 'getMany',
				scope: 'group',
				groupId: rl(news.id),
				returnAll: false,
				limit: 1,
			});
			expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/groups/${news.id}/forms`]);
			expect(items!.map((i) => i.json)).toEqual([expect.objectContaining({ id: forms[0].id, customer_tables_id: news.id })]);

			const filtered = await cr.run({
				resource: 'form',
				operation: 'getMany',
				scope: 'account',
				returnAll: true,
				filters: { nameContains: 'NEWSLETTER' },
			});
			expect(filtered.items!.map((i) => i.json.name)).toEqual(['Newsletter sign-up', 'Newsletter unsubscribe']);
		});

		it('names an unknown group', async () => {
			const { error } = await cr.run({
				resource: 'form',
				operation: 'getMany',
				scope: 'group',
				groupId: rl('777'),
				returnAll: true,
			});
			expect(error?.message).toBe('Group 777 was not found (CleverReach: Not Found: invalid group)');
		});
	});

	describe('Get', () => {
		it('gets one form by ID', async () => {
			const { forms, news } = seed();
			const { items, error } = await cr.run({ resource: 'form', operation: 'get', formId: rl(forms[0].id) });
			expect(error).toBeUndefined();
			expect(cr.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/forms/${forms[0].id}`]);
			expect(items!.map((i) => i.json)).toEqual([cr.sim.model.getForm(forms[0].id)]);
			expect(items![0].json).toMatchObject({ name: 'Newsletter sign-up', customer_tables_id: news.id });
		});

		it('names an unknown form, and refuses a form name given by expression before any request', async () => {
			const missing = await cr.run({ resource: 'form', operation: 'get', formId: rl('123') });
			expect(missing.error?.message).toBe('Form 123 was not found (CleverReach: Not Found: invalid form)');
			expect(missing.error?.httpCode).toBe('404');

			cr.sim.resetLog();
			const byName = await cr.run({ resource: 'form', operation: 'get', formId: rl('={{ "Newsletter sign-up" }}') });
			expect(byName.error?.message).toBe('Form must be a numeric CleverReach ID, not "Newsletter sign-up"');
			expect(cr.sim.log).toHaveLength(0);
		});
	});

	describe('Get Code', () => {
		it('returns the embeddable HTML as the string field "html"', async () => {
			const { forms } = seed();
			const { items, error } = await cr.run({ resource: 'form', operation: 'getCode', formId: rl(forms[0].id) });
			expect(error).toBeUndefined();
			const [request] = cr.sim.requests();
			expect(`${request.method} ${request.path}`).toBe(`GET /v3/forms/${forms[0].id}/code`);
			expect(request.query).toEqual({ badget: 'false', embedded: 'true' });
			expect(items).toHaveLength(1);
			expect(items![0].json).toEqual({ formId: forms[0].id, html: cr.sim.model.formCode(forms[0].id) });
			expect(items![0].json.html).toMatch(/^<form .*Subscribe now.*<\/form>$/);
		});

		it('passes the badge and standalone options', async () => {
			const { forms } = seed();
			await cr.run({
				resource: 'form',
				operation: 'getCode',
				formId: rl(forms[2].id),
				options: { badge: true, embedded: false },
			});
			expect(cr.sim.requests()[0].query).toEqual({ badget: 'true', embedded: 'false' });
		});

		it('with Continue On Fail, an unknown form becomes an error item next to the others', async () => {
			const { forms } = seed();
			const { items, error } = await cr.run(
				{ resource: 'form', operation: 'getCode', formId: rl('={{ $json.form }}') },
				[{ form: forms[0].id }, { form: '999999' }],
				{ continueOnFail: true },
			);
			expect(error).toBeUndefined();
			expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(typeof items![0].json.html).toBe('string');
			expect(items![1].json).toEqual({
				error: 'Form 999999 was not found (CleverReach: Not Found: invalid form)',
				details: {
					httpCode: '404',
					cleverReach: 'Not Found: invalid form',
					description: "CleverReach said: Not Found: invalid form. Check the ID or email (the resource's Get Many lists them); it may have been deleted.",
					itemIndex: 1,
				},
			});
		});
	});
});
