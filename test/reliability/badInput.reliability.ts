/**
 * Bad input table: every row is an input a user (or an AI agent) can realistically give. Rejected rows must
 * fail with a message naming the field, tied to the item (itemIndex without Continue On Fail, one paired error
 * item per input item with it), and — when the input can be judged locally — without any request to
 * CleverReach. Some rows only CleverReach can judge (unknown IDs) or need the account's definitions (attribute
 * names and types): those may read, but must not write. Rows that are legitimately accepted (unicode, emoji,
 * huge HTML, more than 1000 items) are asserted to WORK, against the simulator's state.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/n8n';
import { rl, useSimulator } from '../harness/simulator';
import type { Simulator } from '../simulator/index.ts';
import { recordRun, trackSecrets } from './secrets';

const cr = useSimulator();
trackSecrets(cr);

interface Seed {
	groupId: string;
	formId: string;
}

function seed(sim: Simulator): Seed {
	const group = sim.model.createGroup({ name: 'Newsletter' });
	sim.model.createAttribute({ name: 'firstname', type: 'text' });
	sim.model.createAttribute({ name: 'points', type: 'number' });
	sim.model.createAttribute({ name: 'birthday', type: 'date' });
	sim.model.createAttribute({ name: 'plan', type: 'text' }, group.id);
	const form = sim.model.createForm(group.id, 'default', { name: 'Signup' }) as { id: string };
	sim.model.addReceiver(group.id, { email: 'known@example.com' });
	return { groupId: group.id, formId: form.id };
}

/** What a rejected row may send: nothing at all, only reads (GET, or POST searches), or anything. */
type Requests = 'none' | 'reads' | 'any';

interface BadRow {
	name: string;
	parameters: (s: Seed) => INodeParameters;
	/** The value `$json.v` of both input items (most rows feed the bad value through an expression). */
	value?: unknown;
	message: RegExp;
	requests: Requests;
}

const upsert = (s: Seed, extra: IDataObject = {}): INodeParameters => ({
	resource: 'receiver',
	operation: 'upsert',
	groupId: rl(s.groupId),
	email: '={{ "jane" + $itemIndex + "@example.com" }}',
	activation: 'active',
	...extra,
});
const attr = (name: string, value: string) => ({ attribute: [{ name, value }] });
const mailing = (s: Seed, extra: IDataObject = {}): INodeParameters => ({
	resource: 'mailing',
	operation: 'create',
	name: 'Spring',
	subject: 'Spring offers',
	senderName: 'Shop',
	senderEmail: 'news@shop.example.com',
	htmlContent: '<html><body><p>Hi</p></body></html>',
	groupIdList: s.groupId,
	...extra,
});
const V = '={{ $json.v }}';

