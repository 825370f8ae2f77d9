import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedSentMailing } from './fixtures.ts';

describe('Report › Get Link Stats', () => {
	const cr = useSimulator();

	it('returns one item per link with its click counts', async () => {
		const { id, links } = seedSentMailing(cr.sim);
		cr.sim.model.clickMailing(id, 'ben@example.com', links[0].id);
		cr.sim.model.clickMailing(id, 'ben@example.com', links[0].id);
		const { items, error } = await cr.run({ resource: 'report', operation: 'getLinkStats', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/reports/${id}/stats/links` }]);
		expect(items!.map((i) => i.json)).toEqual([
			{ mailingId: id, id: links[0].id, link: 'https://shop.example.com/sale', total_clicks: 3, unique_clicks: 2 },
			{ mailingId: id, id: links[1].id, link: 'https://shop.example.com/new', total_clicks: 0, unique_clicks: 0 },
		]);
	});

	it('names a mailing without a report', async () => {
		const { error } = await cr.run({ resource: 'report', operation: 'getLinkStats', mailingId: rl('9999') });
		expect(error?.message).toBe(
			'No report for mailing 9999 (it does not exist or has not been sent yet) (CleverReach: Not Found: invalid report)',
		);
	});
});
