import type { INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, HTML, seedDraft, seedGroup } from './fixtures.ts';

const base = { resource: 'mailing', operation: 'update' };

describe('Mailing › Update', () => {
	const cr = useSimulator();

	it('changes name, subject, sender and groups of a draft with one PUT', async () => {
		const g1 = seedGroup(cr.sim, 'DE');
		const g2 = seedGroup(cr.sim, 'AT', ['carl@example.com']);
		const id = seedDraft(cr.sim, g1.id);
		const { items, error } = await cr.run({
			...base,
			mailingId: rl(id),
			updateFields: {
				name: 'Renamed',
				subject: 'New subject',
				senderName: 'ACME',
				senderEmail: 'hello@acme.example.com',
				groupIdList: `${g1.id},${g2.id}`,
				clickTracking: true,
			},
		});
		expect(error).toBeUndefined();
		// The change, then the mailing as stored (the output).
		expect(apiCalls(cr.sim).map((c) => c.method)).toEqual(['PUT', 'GET']);
		expect(apiCalls(cr.sim)[0]).toMatchObject({
			method: 'PUT',
			path: `/v3/mailings/${id}`,
			body: {
				name: 'Renamed',
				subject: 'New subject',
				sender_name: 'ACME',
				sender_email: 'hello@acme.example.com',
				receivers: { groups: [g1.id, g2.id] },
				settings: { click_tracking: true },
			},
		});
		expect(items![0].json).toMatchObject({ id, updated: true, name: 'Renamed' });
		expect(cr.sim.model.getMailing(id)).toMatchObject({
			name: 'Renamed',
			subject: 'New subject',
			sender_email: 'hello@acme.example.com',
			mailing_groups: { group_ids: [g1.id, g2.id] },
			body_html: HTML,
		});
	});

	it('adds a text part to an HTML mailing, keeping the HTML (content type html/text)', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { items, error } = await cr.run({ ...base, mailingId: rl(id), updateFields: { textContent: 'Plain version' } });
		expect(error).toBeUndefined();
		const [get, put] = apiCalls(cr.sim);
		expect(get).toMatchObject({ method: 'GET', path: `/v3/mailings/${id}` });
		expect(put).toMatchObject({ method: 'PUT', body: { content: { type: 'html/text', html: HTML, text: 'Plain version' } } });
		expect(items![0].json).toMatchObject({ contentType: 'html/text' });
		expect(cr.sim.model.getMailing(id)).toMatchObject({ body_html: HTML, body_text: 'Plain version', is_html: true, is_text: true });
	});

	it('refuses open tracking for a text-only mailing (checked against the current mailing, no PUT)', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id, { content: { type: 'text', text: 'only text' } });
		const { error } = await cr.run({ ...base, mailingId: rl(id), updateFields: { openTracking: true } });
		expect(error?.message).toBe('Open Tracking is only possible for HTML mailings: this mailing has no HTML content');
		expect(apiCalls(cr.sim).map((c) => c.method)).toEqual(['GET']);
		expect(cr.sim.model.mailings.get(id)!.settings.open_tracking).toBe(false);
	});

	it('refuses rule violations it can see locally before any request', async () => {
		const cases: Array<[INodeParameters, string]> = [
			[{}, 'Update Fields: add at least one field to change'],
			[{ googleCampaignName: 'spring' }, 'Google Campaign Name is only allowed when Link Tracking Type is Google'],
			[{ htmlContent: '', openTracking: true, textContent: 'x' }, 'Open Tracking is only possible for HTML mailings: add HTML Content or turn Open Tracking off'],
			[{ htmlContent: ' ', textContent: '' }, 'Content cannot be empty: give HTML Content or Text Content'],
			[{ senderEmail: 'news at acme' }, 'Sender Email "news at acme" is not a valid email address'],
			[{ subject: '  ' }, 'Subject cannot be empty'],
			[{ groupIdList: 'DE' }, 'Target Group IDs: "DE" is not a numeric CleverReach group ID'],
		];
		for (const [updateFields, message] of cases) {
			const { error } = await cr.run({ ...base, mailingId: rl('123'), updateFields });
			expect(error?.message).toBe(message);
		}
		expect(cr.sim.log).toHaveLength(0);
	});

	it("passes on CleverReach's refusal to change a released mailing, and names an unknown one", async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		cr.sim.model.finishMailing(id);
		const sent = await cr.run({ ...base, mailingId: rl(id), updateFields: { subject: 'Too late' } });
		expect(sent.error?.message).toBe('CleverReach rejected the request: Bad Request: only draft mailings can be changed');
		expect(cr.sim.model.getMailing(id).subject).toBe('Seeded subject');
		const unknown = await cr.run({ ...base, mailingId: rl('8080'), updateFields: { subject: 'x' } });
		expect(unknown.error?.message).toBe('Mailing 8080 was not found (CleverReach: Not Found: invalid mailing)');
	});
});
