/**
 * The action node as real users hit it, on the realistic test bed (every realism profile on: strict API, search lag,
 * unstable ties, client-written timestamps, clock skew, random list order, page caps, search rows without details).
 * Each block is one problem of issue #12; ground truth comes from the simulator's own state and event log.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../../../nodes/CleverReach/CleverReach.node';
import { additionalDataFor, core, makeNode, nodeTypes, workflow } from '../../harness/n8n';
import { rl, useSimulator } from '../../harness/simulator';
import type { Simulator } from '../../simulator/index.ts';
import { apiCalls, seedAccount, stored, UPSERT_PATH } from './actions/receiver/fixtures.ts';

const REALISTIC = { realism: 'realistic' as const, virtualTime: true };
const NEW_YORK = { timezone: 'America/New_York' };
const upsert = (groupId: string, extra: IDataObject = {}): INodeParameters => ({
	resource: 'receiver',
	operation: 'upsert',
	groupId: rl(groupId),
	email: '={{ $json.email }}',
	activation: 'active',
	...extra,
});
const globals = (json: Record<string, unknown>) => json.global_attributes as IDataObject;
const utc = (iso: string) => Date.parse(iso) / 1000;

function draft(sim: Simulator, groupId: string, name = 'Spring'): string {
	const mailing = sim.model.createMailing({
		name,
		subject: 'Spring offers',
		sender_email: 'news@shop.example.com',
		content: { type: 'html', html: '<p>Hi <a href="https://shop.example.com">shop</a></p>' },
		receivers: { groups: [groupId] },
	});
	return String(mailing.id);
}

describe('error output: failed items leave on the error output, for every resource', () => {
	const cr = useSimulator(REALISTIC);

	interface Case {
		resource: string;
		/** Parameters whose `$json.v` is valid for item 0 and fails for item 1. */
		parameters: (s: Setup) => INodeParameters;
		values: (s: Setup) => [string, string];
		message: RegExp;
		httpCode?: string;
		cleverReach?: RegExp;
	}
	interface Setup {
		groupId: string;
		formId: string;
		mailingId: string;
		reportId: string;
		attributeId: string;
	}
	const setup = (sim: Simulator): Setup => {
		const { groupId, formId } = seedAccount(sim);
		sim.model.upsertReceiver(groupId, { email: 'known@example.com' });
		sim.model.addBlacklist({ email: 'blocked@example.com', comment: 'asked' });
		const attribute = sim.model.createAttribute({ name: 'shoesize', type: 'number' }) as { id: number };
		const reportId = draft(sim, groupId, 'Sent');
		sim.model.finishMailing(reportId);
		return { groupId, formId, mailingId: draft(sim, groupId), reportId, attributeId: String(attribute.id) };
	};
	const V = '={{ $json.v }}';
	const cases: Case[] = [
		{ resource: 'group', parameters: () => ({ resource: 'group', operation: 'get', groupId: rl(V) }), values: (s) => [s.groupId, '77'], message: /^Group 77 was not found/, httpCode: '404', cleverReach: /invalid group/ },
		{ resource: 'receiver', parameters: (s) => ({ resource: 'receiver', operation: 'get', scope: 'group', groupId: rl(s.groupId), receiver: V }), values: () => ['known@example.com', 'nobody@example.com'], message: /^Receiver nobody@example\.com was not found in group/, httpCode: '404', cleverReach: /invalid receiver/ },
		{ resource: 'receiver (local check)', parameters: (s) => upsert(s.groupId, { email: V }), values: () => ['jane@example.com', 'jane.example.com'], message: /^Email "jane\.example\.com" is not a valid email address$/ },
		{ resource: 'attribute', parameters: () => ({ resource: 'attribute', operation: 'delete', scope: 'global', attribute: V }), values: (s) => [s.attributeId, '999999'], message: /^Attribute 999999 was not found/, httpCode: '404', cleverReach: /invalid attribute/ },
		{ resource: 'mailing', parameters: () => ({ resource: 'mailing', operation: 'get', mailingId: rl(V) }), values: (s) => [s.mailingId, '555'], message: /^Mailing 555 was not found/, httpCode: '404', cleverReach: /invalid mailing/ },
		{ resource: 'report', parameters: () => ({ resource: 'report', operation: 'get', mailingId: rl(V) }), values: (s) => [s.reportId, '555'], message: /^No report for mailing 555/, httpCode: '404', cleverReach: /Not Found/ },
		{ resource: 'form', parameters: () => ({ resource: 'form', operation: 'get', formId: rl(V) }), values: (s) => [s.formId, '555'], message: /^Form 555 was not found/, httpCode: '404', cleverReach: /invalid form/ },
		{ resource: 'blacklist', parameters: () => ({ resource: 'blacklist', operation: 'remove', scope: 'account', email: V }), values: () => ['blocked@example.com', 'free@example.com'], message: /^free@example\.com is not on the account blacklist/, httpCode: '404', cleverReach: /not blacklisted/ },
	];

	const checkError = (json: IDataObject, c: Case) => {
		expect(String(json.error)).toMatch(c.message);
		const details = json.details as IDataObject;
		expect(details).toBeDefined();
		if (c.httpCode) {
			expect(details.httpCode).toBe(c.httpCode);
			expect(String(details.cleverReach)).toMatch(c.cleverReach!);
		}
	};

	describe.each(cases.map((c) => [c.resource, c] as const))('%s', (_name, c) => {
		it('On Error "Continue (using error output)": the failed item is on the error output only', async () => {
			const s = setup(cr.sim);
			const [ok, bad] = c.values(s);
			const { items, errorItems, error } = await cr.run(c.parameters(s), [{ v: ok }, { v: bad }], { onError: 'continueErrorOutput' });
			expect(error).toBeUndefined();
			expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
			expect(items![0].json.error).toBeUndefined();
			expect(errorItems!.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
			checkError(errorItems![0].json, c);
		});

		it('On Error "Continue": the error item keeps message, CleverReach’s text and HTTP status', async () => {
			const s = setup(cr.sim);
			const [ok, bad] = c.values(s);
			const { items, error } = await cr.run(c.parameters(s), [{ v: ok }, { v: bad }], { onError: 'continueRegularOutput' });
			expect(error).toBeUndefined();
			expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			checkError(items![1].json, c);
		});
	});
});

