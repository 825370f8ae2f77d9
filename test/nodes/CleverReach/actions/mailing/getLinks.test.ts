import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

describe('Mailing › Get Links', () => {
	const cr = useSimulator();

	it('returns one item per link of the mailing', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id, {
			content: {
				type: 'html',
				html: '<a href="https://a.example.com">A</a> <a href="https://b.example.com/x">B</a> <a href="https://a.example.com">A again</a>',
			},
		});
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'getLinks', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'GET', path: `/v3/mailings/${id}/links` }]);
		expect(items!.map((i) => i.json)).toEqual([
			{ mailingId: id, id: expect.any(String), link: 'https://a.example.com' },
			{ mailingId: id, id: expect.any(String), link: 'https://b.example.com/x' },
		]);
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('names an unknown mailing', async () => {
		const { error } = await cr.run({ resource: 'mailing', operation: 'getLinks', mailingId: rl('555') });
		expect(error?.message).toBe('Mailing 555 was not found (CleverReach: Not Found: invalid mailing)');
	});
});
