import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { seedDraft, seedGroup } from '../mailing/fixtures.ts';
import { apiCalls, seedSentMailing } from './fixtures.ts';

describe('Report › Get', () => {
	const cr = useSimulator();

	it("returns the sent mailing's statistics", async () => {
		const { id } = seedSentMailing(cr.sim);
		const { items, error } = await cr.run({ resource: 'report', operation: 'get', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/reports/${id}`, rawPath: `/v3/reports.json/${id}` }]);
		expect(items![0].json).toEqual(cr.sim.model.getReport(id));
		expect(items![0].json).toMatchObject({
			id,
			name: 'Spring sale',
			stats: { basic: { sent: 4, delivered: 3, unique_opened: 2, unique_clicks: 1, bounced: 1 } },
		});
	});

	it('explains that a draft has no report yet', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { error } = await cr.run({ resource: 'report', operation: 'get', mailingId: rl(id) });
		expect(error?.message).toBe(
			`No report for mailing ${id} (it does not exist or has not been sent yet) (CleverReach: Not Found: invalid report)`,
		);
		expect(error?.httpCode).toBe('404');
	});
});