describe('Create or Update: the same email twice in one run', () => {
	const cr = useSimulator(REALISTIC);
	const order = { orders: { order: [{ order_id: '={{ $json.order }}', product: '={{ $json.product }}', price: 10, quantity: 1 }] } };

	it('stores every order line', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'c@example.com', order: 'A-1', product: 'Shoe' },
			{ email: 'C@example.com', order: 'A-2', product: 'Sock' },
		];
		const { items, error } = await cr.run(upsert(groupId, { additionalFields: order }), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		const orders = (stored(cr.sim, groupId, 'c@example.com')!.orders as IDataObject[]).map((o) => o.order_id);
		expect(orders.sort()).toEqual(['A-1', 'A-2']);
	});

	it('keeps the tags of both, honours removals in input order, and shows each item’s own result', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'c@example.com', tags: 'a, b' },
			{ email: 'c@example.com', tags: 'c, -a' },
		];
		const { items } = await cr.run(upsert(groupId, { additionalFields: { tagsText: '={{ $json.tags }}' } }), input);
		expect((stored(cr.sim, groupId, 'c@example.com')!.tags as string[]).sort()).toEqual(['b', 'c']);
		expect((items![0].json.tags as string[]).sort()).toEqual(['a', 'b']);
		expect((items![1].json.tags as string[]).sort()).toEqual(['b', 'c']);
	});

	it('sums increments, and every other field takes the last value given', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 'c@example.com', points: '+1', name: 'First', source: 'Web' },
			{ email: 'c@example.com', points: '+1', name: 'Second' },
		];
		const { items } = await cr.run(
			upsert(groupId, {
				globalAttributes: { attribute: [{ name: 'points', value: '={{ $json.points }}' }, { name: 'firstname', value: '={{ $json.name }}' }] },
				additionalFields: { source: '={{ $json.source }}' },
			}),
			input,
		);
		const row = stored(cr.sim, groupId, 'c@example.com')!;
		expect(globals(row)).toMatchObject({ points: '2', firstname: 'Second' });
		expect(row.source).toBe('Web');
		expect(globals(items![0].json)).toMatchObject({ points: '1', firstname: 'First' });
		expect(globals(items![1].json)).toMatchObject({ points: '2', firstname: 'Second' });
	});

	it('costs one extra request per repeat depth, not one per repeat', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = Array.from({ length: 1500 }, (_, i) => ({ email: `u${i}@example.com`, name: `U${i}` }));
		input.splice(700, 0, { email: 'u3@example.com', name: 'again' });
		input.push({ email: 'U3@example.com', name: 'third' }, { email: 'u9@example.com', name: 'again' });
		const { items, error } = await cr.run(upsert(groupId, { globalAttributes: { attribute: [{ name: 'firstname', value: '={{ $json.name }}' }] } }), input);
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH).map((c) => (c.body as unknown[]).length)).toEqual([1000, 500, 2, 1]);
		expect(globals(stored(cr.sim, groupId, 'u3@example.com')!).firstname).toBe('third');
		expect(items!.map((i) => globals(i.json).firstname)).toEqual(input.map((i) => i.name));
	});

	it('10,000 distinct receivers are still 10 requests', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = Array.from({ length: 10_000 }, (_, i) => ({ email: `u${i}@example.com` }));
		const { items, error } = await cr.run(upsert(groupId), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10_000);
		expect(cr.sim.log.filter((e) => e.path.startsWith('/v3/'))).toHaveLength(10);
	});

	it('rows with orders go in their own batch: a transient error on it does not fail the plain rows', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.faults.add({ method: 'POST', path: UPSERT_PATH, status: 502, times: 1 });
		const input: IDataObject[] = Array.from({ length: 5 }, (_, i) => ({ email: `plain${i}@example.com` }));
		input.push({ email: 'buyer@example.com', orders: [{ order_id: 'A-1', product: 'Shoe', price: 10 }] });
		const { items } = await cr.run(
			{ resource: 'receiver', operation: 'upsert', inputMode: 'autoMap', groupId: rl(groupId), activation: 'active' },
			input,
			{ onError: 'continueRegularOutput' },
		);
		for (let i = 0; i < 5; i++) expect(items![i].json.error).toBeUndefined();
		expect(cr.sim.model.groupStats(groupId).total_count).toBeGreaterThanOrEqual(5);
	});
});

