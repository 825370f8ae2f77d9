import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

describe('Mailing › Send Preview', () => {
	const cr = useSimulator();

	it('sends a test copy to the given addresses only', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { items, error } = await cr.run({
			resource: 'mailing',
			operation: 'sendPreview',
			mailingId: rl(id),
			testEmails: 'me@example.com, boss@example.com; me@example.com',
			previewText: ' - TEST',
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([
			{
				method: 'POST',
				path: `/v3/mailings/${id}/sendpreview`,
				body: { receivers: ['me@example.com', 'boss@example.com'], previewText: ' - TEST' },
			},
		]);
		expect(items![0].json).toEqual({ id, previewSent: true, receivers: ['me@example.com', 'boss@example.com'] });
		const m = cr.sim.model.mailings.get(id)!;
		expect(m.previews).toMatchObject([{ receivers: ['me@example.com', 'boss@example.com'], previewText: ' - TEST' }]);
		expect(cr.sim.model.getMailing(id).state).toBe('draft');
		expect(cr.sim.model.reports.size).toBe(0);
	});

	it('refuses an invalid address before sending anything, and names an unknown mailing', async () => {
		const bad = await cr.run({ resource: 'mailing', operation: 'sendPreview', mailingId: rl('1'), testEmails: 'me@example.com, nope' });
		expect(bad.error?.message).toBe('Test Emails: "nope" is not a valid email address');
		expect(cr.sim.log).toHaveLength(0);
		const unknown = await cr.run({ resource: 'mailing', operation: 'sendPreview', mailingId: rl('12'), testEmails: 'me@example.com' });
		expect(unknown.error?.message).toBe('Mailing 12 was not found (CleverReach: Not Found: invalid mailing)');
	});
});