const rows: BadRow[] = [
	// Receiver › Create or Update
	{ name: 'malformed email', parameters: (s) => upsert(s, { email: V }), value: 'jane.example.com', message: /^Email "jane\.example\.com" is not a valid email address$/, requests: 'none' },
	{ name: 'email with a space', parameters: (s) => upsert(s, { email: V }), value: 'jane doe@example.com', message: /^Email "jane doe@example\.com" is not a valid email address$/, requests: 'none' },
	{ name: 'empty email', parameters: (s) => upsert(s, { email: V }), value: '', message: /^Email is required$/, requests: 'none' },
	{ name: 'email expression resolving to an object', parameters: (s) => upsert(s, { email: V }), value: { address: 'jane@example.com' }, message: /^Email must be text, not an object or a list$/, requests: 'none' },
	{ name: 'email expression resolving to an array', parameters: (s) => upsert(s, { email: V }), value: ['a@example.com', 'b@example.com'], message: /^Email must be text, not an object or a list$/, requests: 'none' },
	{ name: 'group given by name instead of ID', parameters: (s) => upsert(s, { groupId: rl(V) }), value: 'Newsletter', message: /^Group must be a numeric CleverReach ID, not "Newsletter"$/, requests: 'none' },
	{ name: 'group missing', parameters: (s) => upsert(s, { groupId: rl(V) }), value: '', message: /^Group is required$/, requests: 'none' },
	{ name: 'unknown (numeric) group ID', parameters: (s) => upsert(s, { groupId: rl(V) }), value: '999999', message: /^Group 999999 was not found/, requests: 'any' },
	{ name: 'attribute that does not exist', parameters: (s) => upsert(s, { globalAttributes: attr('shoesize', '42') }), message: /^global attributes: attribute "shoesize" does not exist$/, requests: 'reads' },
	{ name: 'group attribute given as global attribute', parameters: (s) => upsert(s, { globalAttributes: attr('plan', 'gold') }), message: /^global attributes: attribute "plan" does not exist$/, requests: 'reads' },
	{ name: 'text in a number attribute', parameters: (s) => upsert(s, { globalAttributes: attr('points', V) }), value: 'lots', message: /^Attribute "points" is a number attribute, but the value "lots" is not a number$/, requests: 'reads' },
	{ name: 'German date in a date attribute', parameters: (s) => upsert(s, { globalAttributes: attr('birthday', V) }), value: '03.02.1990', message: /^Attribute "birthday" is a date attribute, but the value "03\.02\.1990" is not a date \(use YYYY-MM-DD\)$/, requests: 'reads' },
	{ name: 'impossible date in a date attribute', parameters: (s) => upsert(s, { globalAttributes: attr('birthday', V) }), value: '2021-02-30', message: /^Attribute "birthday" is a date attribute, but "2021-02-30" is not a real date$/, requests: 'reads' },
	{ name: 'attribute value resolving to an object', parameters: (s) => upsert(s, { globalAttributes: attr('firstname', V) }), value: { first: 'Jane' }, message: /^Global Attributes: the value of "firstname" must be text, not an object or a list$/, requests: 'none' },
	{ name: 'tags resolving to objects', parameters: (s) => upsert(s, { additionalFields: { tagsText: V } }), value: [{ tag: 'vip' }], message: /^Tags must be text or a list of texts$/, requests: 'none' },
	{ name: 'registration date that is not a date', parameters: (s) => upsert(s, { additionalFields: { registered: V } }), value: 'last tuesday', message: /^Registered "last tuesday" is not a valid date$/, requests: 'none' },
	{ name: 'order item without order ID', parameters: (s) => upsert(s, { additionalFields: { orders: { order: [{ order_id: '', product: 'Shoes' }] } } }), message: /^Order item 1: Order ID is required$/, requests: 'none' },
	{ name: 'order item with a price that is not a number', parameters: (s) => upsert(s, { additionalFields: { orders: { order: [{ order_id: 'A1', product: 'Shoes', price: V }] } } }), value: 'cheap', message: /^Order item 1: Price must be a number$/, requests: 'none' },
	{ name: 'double opt-in without a form', parameters: (s) => upsert(s, { activation: 'doi', formId: rl(V) }), value: '', message: /^Form is required$/, requests: 'none' },
	{ name: 'double opt-in form given by name', parameters: (s) => upsert(s, { activation: 'doi', formId: rl(V) }), value: 'Signup', message: /^Form must be a numeric CleverReach ID, not "Signup"$/, requests: 'none' },
	// Receiver › Get / Get Many
	{ name: 'receiver that is neither an ID nor an email', parameters: (s) => ({ resource: 'receiver', operation: 'get', scope: 'group', groupId: rl(s.groupId), receiver: V }), value: 'Jane Doe', message: /^Receiver "Jane Doe" is neither a numeric receiver ID nor a valid email address$/, requests: 'none' },
	{ name: 'negative limit', parameters: (s) => ({ resource: 'receiver', operation: 'getMany', groupId: rl(s.groupId), returnAll: false, limit: V }), value: -5, message: /^Limit must be a whole number of at least 1, not -5$/, requests: 'none' },
	{ name: 'fractional limit', parameters: (s) => ({ resource: 'receiver', operation: 'getMany', groupId: rl(s.groupId), returnAll: false, limit: V }), value: 2.5, message: /^Limit must be a whole number of at least 1, not 2\.5$/, requests: 'none' },
	{ name: 'search date that is not a date', parameters: (s) => ({ resource: 'receiver', operation: 'getMany', groupId: rl(s.groupId), returnAll: true, filters: { registeredAfter: V } }), value: 'soon', message: /^Registered After "soon" is not a valid date$/, requests: 'none' },
	// Group
	{ name: 'group name empty', parameters: () => ({ resource: 'group', operation: 'create', name: V }), value: '   ', message: /^Name is required$/, requests: 'none' },
	{ name: 'group name resolving to an array', parameters: () => ({ resource: 'group', operation: 'create', name: V }), value: ['News', 'letter'], message: /^Name must be text, not an object or a list$/, requests: 'none' },
	{ name: 'group get by name', parameters: () => ({ resource: 'group', operation: 'get', groupId: rl(V) }), value: 'Newsletter', message: /^Group must be a numeric CleverReach ID, not "Newsletter"$/, requests: 'none' },
	{ name: 'group get with an unknown ID', parameters: () => ({ resource: 'group', operation: 'get', groupId: rl(V) }), value: '4242', message: /^Group 4242 was not found/, requests: 'any' },
	// Attribute
	{ name: 'attribute name with spaces and punctuation', parameters: () => ({ resource: 'attribute', operation: 'create', scope: 'global', name: V, type: 'text' }), value: 'Shoe size!', message: /^Name "shoe size!" is not a valid attribute name/, requests: 'none' },
	{ name: 'attribute of an unknown type', parameters: () => ({ resource: 'attribute', operation: 'create', scope: 'global', name: 'shoesize', type: V }), value: 'integer', message: /^Type must be one of .*not "integer"$/, requests: 'none' },
	{ name: 'number attribute with a text default', parameters: () => ({ resource: 'attribute', operation: 'create', scope: 'global', name: 'shoesize', type: 'number', additionalFields: { default_value: V } }), value: 'big', message: /^Default Value "big" does not fit an attribute of type number/, requests: 'none' },
	// Mailing › Create Draft
	{ name: 'empty subject', parameters: (s) => mailing(s, { subject: V }), value: '', message: /^Subject is required$/, requests: 'none' },
	{ name: 'subject resolving to an object', parameters: (s) => mailing(s, { subject: V }), value: { de: 'Hallo' }, message: /^Subject must be text, not an object or a list$/, requests: 'none' },
	{ name: 'malformed sender email', parameters: (s) => mailing(s, { senderEmail: V }), value: 'news@shop', message: /^Sender Email "news@shop" is not a valid email address$/, requests: 'none' },
	{ name: 'no content at all', parameters: (s) => mailing(s, { htmlContent: V }), value: '', message: /^Content is required/, requests: 'none' },
	{ name: 'HTML content resolving to an object', parameters: (s) => mailing(s, { htmlContent: V }), value: { html: '<p>Hi</p>' }, message: /^HTML Content must be text, not an object or a list$/, requests: 'none' },
	{ name: 'open tracking on a text-only mailing', parameters: (s) => mailing(s, { htmlContent: '', textContent: 'Hi', options: { openTracking: true } }), message: /^Open Tracking is only possible for HTML mailings/, requests: 'none' },
	{ name: 'Google campaign name without Google link tracking', parameters: (s) => mailing(s, { options: { googleCampaignName: 'spring', linkTrackingType: 'crconnect' } }), message: /^Google Campaign Name is only allowed when Link Tracking Type is Google$/, requests: 'none' },
	{ name: 'target group given by name', parameters: (s) => mailing(s, { groupIdList: V }), value: 'Newsletter', message: /^Target Groups: "Newsletter" is not a numeric CleverReach group ID$/, requests: 'none' },
	{ name: 'no target group', parameters: (s) => mailing(s, { groupIdList: V }), value: '', message: /^Target Groups: choose at least one group/, requests: 'none' },
	{ name: 'segment ID that is not a number', parameters: (s) => mailing(s, { filterId: V }), value: 'VIPs', message: /^Segment \(Filter\) ID must be a numeric CleverReach ID, not "VIPs"$/, requests: 'none' },
	// Blacklist / Report / Form
	{ name: 'blacklisting a malformed email', parameters: () => ({ resource: 'blacklist', operation: 'add', scope: 'account', email: V }), value: '@example.com', message: /^Email "@example\.com" is not a valid email address$/, requests: 'none' },
	{ name: 'report date range the wrong way round', parameters: () => ({ resource: 'report', operation: 'getMany', returnAll: true, filters: { startDate: '2030-05-02T00:00:00Z', endDate: '2030-05-01T00:00:00Z' } }), message: /^End Date \(.*\) is before Start Date/, requests: 'none' },
	{ name: 'form given by name', parameters: () => ({ resource: 'form', operation: 'get', formId: rl(V) }), value: 'Signup', message: /^Form must be a numeric CleverReach ID, not "Signup"$/, requests: 'none' },
];