describe('Activation "Active Now" never surprises', () => {
	const cr = useSimulator(REALISTIC);
	const t0 = () => cr.sim.clock.now();
	/** One receiver deactivated through the API, one who unsubscribed by mail. */
	const UNSUBSCRIBED = ['api@example.com', 'mail@example.com'];
	const unsubscribedTwice = () => {
		const { groupId } = seedAccount(cr.sim);
		for (const email of UNSUBSCRIBED) cr.sim.model.upsertReceiver(groupId, { email });
		cr.sim.model.deactivate(groupId, UNSUBSCRIBED[0]);
		cr.sim.model.unsubscribe(groupId, UNSUBSCRIBED[1]);
		cr.sim.clock.advance(60);
		return groupId;
	};

	it('an active receiver re-saved keeps its activation date; the output says "updated"', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', global_attributes: { firstname: 'Jane' } });
		const activated = Number(stored(cr.sim, groupId, 'jane@example.com')!.activated);
		cr.sim.clock.advance(3600);
		const { items } = await cr.run(upsert(groupId, { globalAttributes: { attribute: [{ name: 'firstname', value: 'Janet' }] } }), [{ email: 'jane@example.com' }]);
		expect(Number(stored(cr.sim, groupId, 'jane@example.com')!.activated)).toBe(activated);
		const change = cr.sim.model.history.changes.at(-1)!;
		expect(change.after!.activated).toBe(change.before!.activated);
		expect(items![0].json).toMatchObject({ outcome: 'updated', active: true, activated });
	});

	it('someone who unsubscribed (through the API or a mailing) stays unsubscribed; the output says so', async () => {
		const groupId = unsubscribedTwice();
		const { items } = await cr.run(upsert(groupId), UNSUBSCRIBED.map((email) => ({ email })));
		for (const email of UNSUBSCRIBED) expect(stored(cr.sim, groupId, email)!.active).toBe(false);
		expect(items!.map((i) => [i.json.outcome, i.json.active])).toEqual([
			['leftUnsubscribed', false],
			['leftUnsubscribed', false],
		]);
	});

	it('re-activates unsubscribed receivers only with the explicit "re-activate" choice', async () => {
		const groupId = unsubscribedTwice();
		const { items, error } = await cr.run(upsert(groupId, { activation: 'reactivate' }), UNSUBSCRIBED.map((email) => ({ email })));
		expect(error).toBeUndefined();
		for (const email of UNSUBSCRIBED) expect(stored(cr.sim, groupId, email)!.active).toBe(true);
		expect(items!.map((i) => [i.json.outcome, i.json.active])).toEqual([
			['reactivated', true],
			['reactivated', true],
		]);
	});

	it('new receivers are created active, pending ones activated; each item says which', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'pending@example.com', activated: 0 });
		cr.sim.clock.advance(60);
		const { items } = await cr.run(upsert(groupId), [{ email: 'new@example.com' }, { email: 'pending@example.com' }]);
		expect(items!.map((i) => [i.json.email, i.json.outcome, i.json.active])).toEqual([
			['new@example.com', 'created', true],
			['pending@example.com', 'activated', true],
		]);
		expect(stored(cr.sim, groupId, 'pending@example.com')!.activated).toBeGreaterThanOrEqual(t0());
	});
});

