import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, HTML, seedDraft, seedGroup } from './fixtures.ts';

describe('Mailing › Get', () => {
	const cr = useSimulator();

	it('returns the mailing without its bodies by default, with a groupIds list', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'get', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/mailings/${id}` }]);
		const json = items![0].json;
		expect(json).toMatchObject({ id, name: 'Seeded draft', state: 'draft', groupIds: [group.id] });
		expect(json).not.toHaveProperty('body_html');
		expect(json).not.toHaveProperty('body_text');
	});

	it('returns the raw mailing (with HTML) when Simplify is off, also by URL', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const { items } = await cr.run({
			resource: 'mailing',
			operation: 'get',
			mailingId: rl(`https://eu2.cleverreach.com/admin/mailing_preview.php?id=${id}`, 'url'),
			simplify: false,
		});
		expect(items![0].json).toEqual(cr.sim.model.getMailing(id));
		expect(items![0].json.body_html).toBe(HTML);
	});

	it('names an unknown mailing, and rejects a non-numeric ID without a request', async () => {
		const unknown = await cr.run({ resource: 'mailing', operation: 'get', mailingId: rl('4040') });
		expect(unknown.error?.message).toBe('Mailing 4040 was not found (CleverReach: Not Found: invalid mailing)');
		expect(unknown.error?.httpCode).toBe('404');
		const before = cr.sim.log.length;
		const byName = await cr.run({ resource: 'mailing', operation: 'get', mailingId: rl('={{ $json.mailing }}') }, [
			{ mailing: 'May newsletter' },
		]);
		expect(byName.error?.message).toBe('Mailing must be a numeric CleverReach ID, not "May newsletter"');
		expect(cr.sim.log).toHaveLength(before);
	});
});
