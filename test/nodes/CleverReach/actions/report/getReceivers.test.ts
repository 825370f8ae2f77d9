import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, EMAILS, seedSentMailing } from './fixtures.ts';

const base = { resource: 'report', operation: 'getReceivers' };

describe('Report › Get Receivers', () => {
	const cr = useSimulator();

	it.each([
		['sent', EMAILS],
		['opened', ['anna@example.com', 'ben@example.com']],
		['notopened', ['carl@example.com', 'dora@example.com']],
		['clicked', ['anna@example.com']],
		['notclicked', ['ben@example.com', 'carl@example.com', 'dora@example.com']],
		['bounced', ['dora@example.com']],
		['unsubscribed', []],
	])('lists the receivers who %s', async (event, expected) => {
		const { id } = seedSentMailing(cr.sim);
		const { items, error } = await cr.run({ ...base, mailingId: rl(id), event, returnAll: true });
		expect(error).toBeUndefined();
		const calls = apiCalls(cr.sim);
		expect(calls[0]).toMatchObject({ method: 'GET', path: `/v3/reports/${id}/receivers/${event}`, query: { page: '0', pagesize: '100' } });
		// A short first page may be a silent cap: the next page, at the size answered, tells (empty: the end).
		expect(calls.slice(1).map((c) => c.query)).toEqual(expected.length ? [{ page: '1', pagesize: String(expected.length) }] : []);
		expect((items ?? []).map((i) => i.json.email).sort()).toEqual([...expected].sort());
		for (const item of items ?? []) expect(item.json).toMatchObject({ mailingId: id, event });
	});

	it('narrows clicks to one link and a time window, and adds events on request', async () => {
		const { id, links } = seedSentMailing(cr.sim);
		const t0 = cr.sim.clock.now();
		cr.sim.clock.advance(3600);
		cr.sim.model.clickMailing(id, 'carl@example.com', links[1].id);
		const { items, error } = await cr.run({
			...base,
			mailingId: rl(id),
			event: 'clicked',
			returnAll: true,
			options: { linkId: links[1].id, from: new Date((t0 + 1) * 1000).toISOString(), include: ['events', 'tags'] },
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)[0].query).toEqual({
			from: String(t0 + 1),
			linkid: links[1].id,
			detail: '5',
			page: '0',
			pagesize: '100',
		});
		expect(items!.map((i) => i.json.email)).toEqual(['carl@example.com']);
		expect(items![0].json.events).toEqual(
			expect.arrayContaining([expect.objectContaining({ type: 'mail_click', type_id: links[1].id })]),
		);
	});

	it('pages with at most 100 receivers per request and stops at the limit', async () => {
		const { id } = seedSentMailing(cr.sim);
		const { items } = await cr.run({ ...base, mailingId: rl(id), event: 'sent', limit: 3 });
		expect(apiCalls(cr.sim).map((c) => c.query)).toEqual([{ page: '0', pagesize: '3' }]);
		expect(items).toHaveLength(3);
	});

	it('refuses a link ID for another event before any request, and names a mailing without a report', async () => {
		const linkForOpened = await cr.run({ ...base, mailingId: rl('1'), event: 'opened', options: { linkId: '7' } });
		expect(linkForOpened.error?.message).toBe('Link ID can only be used with the Clicked event');
		expect(cr.sim.log).toHaveLength(0);
		const unknown = await cr.run({ ...base, mailingId: rl('4242'), event: 'opened', returnAll: true });
		expect(unknown.error?.message).toBe(
			'No report for mailing 4242 (it does not exist or has not been sent yet) (CleverReach: Not Found: invalid report)',
		);
	});
});