describe('Activation: a re-run of the same import fires nothing in the trigger', () => {
	const cr = useSimulator();

	it('New Receiver (Only Active) emits the import once', async () => {
		const { groupId } = seedAccount(cr.sim);
		const trigger = cr.trigger({ event: 'newReceiver', onlyActive: true, watch: 'all' });
		expect((await trigger.tick()).error).toBeUndefined();
		const input = [{ email: 'a@example.com', name: 'A' }, { email: 'b@example.com', name: 'B' }];
		const params = upsert(groupId, { globalAttributes: { attribute: [{ name: 'firstname', value: '={{ $json.name }}' }] } });
		cr.sim.clock.advance(120);
		expect((await cr.run(params, input)).error).toBeUndefined();
		cr.sim.clock.advance(120);
		expect((await trigger.pollOk()).map((r) => r.email).sort()).toEqual(['a@example.com', 'b@example.com']);
		cr.sim.clock.advance(3600);
		expect((await cr.run(params, input)).error).toBeUndefined();
		cr.sim.clock.advance(120);
		expect(await trigger.pollOk()).toEqual([]);
	});
});

describe('dates: one parser, in the workflow’s time zone', () => {
	const cr = useSimulator(REALISTIC);

	it('Registered and Order Date without an offset are read in the workflow’s time zone', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run(
			upsert(groupId, {
				email: 'ny@example.com',
				additionalFields: {
					registered: '2030-05-01T09:00:00',
					orders: { order: [{ order_id: 'A-1', product: 'Shoe', stamp: '2030-05-02T18:30:00' }] },
				},
			}),
			[{}],
			NEW_YORK,
		);
		expect(error).toBeUndefined();
		const row = stored(cr.sim, groupId, 'ny@example.com')!;
		expect(row.registered).toBe(utc('2030-05-01T13:00:00Z'));
		expect((row.orders as IDataObject[])[0].stamp).toBe(utc('2030-05-02T22:30:00Z'));
	});

	it('unix seconds, milliseconds and ISO with an offset are read as they are', async () => {
		const { groupId } = seedAccount(cr.sim);
		const input = [
			{ email: 's@example.com', at: 1_893_456_000 },
			{ email: 'ms@example.com', at: 1_893_456_000_000 },
			{ email: 'iso@example.com', at: '2030-01-01T01:00:00+01:00' },
		];
		const { error } = await cr.run(upsert(groupId, { additionalFields: { registered: '={{ $json.at }}' } }), input, NEW_YORK);
		expect(error).toBeUndefined();
		for (const { email } of input) expect(stored(cr.sim, groupId, email)!.registered).toBe(1_893_456_000);
	});

	it('ambiguous or impossible input fails naming the item and the field', async () => {
		const { groupId } = seedAccount(cr.sim);
		const cases: Array<[INodeParameters, RegExp]> = [
			[upsert(groupId, { additionalFields: { registered: '={{ $json.at }}' } }), /^Registered "05\/06\/2030"/],
			[{ resource: 'report', operation: 'getMany', returnAll: true, filters: { startDate: '={{ $json.at }}' } }, /^Start Date "05\/06\/2030"/],
			[{ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true, filters: { registeredAfter: '={{ $json.at }}' } }, /^Registered After "05\/06\/2030"/],
		];
		for (const [params, message] of cases) {
			cr.sim.resetLog();
			const { error } = await cr.run(params, [{ email: 'a@example.com', at: '2030-05-01T00:00:00Z' }, { email: 'b@example.com', at: '05/06/2030' }], NEW_YORK);
			expect(error?.message).toMatch(message);
			expect(error?.context?.itemIndex).toBe(1);
		}
		// 02:30 on the day New York springs forward does not exist.
		const gap = await cr.run(upsert(groupId, { email: 'x@example.com', additionalFields: { registered: '2030-03-10T02:30:00' } }), [{}], NEW_YORK);
		expect(gap.error?.message).toMatch(/^Registered "2030-03-10T02:30:00" .*America\/New_York/);
	});

	it('Get Many date filters compare in the workflow’s time zone', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(groupId, [
			{ email: 'before@example.com', registered: utc('2030-05-01T12:59:00Z') },
			{ email: 'after@example.com', registered: utc('2030-05-01T13:01:00Z') },
		]);
		const { items, error } = await cr.run(
			{ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true, filters: { registeredAfter: '2030-05-01T09:00:00' } },
			[{}],
			NEW_YORK,
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.email)).toEqual(['after@example.com']);
	});
});

