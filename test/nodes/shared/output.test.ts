/**
 * n8n's UX guidelines measured on what the operations return from the simulator (nodes/shared/output.ts and the
 * Delete operations): every Get and Get Many offers Output, Simplified returns at most 10 fields, Selected Fields
 * returns just the fields named, each operation's default Output returns what it returned before the option (a saved
 * Simplify switch still works), and every Delete returns exactly `{ deleted: true }`. The tables below must name
 * every Get, Get Many and Delete of the operation maps, so a new one cannot go unchecked.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../nodes/CleverReach/actions/router';
import { rl, useSimulator } from '../../harness/simulator.ts';
import type { Simulator } from '../../simulator/index.ts';
import { seedSentMailing } from '../CleverReach/actions/report/fixtures.ts';

/** A sent mailing to four receivers (with a report), a global attribute, a form, a blacklist entry. */
function seed(sim: Simulator) {
	const { group, id } = seedSentMailing(sim);
	sim.model.createAttribute({ name: 'firstname', type: 'text' });
	sim.model.createAttribute({ name: 'plan', type: 'text' }, group.id);
	const form = sim.model.createForm(group.id, 'default', { name: 'Signup' }) as { id: string };
	sim.model.addBlacklist({ email: 'blocked@example.com', comment: 'asked us' });
	return { groupId: group.id, mailingId: id, formId: form.id };
}
type Seeded = ReturnType<typeof seed>;

/** Parameters of every Get and Get Many against the seeded account (output parameters added by the test). */
const READS: Record<string, (s: Seeded) => INodeParameters> = {
	'attribute.getMany': () => ({ scope: 'global', returnAll: true }),
	'blacklist.getMany': () => ({ scope: 'account', returnAll: true }),
	'form.get': (s) => ({ formId: rl(s.formId) }),
	'form.getMany': () => ({ scope: 'account', returnAll: true }),
	'group.get': (s) => ({ groupId: rl(s.groupId) }),
	'group.getMany': () => ({ returnAll: true, options: { includeStats: true } }),
	'mailing.get': (s) => ({ mailingId: rl(s.mailingId) }),
	'mailing.getMany': () => ({ state: 'all', returnAll: true }),
	'receiver.get': (s) => ({ scope: 'group', groupId: rl(s.groupId), receiver: 'anna@example.com' }),
	'receiver.getMany': (s) => ({ groupId: rl(s.groupId), status: 'all', returnAll: true, options: { include: ['events', 'orders', 'tags'] } }),
	'report.get': (s) => ({ mailingId: rl(s.mailingId) }),
	'report.getMany': () => ({ returnAll: true }),
};

/** Parameters of every Delete against the seeded account. */
const DELETES: Record<string, (s: Seeded) => INodeParameters> = {
	'attribute.delete': () => ({ scope: 'global', attribute: 'firstname' }),
	'group.delete': (s) => ({ groupId: rl(s.groupId) }),
	'mailing.delete': (s) => ({ mailingId: rl(s.mailingId) }),
	'receiver.delete': (s) => ({ fromAllGroups: false, groupId: rl(s.groupId), receiver: 'anna@example.com' }),
};

const keysOf = (pick: (name: string) => boolean) =>
	Object.entries(resources).flatMap(([resource, r]) =>
		Object.keys(r.operations)
			.filter(pick)
			.map((operation) => `${resource}.${operation}`),
	);

const run = (key: string) => {
	const [resource, operation] = key.split('.');
	return { resource, operation };
};

/** Output parameter of an operation, from its description. */
const outputOf = (key: string) => {
	const [resource, operation] = key.split('.');
	return resources[resource].operations[operation].properties.find((p) => p.name === 'output');
};

