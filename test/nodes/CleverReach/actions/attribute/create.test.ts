import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';

const base = { resource: 'attribute', operation: 'create' };

describe('Attribute › Create', () => {
	const cr = useSimulator();

	it('creates a global attribute with label and preview value, stored in lower case', async () => {
		const { items, error } = await cr.run({
			...base,
			scope: 'global',
			name: 'Customer_Number',
			type: 'number',
			additionalFields: { description: 'Customer number', preview_value: '4711' },
		});
		expect(error).toBeUndefined();
		expect(cr.sim.requests({ method: 'POST' }).map((r) => [r.path, r.body])).toEqual([
			[
				'/v3/attributes',
				{ name: 'customer_number', type: 'number', description: 'Customer number', preview_value: '4711' },
			],
		]);
		expect(items).toHaveLength(1);
		expect(items![0].pairedItem).toEqual({ item: 0 });
		expect(items![0].json).toMatchObject({
			id: expect.any(Number),
			groups_id: 0,
			name: 'customer_number',
			description: 'Customer number',
			type: 'number',
			preview_value: '4711',
		});
		const stored = cr.sim.model.attributes.get(items![0].json.id as number);
		expect(stored).toMatchObject({ groups_id: 0, name: 'customer_number', type: 'number' });
	});

	it('creates a group-local attribute on the group, labelled with its name by default', async () => {
		const group = cr.sim.model.createGroup({ name: 'Shop' });
		const { items, error } = await cr.run({
			...base,
			scope: 'group',
			groupId: rl(group.id),
			name: 'plan',
			type: 'text',
			additionalFields: { default_value: 'free' },
		});
		expect(error).toBeUndefined();
		const posts = cr.sim.requests({ method: 'POST' });
		expect(posts.map((r) => [r.path, r.body])).toEqual([
			[`/v3/groups/${group.id}/attributes`, { name: 'plan', type: 'text', description: 'plan', default_value: 'free' }],
		]);
		expect(items![0].json).toMatchObject({ groups_id: Number(group.id), name: 'plan', default_value: 'free' });
		expect(cr.sim.model.listAttributes(group.id)).toEqual([expect.objectContaining({ name: 'plan' })]);
		expect(cr.sim.model.listAttributes(0)).toEqual([]);
	});

	it('explains a duplicate name (409) and leaves the existing attribute alone', async () => {
		cr.sim.model.createAttribute({ name: 'firstname', type: 'text', description: 'First name' });
		const { error } = await cr.run({ ...base, scope: 'global', name: 'FirstName', type: 'text' });
		expect(error?.message).toBe('An attribute named "firstname" already exists as a global attribute');
		expect(error?.httpCode).toBe('409');
		expect(error?.description).toMatch(/Conflict: attribute already exists.*Attribute → Update/);
		expect(cr.sim.model.listAttributes(0)).toEqual([
			expect.objectContaining({ name: 'firstname', description: 'First name' }),
		]);

		// The same name in a group is a different attribute; a second one there conflicts again.
		const group = cr.sim.model.createGroup({ name: 'G' });
		const local = { ...base, scope: 'group', groupId: rl(group.id), name: 'firstname', type: 'text' };
		expect((await cr.run(local)).error).toBeUndefined();
		const again = await cr.run(local);
		expect(again.error?.message).toBe(`An attribute named "firstname" already exists in group ${group.id}`);
	});

	it('names an unknown group', async () => {
		const { error } = await cr.run({ ...base, scope: 'group', groupId: rl('424242'), name: 'plan', type: 'text' });
		expect(error?.message).toBe('Group 424242 was not found (CleverReach: Not Found: invalid group)');
		expect(cr.sim.model.attributes.size).toBe(0);
	});

	it('rejects a wrong type, a bad name and a value that does not fit the type before any request', async () => {
		const wrongType = await cr.run({ ...base, scope: 'global', name: 'vip', type: '={{ "boolean" }}' });
		expect(wrongType.error?.message).toBe('Type must be one of text, number, gender, date, not "boolean"');

		const badName = await cr.run({ ...base, scope: 'global', name: 'first name', type: 'text' });
		expect(badName.error?.message).toBe(
			'Name "first name" is not a valid attribute name: use letters, digits and underscores, starting with a letter',
		);

		const badDefault = await cr.run({
			...base,
			scope: 'global',
			name: 'birthday',
			type: 'date',
			additionalFields: { default_value: '03.02.1990' },
		});
		expect(badDefault.error?.message).toBe(
			'Default Value "03.02.1990" does not fit an attribute of type date: expected a date as YYYY-MM-DD',
		);

		const badPreview = await cr.run({
			...base,
			scope: 'global',
			name: 'points',
			type: 'number',
			additionalFields: { preview_value: 'ten' },
		});
		expect(badPreview.error?.message).toBe(
			'Preview Value "ten" does not fit an attribute of type number: expected a number, e.g. 42 or 3.5',
		);

		expect(cr.sim.log).toHaveLength(0);
		expect(cr.sim.model.attributes.size).toBe(0);
	});

	it('with Continue On Fail, a duplicate becomes an error item and the other items are created', async () => {
		cr.sim.model.createAttribute({ name: 'taken', type: 'text' });
		const { items, error } = await cr.run(
			{ ...base, scope: 'global', name: '={{ $json.name }}', type: 'text' },
			[{ name: 'fresh' }, { name: 'taken' }, { name: 'other' }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => [i.pairedItem, i.json.name ?? i.json.error])).toEqual([
			[{ item: 0 }, 'fresh'],
			[{ item: 1 }, 'An attribute named "taken" already exists as a global attribute'],
			[{ item: 2 }, 'other'],
		]);
		expect((items![1].json.details as IDataObject).httpCode).toBe('409');
		expect(
			cr.sim.model
				.listAttributes(0)
				.map((a) => (a as { name: string }).name)
				.sort(),
		).toEqual(['fresh', 'other', 'taken']);
	});
});