describe('Map Automatically: attribute definitions that cannot be read', () => {
	const cr = useSimulator(REALISTIC);

	it('fail the items that need them with a clear error instead of ignoring their fields', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.faults.add({ method: 'GET', path: '/v3/attributes', status: 500, times: Infinity });
		const { items, error } = await cr.run(
			{ resource: 'receiver', operation: 'upsert', inputMode: 'autoMap', groupId: rl(groupId), activation: 'active' },
			[{ email: 'jane@example.com', firstname: 'Jane' }, { email: 'plain@example.com', source: 'web' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(String(items![0].json.error)).toMatch(/attribute definitions/i);
		expect(items![0].json.ignoredFields).toBeUndefined();
		expect(stored(cr.sim, groupId, 'jane@example.com')).toBeUndefined();
		expect(items![1].json).toMatchObject({ email: 'plain@example.com', source: 'web' });
	});
});

describe('transport: writes that may have been applied are not sent again', () => {
	const cr = useSimulator(REALISTIC);

	it('a 503 with Retry-After after CleverReach applied "+5" is not retried; the error says it may have happened', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', global_attributes: { points: '10' } });
		cr.sim.faults.add({ method: 'POST', path: UPSERT_PATH, status: 503, retryAfter: 1, afterApply: true });
		const { items } = await cr.run(upsert(groupId, { globalAttributes: { attribute: [{ name: 'points', value: '+5' }] } }), [{ email: 'jane@example.com' }], { onError: 'continueRegularOutput' });
		expect(globals(stored(cr.sim, groupId, 'jane@example.com')!).points).toBe('15');
		expect(apiCalls(cr.sim, 'POST', UPSERT_PATH)).toHaveLength(1);
		expect(String(items![0].json.error)).toMatch(/may have been applied/);
		expect((items![0].json.details as IDataObject).mayHaveBeenApplied).toBe(true);
	});

	it('a 413 given only in the body’s error.code halves the batch', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.config.upsertBatchLimit = 300;
		cr.sim.config.errorHttpStatus = { 413: 400 };
		const input = Array.from({ length: 1000 }, (_, i) => ({ email: `u${i}@example.com` }));
		const { items, error } = await cr.run(upsert(groupId), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1000);
		expect(cr.sim.model.groupStats(groupId).total_count).toBe(1000);
	});
});