describe('Output on every Get and Get Many', () => {
	const cr = useSimulator();

	it('the tables name every Get, Get Many and Delete of the operation maps', () => {
		expect(Object.keys(READS).sort()).toEqual(keysOf((op) => op === 'get' || op === 'getMany').sort());
		expect(Object.keys(DELETES).sort()).toEqual(keysOf((op) => op === 'delete').sort());
	});

	it.each(Object.keys(READS))('%s: Simplified returns at most 10 fields, Selected Fields the named ones, Raw all', async (key) => {
		const params = READS[key](seed(cr.sim));
		expect(outputOf(key)?.options?.map((o) => (o as { value: string }).value).sort()).toEqual(['raw', 'selected', 'simplified']);
		const simplified = await cr.run({ ...run(key), ...params, output: 'simplified' });
		const raw = await cr.run({ ...run(key), ...params, output: 'raw' });
		expect(simplified.error).toBeUndefined();
		expect(raw.error).toBeUndefined();
		expect(simplified.items!.length).toBeGreaterThan(0);
		expect(simplified.items!.length).toBe(raw.items!.length);
		const fields = simplified.items!.map((i) => Object.keys(i.json).length);
		expect(Math.max(...fields)).toBeLessThanOrEqual(10);
		// Simplified holds the raw values (or ones derived from them), keyed as the raw answer names them.
		const first = raw.items![0].json;
		const identity = 'id' in first ? 'id' : 'email';
		expect(simplified.items![0].json[identity]).toEqual(first[identity]);

		const selected = await cr.run({ ...run(key), ...params, output: 'selected', fields: ` ${identity} , notAField` });
		expect(selected.items!.map((i) => i.json)).toEqual(raw.items!.map((i) => ({ [identity]: i.json[identity] })));
	});

	it.each(Object.keys(READS))('%s: the default Output returns what the operation returned before Output existed', async (key) => {
		const params = READS[key](seed(cr.sim));
		const byDefault = await cr.run({ ...run(key), ...params });
		const expected = await cr.run({ ...run(key), ...params, output: outputOf(key)!.default as string });
		expect(byDefault.items!.map((i) => i.json)).toEqual(expected.items!.map((i) => i.json));
		// Operations that had a Simplify switch default to Simplified; the others returned the raw answer.
		const hadSimplify = ['mailing.get', 'mailing.getMany', 'receiver.getMany'].includes(key);
		expect(outputOf(key)!.default).toBe(hadSimplify ? 'simplified' : 'raw');
	});

	it('a workflow saved with Simplify off still gets the raw answer (Mailing › Get, Receiver › Get Many)', async () => {
		const s = seed(cr.sim);
		const mailing = await cr.run({ ...run('mailing.get'), mailingId: rl(s.mailingId), simplify: false });
		expect(mailing.items![0].json).toHaveProperty('body_html');
		expect(mailing.items![0].json).toEqual((await cr.run({ ...run('mailing.get'), mailingId: rl(s.mailingId), output: 'raw' })).items![0].json);
		const receivers = await cr.run({ ...READS['receiver.getMany'](s), ...run('receiver.getMany'), simplify: false });
		expect(Object.keys(receivers.items![0].json)).toEqual(expect.arrayContaining(['events', 'orders', 'last_ip', 'points']));
	});

	it('Selected Fields may name raw fields Simplified leaves out, and fields Simplified derives', async () => {
		const s = seed(cr.sim);
		const { items } = await cr.run({ ...run('mailing.get'), mailingId: rl(s.mailingId), output: 'selected', fields: 'body_html, groupIds' });
		expect(items![0].json).toEqual({ body_html: cr.sim.model.mailings.get(s.mailingId)!.body_html, groupIds: [s.groupId] });
	});

	it('Selected Fields without a field fails naming the item and how to fix it, and sends nothing', async () => {
		const s = seed(cr.sim);
		cr.sim.resetLog();
		const { error } = await cr.run({ ...run('group.get'), groupId: rl(s.groupId), output: 'selected', fields: ' , ' });
		expect(error?.message).toBe(
			'Fields is empty: list the fields to return, separated by commas (e.g. id, name), or choose Output: Simplified or Raw',
		);
		expect((error?.context as IDataObject | undefined)?.itemIndex).toBe(0);
		expect(cr.sim.requests()).toEqual([]);
	});
});

describe('Delete returns exactly { deleted: true }', () => {
	const cr = useSimulator();

	it.each(Object.keys(DELETES))('%s', async (key) => {
		const params = DELETES[key](seed(cr.sim));
		const { items, error } = await cr.run({ ...run(key), ...params }, [{ note: 'first' }, { note: 'second' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		// The first deletes; the second finds nothing (an error item), so the shape holds item by item.
		expect(items![0].json).toEqual({ deleted: true });
		expect(items![0].pairedItem).toEqual({ item: 0 });
		expect(items![1].json).toHaveProperty('error');
	});
});
