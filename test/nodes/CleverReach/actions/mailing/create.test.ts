import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, HTML, seedGroup } from './fixtures.ts';

const base = {
	resource: 'mailing',
	operation: 'create',
	name: 'May newsletter',
	subject: 'Spring offers',
	senderName: 'ACME Shop',
	senderEmail: 'news@acme.example.com',
};

describe('Mailing › Create Draft', () => {
	const cr = useSimulator();

	it('creates an HTML draft for the picked groups and returns its ID', async () => {
		const group = seedGroup(cr.sim);
		const { items, error } = await cr.run({
			...base,
			htmlContent: HTML,
			targetGroups: { groups: [{ groupId: rl(group.id) }] },
		});
		expect(error).toBeUndefined();
		const calls = apiCalls(cr.sim);
		// The create, then the stored mailing (CleverReach answers the create with its ID only).
		expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/v3/mailings' });
		expect(calls[0].body).toEqual({
			name: 'May newsletter',
			subject: 'Spring offers',
			sender_name: 'ACME Shop',
			sender_email: 'news@acme.example.com',
			content: { type: 'html', html: HTML },
			receivers: { groups: [group.id] },
		});
		const id = items![0].json.id as string;
		expect(items![0].json).toMatchObject({ state: 'draft', contentType: 'html', groupIds: [group.id] });
		expect(items![0].pairedItem).toEqual({ item: 0 });
		const stored = cr.sim.model.getMailing(id);
		expect(stored).toMatchObject({
			id,
			state: 'draft',
			name: 'May newsletter',
			subject: 'Spring offers',
			body_html: HTML,
			is_html: true,
			is_text: false,
			mailing_groups: { group_ids: [group.id] },
		});
	});

	it('sends html/text content, groups from the ID list and a segment, deduplicating groups', async () => {
		const g1 = seedGroup(cr.sim, 'DE');
		const g2 = seedGroup(cr.sim, 'AT', ['carl@example.com']);
		const filter = cr.sim.model.createFilter(g1.id, {
			name: 'Tagged',
			rules: [{ field: 'email', logic: 'contains', condition: 'anna' }],
		}) as { id: string };
		const { items, error } = await cr.run({
			...base,
			htmlContent: HTML,
			textContent: 'Spring sale: https://shop.example.com/sale',
			targetGroups: { groups: [{ groupId: rl(g1.id) }] },
			groupIdList: `${g2.id}, ${g1.id}`,
			filterId: filter.id,
		});
		expect(error).toBeUndefined();
		const body = apiCalls(cr.sim)[0].body as Record<string, unknown>;
		expect(body.content).toEqual({ type: 'html/text', html: HTML, text: 'Spring sale: https://shop.example.com/sale' });
		expect(body.receivers).toEqual({ groups: [g1.id, g2.id], filter: filter.id });
		const stored = cr.sim.model.mailings.get(items![0].json.id as string)!;
		expect(stored.groups).toEqual([g1.id, g2.id]);
		expect(stored.filterId).toBe(filter.id);
		expect(stored.contentType).toBe('html/text');
	});

	it('creates a text-only draft (content type text)', async () => {
		const group = seedGroup(cr.sim);
		const { items } = await cr.run({ ...base, textContent: 'Hello in plain text', groupIdList: group.id });
		expect((apiCalls(cr.sim)[0].body as Record<string, unknown>).content).toEqual({
			type: 'text',
			text: 'Hello in plain text',
		});
		expect(cr.sim.model.getMailing(items![0].json.id)).toMatchObject({ is_html: false, is_text: true });
	});

	it('sends the tracking, category, editor, unsubscribe form and tag settings', async () => {
		const group = seedGroup(cr.sim);
		const { items, error } = await cr.run({
			...base,
			htmlContent: HTML,
			groupIdList: group.id,
			options: {
				openTracking: true,
				clickTracking: false,
				linkTrackingType: 'google',
				googleCampaignName: 'spring-2030',
				linkTrackingUrl: '27.acme.cleverreach.com',
				unsubscribeFormId: '4711',
				categoryId: '12',
				editor: 'freeform',
				tags: 'spring, promo',
			},
		});
		expect(error).toBeUndefined();
		const body = apiCalls(cr.sim)[0].body as Record<string, unknown>;
		expect(body.settings).toEqual({
			editor: 'freeform',
			open_tracking: true,
			click_tracking: false,
			link_tracking_type: 'google',
			google_campaign_name: 'spring-2030',
			link_tracking_url: '27.acme.cleverreach.com',
			unsubscribe_form_id: '4711',
			category_id: '12',
		});
		expect(body.tags).toEqual(['spring', 'promo']);
		const stored = cr.sim.model.mailings.get(items![0].json.id as string)!;
		expect(stored.settings).toMatchObject({
			open_tracking: true,
			click_tracking: false,
			link_tracking_type: 'google',
			google_campaign_name: 'spring-2030',
			unsubscribe_form_id: '4711',
			category_id: '12',
			editor: 'freeform',
		});
		expect(stored.tags).toEqual(['spring', 'promo']);
	});

	it("enforces CleverReach's mailing rules per item before sending anything", async () => {
		const group = seedGroup(cr.sim);
		const items = [
			{ subject: 'ok', email: 'news@acme.example.com', html: '', text: 'text only', open: true, type: 'google', campaign: '' },
			{ subject: 'ok', email: 'news@acme.example.com', html: HTML, text: '', open: false, type: 'intelliad', campaign: 'x' },
			{ subject: '', email: 'news@acme.example.com', html: HTML, text: '', open: false, type: 'google', campaign: '' },
			{ subject: 'ok', email: 'not-an-email', html: HTML, text: '', open: false, type: 'google', campaign: '' },
			{ subject: 'ok', email: 'news@acme.example.com', html: ' ', text: '', open: false, type: 'google', campaign: '' },
		];
		const { items: out } = await cr.run(
			{
				...base,
				subject: '={{ $json.subject }}',
				senderEmail: '={{ $json.email }}',
				htmlContent: '={{ $json.html }}',
				textContent: '={{ $json.text }}',
				groupIdList: group.id,
				options: {
					openTracking: '={{ $json.open }}',
					linkTrackingType: '={{ $json.type }}',
					googleCampaignName: '={{ $json.campaign }}',
				},
			},
			items,
			{ continueOnFail: true },
		);
		expect(out!.map((o) => o.json.error)).toEqual([
			'Open Tracking is only possible for HTML mailings: add HTML Content or turn Open Tracking off',
			'Google Campaign Name is only allowed when Link Tracking Type is Google',
			'Subject is required',
			'Sender Email "not-an-email" is not a valid email address',
			'Content is required: give HTML Content or Text Content (or both)',
		]);
		expect(out!.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(cr.sim.log).toHaveLength(0);
		expect(cr.sim.model.mailings.size).toBe(0);
	});

	it('names the failing item and field when the node stops on an error', async () => {
		const group = seedGroup(cr.sim);
		const { error } = await cr.run({ ...base, name: '={{ $json.name }}', htmlContent: HTML, groupIdList: group.id }, [
			{ name: 'First' },
			{ name: '  ' },
		]);
		expect(error?.message).toBe('Name is required');
		expect(error?.context?.itemIndex).toBe(1);
		expect(error?.description).toContain('item 1');
		// Item 0 was created, item 1 never reached the API.
		expect(apiCalls(cr.sim, 'POST')).toHaveLength(1);
		expect([...cr.sim.model.mailings.values()].map((m) => m.name)).toEqual(['First']);
	});

	it('requires a target and numeric group IDs', async () => {
		const noTarget = await cr.run({ ...base, htmlContent: HTML });
		expect(noTarget.error?.message).toBe(
			'Target Groups: choose at least one group (or give Target Group IDs or a Segment (Filter) ID)',
		);
		const byName = await cr.run({ ...base, htmlContent: HTML, groupIdList: 'Main list' });
		expect(byName.error?.message).toBe('Target Groups: "Main" is not a numeric CleverReach group ID');
		expect(cr.sim.log).toHaveLength(0);
	});

	it("reports CleverReach's error for an unknown group", async () => {
		const { error } = await cr.run({ ...base, htmlContent: HTML, groupIdList: '424242' });
		expect(apiCalls(cr.sim)).toHaveLength(1);
		expect(error?.message).toMatch(/^Not found in CleverReach: Not Found: invalid group/);
		expect(cr.sim.model.mailings.size).toBe(0);
	});
});