describe('the real shapes', () => {
	const cr = useSimulator(REALISTIC);

	async function loadOptions(method: 'getTags', parameters: INodeParameters = {}) {
		const node = makeNode('n8n-nodes-cleverreach.cleverReach', { resource: 'receiver', operation: 'addTags', ...parameters });
		const wf = new workflow.Workflow({ nodes: [node], connections: {}, nodeTypes, active: false });
		const context = new core.LoadOptionsContext(wf, node, additionalDataFor(cr.credentials), 'tags');
		return await new CleverReach().methods.loadOptions[method].call(context);
	}

	it('the tag dropdown offers the full tag (origin.tag), so a picked tag is written back unchanged', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com', tags: ['Shop.VIP', 'plain'] });
		const options = await loadOptions('getTags');
		expect(options.map((o) => o.value)).toEqual(['plain', 'Shop.VIP']);
		cr.sim.model.upsertReceiver(groupId, { email: 'b@example.com' });
		await cr.run({ resource: 'receiver', operation: 'addTags', groupId: rl(groupId), receiver: 'b@example.com', tags: [options[1].value] });
		expect(stored(cr.sim, groupId, 'b@example.com')!.tags).toEqual(['Shop.VIP']);
	});

	it('Get Many’s tag filter finds receivers tagged a moment ago, with their tags', async () => {
		const { groupId } = seedAccount(cr.sim);
		for (let i = 0; i < 20; i++) cr.sim.model.upsertReceiver(groupId, { email: `vip${i}@example.com`, tags: ['Shop.VIP'] });
		for (let i = 0; i < 5; i++) cr.sim.model.upsertReceiver(groupId, { email: `other${i}@example.com`, tags: ['Shop.VIPs'] });
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true, filters: { tag: 'Shop.VIP' } });
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.email).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `vip${i}@example.com`).sort());
		expect(items!.every((i) => (i.json.tags as string[]).includes('Shop.VIP'))).toBe(true);
	});

	it('Get Many’s operators Does Not Contain, Not Equals and Is Empty work', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'kiel@example.com', global_attributes: { firstname: 'Kiel' } });
		cr.sim.model.upsertReceiver(groupId, { email: 'bonn@example.com', global_attributes: { firstname: 'Bonn' } });
		cr.sim.model.upsertReceiver(groupId, { email: 'none@example.com' });
		const run = async (logic: string, condition: string) => {
			const { items, error } = await cr.run({
				resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true,
				filters: { attributeConditions: { condition: [{ field: 'firstname', logic, condition }] } },
			});
			expect(error).toBeUndefined();
			return items!.map((i) => i.json.email).sort();
		};
		expect(await run('notcontains', 'ie')).toEqual(['bonn@example.com', 'none@example.com']);
		expect(await run('neq', 'kiel')).toEqual(['bonn@example.com', 'none@example.com']);
		expect(await run('isnull', '')).toEqual(['none@example.com']);
	});

	it('with a filter, Status "Active" follows CleverReach’s active flag (a receiver just unsubscribed is not active)', async () => {
		const { groupId } = seedAccount(cr.sim);
		for (let i = 0; i < 20; i++) cr.sim.model.upsertReceiver(groupId, { email: `u${i}@shop.example.com` });
		cr.sim.clock.advance(600);
		for (let i = 0; i < 10; i++) cr.sim.model.unsubscribe(groupId, `u${i}@shop.example.com`);
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), status: 'active', returnAll: true, filters: { emailContains: '@shop.' } });
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.email).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `u${i + 10}@shop.example.com`).sort());
		expect(items!.every((i) => i.json.active === true)).toBe(true);
	});

	it('with a filter, Status "Bounced" works', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@shop.example.com' });
		cr.sim.model.upsertReceiver(groupId, { email: 'b@shop.example.com' });
		cr.sim.model.bounce('a@shop.example.com');
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), status: 'bounce', returnAll: true, filters: { emailContains: '@shop.' } });
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.email)).toEqual(['a@shop.example.com']);
	});

	it('Return All over a group whose order is unstable returns every receiver once', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(groupId, Array.from({ length: 6000 }, (_, i) => ({ email: `u${i}@example.com` })));
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true });
		expect(error).toBeUndefined();
		const emails = items!.map((i) => i.json.email);
		expect(new Set(emails).size).toBe(6000);
		expect(emails).toHaveLength(6000);
	});

	it('Return All with a filter is not cut short by a page cap', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(groupId, Array.from({ length: 1200 }, (_, i) => ({ email: `u${i}@shop.example.com` })));
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getMany', groupId: rl(groupId), returnAll: true, filters: { emailContains: '@shop.' } });
		expect(error).toBeUndefined();
		expect(new Set(items!.map((i) => i.json.email)).size).toBe(1200);
	});

	it('Get Bounced Return All is not cut short by a page cap', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.bulkInsert(groupId, Array.from({ length: 1200 }, (_, i) => ({ email: `b${i}@example.com`, bounced: utc('2023-11-01T00:00:00Z') })));
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getBounced', bounceScope: 'account', returnAll: true });
		expect(error).toBeUndefined();
		expect(new Set(items!.map((i) => i.json.email)).size).toBe(1200);
	});

	it('Report › Get Many Return All over a list in no stable order returns every report once', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com' });
		const ids: string[] = [];
		for (let i = 0; i < 150; i++) {
			cr.sim.clock.advance(i % 3 === 0 ? 0 : 60);
			const id = draft(cr.sim, groupId, `M${i}`);
			cr.sim.model.finishMailing(id);
			ids.push(id);
		}
		const { items, error } = await cr.run({ resource: 'report', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items!.map((i) => String(i.json.id)).sort()).toEqual([...ids].sort());
	});

	it('Get Events, account-wide, reads the events when CleverReach answers a one-element list', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.config.receiverLookupShape = 'list';
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com' });
		const { items, error } = await cr.run({ resource: 'receiver', operation: 'getEvents', scope: 'account', receiver: 'a@example.com', returnAll: true });
		expect(error).toBeUndefined();
		expect(items!.length).toBeGreaterThan(0);
		expect(items![0].json.type).toBeDefined();
	});

	it('Send Now releases a safe margin ahead by CleverReach’s clock and says when', async () => {
		const { groupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com' });
		const id = draft(cr.sim, groupId);
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'release', mailingId: rl(id), when: 'now' });
		expect(error).toBeUndefined();
		const [release] = apiCalls(cr.sim, 'POST', /\/release$/);
		const time = Number((release.body as IDataObject).time);
		const now = cr.sim.clock.now();
		expect(time).toBeGreaterThanOrEqual(now + 30);
		expect(time).toBeLessThanOrEqual(now + 120);
		expect(items![0].json.sendAt).toBe(new Date(time * 1000).toISOString());
	});

	it('Create Draft accepts the "eddytor" editor', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { error } = await cr.run({
			resource: 'mailing', operation: 'create', name: 'M', subject: 'S', senderEmail: 'news@shop.example.com',
			htmlContent: '<p>Hi</p>', groupIdList: groupId, options: { editor: 'eddytor' },
		});
		expect(error).toBeUndefined();
	});
});