const apiRequests = () => cr.sim.log.filter((e) => e.path.startsWith('/v3/'));

function checkRequests(requests: Requests) {
	const sent = apiRequests();
	if (requests === 'none') expect(sent.map((e) => `${e.method} ${e.path}`)).toEqual([]);
	if (requests === 'reads') {
		const writes = sent.filter((e) => e.method !== 'GET' && !/\/filter$/.test(e.path));
		expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([]);
	}
}

async function run(row: BadRow, s: Seed, continueOnFail: boolean): Promise<RunResult> {
	cr.sim.resetLog();
	const input = [{ v: row.value }, { v: row.value }] as IDataObject[];
	const result = await cr.run(row.parameters(s), input, { continueOnFail });
	recordRun(`bad input: ${row.name}`, result);
	return result;
}

describe('bad input table', () => {
	it('has at least 30 distinct rejected inputs across resources', () => {
		expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
		expect(rows.length).toBeGreaterThanOrEqual(30);
		const resources = new Set(rows.map((r) => r.parameters({ groupId: '1', formId: '1' }).resource));
		expect([...resources].sort()).toEqual(['attribute', 'blacklist', 'form', 'group', 'mailing', 'receiver', 'report']);
	});

	describe.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
		it('without Continue On Fail: the node fails on item 0 with a message naming the field', async () => {
			const s = seed(cr.sim);
			const before = cr.sim.model.summary();
			const { error, items } = await run(row, s, false);
			expect(items).toBeUndefined();
			expect(error?.message).toMatch(row.message);
			expect((error as unknown as { context?: IDataObject }).context?.itemIndex).toBe(0);
			checkRequests(row.requests);
			expect(cr.sim.model.summary()).toEqual(before);
		});

		it('with Continue On Fail: one error item per input item, paired, same message', async () => {
			const s = seed(cr.sim);
			const before = cr.sim.model.summary();
			const { error, items } = await run(row, s, true);
			expect(error).toBeUndefined();
			expect(items?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of items ?? []) expect(String(item.json.error)).toMatch(row.message);
			checkRequests(row.requests);
			expect(cr.sim.model.summary()).toEqual(before);
		});
	});
});

