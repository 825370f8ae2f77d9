import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

describe('Mailing › Delete', () => {
	const cr = useSimulator();

	it('deletes a mailing (DELETE /mailings.json/{id}, unconfirmed endpoint)', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const keep = seedDraft(cr.sim, group.id);
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'delete', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'DELETE', rawPath: `/v3/mailings.json/${id}`, status: 200 }]);
		expect(items![0].json).toEqual({ deleted: true });
		expect([...cr.sim.model.mailings.keys()]).toEqual([keep]);
	});

	it('names an unknown mailing', async () => {
		const { error, items } = await cr.run(
			{ resource: 'mailing', operation: 'delete', mailingId: rl('777') },
			[{}],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items![0].json).toMatchObject({
			error: 'Mailing 777 was not found (CleverReach: Not Found: invalid mailing)',
			details: expect.objectContaining({ httpCode: '404' }),
		});
	});
});