describe('for AI agents', () => {
	const cr = useSimulator(REALISTIC);

	/** Every parameter an agent may fill (not the resource/operation pickers, notices or hidden fields), with its path. */
	function fillable(properties: INodeProperties[], path = ''): Array<[string, INodeProperties]> {
		const out: Array<[string, INodeProperties]> = [];
		for (const p of properties) {
			if (p.type === 'notice' || p.type === 'hidden' || p.noDataExpression) continue;
			const key = `${path}${p.name}[${JSON.stringify(p.displayOptions?.show ?? {})}]`;
			out.push([key, p]);
			for (const option of (p.options ?? []) as Array<INodeProperties & { values?: INodeProperties[] }>) {
				if (option.values) out.push(...fillable(option.values, `${key}.`));
				else if (option.type) out.push(...fillable([option], `${key}.`));
			}
		}
		return out;
	}

	it('every parameter an agent may fill says what it is, and ID parameters say where to get the ID', () => {
		const missing: string[] = [];
		const noSource: string[] = [];
		for (const [key, p] of fillable(new CleverReach().description.properties)) {
			const text = String(p.description ?? '');
			if (text.trim().length < 15) missing.push(key);
			const isId = p.type === 'resourceLocator' || /Id$|^receiver$/.test(p.name);
			if (isId && !/Get Many|Get Link Stats|in CleverReach/.test(text)) noSource.push(key);
		}
		expect(missing).toEqual([]);
		expect(noSource).toEqual([]);
	});

	it('Group › Get Many can include each group’s receiver counts in the same call', async () => {
		const { groupId, otherGroupId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'a@example.com' });
		cr.sim.model.upsertReceiver(groupId, { email: 'b@example.com', activated: 0 });
		const { items, error } = await cr.run({ resource: 'group', operation: 'getMany', returnAll: true, options: { includeStats: true } });
		expect(error).toBeUndefined();
		const byId = new Map(items!.map((i: INodeExecutionData) => [String(i.json.id), i.json]));
		expect(byId.get(groupId)!.stats).toMatchObject({ total_count: 2, active_count: 1, inactive_count: 1 });
		expect(byId.get(otherGroupId)!.stats).toMatchObject({ total_count: 0 });
	});

	it('Create Draft returns the mailing as CleverReach stored it', async () => {
		const { groupId } = seedAccount(cr.sim);
		const { items, error } = await cr.run({
			resource: 'mailing', operation: 'create', name: 'M', subject: 'S', senderEmail: 'news@shop.example.com',
			htmlContent: '<p>Hi</p>', groupIdList: groupId,
		});
		expect(error).toBeUndefined();
		const id = String(items![0].json.id);
		const { body_html: _html, body_text: _text, ...stored } = cr.sim.model.getMailing(id);
		expect(items![0].json).toMatchObject({ ...stored, groupIds: [groupId] });
	});
});