describe('inputs that must be accepted', () => {
	const tricky = 'Ünïcødé 🚀 Рассылка 新闻 — “quotes” & <b>tags</b>';

	it('unicode and emoji group names are created and round-trip unchanged', async () => {
		const created = await cr.run({ resource: 'group', operation: 'create', name: tricky });
		expect(created.error).toBeUndefined();
		const id = String(created.items![0].json.id);
		expect(cr.sim.model.getGroup(id).name).toBe(tricky);
		const read = await cr.run({ resource: 'group', operation: 'get', groupId: rl(id) });
		expect(read.items![0].json.name).toBe(tricky);
	});

	it('unicode and emoji attribute values are stored and read back unchanged', async () => {
		const s = seed(cr.sim);
		const name = 'Zoë 🎉 李小龍';
		const saved = await cr.run(upsert(s, { globalAttributes: attr('firstname', name) }));
		expect(saved.error).toBeUndefined();
		expect((saved.items![0].json.global_attributes as IDataObject).firstname).toBe(name);
		const stored = cr.sim.model.getReceiver(s.groupId, 'jane0@example.com') as IDataObject;
		expect((stored.global_attributes as IDataObject).firstname).toBe(name);
		const read = await cr.run({ resource: 'receiver', operation: 'get', scope: 'group', groupId: rl(s.groupId), receiver: 'jane0@example.com' });
		expect((read.items![0].json.global_attributes as IDataObject).firstname).toBe(name);
	});

	it('unicode and emoji mailing name and subject round-trip', async () => {
		const s = seed(cr.sim);
		const { items, error } = await cr.run(mailing(s, { name: tricky, subject: `🔥 ${tricky}` }));
		expect(error).toBeUndefined();
		const stored = cr.sim.model.getMailing(String(items![0].json.id)) as IDataObject;
		expect(stored.name).toBe(tricky);
		expect(stored.subject).toBe(`🔥 ${tricky}`);
	});

	it('huge HTML (2 MB, multi-byte) is sent intact in one request', async () => {
		const s = seed(cr.sim);
		const block = '<p>Grüße 👋 <a href="https://shop.example.com/x">Shop</a></p>\n';
		const html = `<html><body>${block.repeat(Math.ceil(2_000_000 / block.length))}</body></html>`;
		const { items, error } = await cr.run(mailing(s, { htmlContent: html }));
		recordRun('huge html', { items, error } as RunResult);
		expect(error).toBeUndefined();
		const posts = apiRequests().filter((e) => e.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(((posts[0].body as IDataObject).content as IDataObject).html).toBe(html);
		expect((cr.sim.model.getMailing(String(items![0].json.id)) as IDataObject).body_html).toBe(html);
	});

	it('more than 1000 items are split into batches of at most 1000, every item answered once', async () => {
		const s = seed(cr.sim);
		const input = Array.from({ length: 2001 }, (_, i) => ({ email: `bulk${i}@example.com` }));
		const { items, error } = await cr.run(upsert(s, { email: '={{ $json.email }}' }), input);
		expect(error).toBeUndefined();
		const batches = apiRequests().filter((e) => /upsertplus$/.test(e.path));
		expect(batches.map((b) => (b.body as unknown[]).length)).toEqual([1000, 1000, 1]);
		expect(items).toHaveLength(2001);
		items!.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.email).toBe(`bulk${i}@example.com`);
		});
		expect(cr.sim.model.groupStats(s.groupId).total_count).toBe(2002);
	});
});
