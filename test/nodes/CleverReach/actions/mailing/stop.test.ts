import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedDraft, seedGroup } from './fixtures.ts';

describe('Mailing › Stop', () => {
	const cr = useSimulator();

	it('stops a scheduled mailing (it goes back to draft)', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		cr.sim.model.releaseMailing(id, cr.sim.clock.now() + 3600);
		expect(cr.sim.model.getMailing(id).state).toBe('waiting');
		const { items, error } = await cr.run({ resource: 'mailing', operation: 'stop', mailingId: rl(id) });
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([{ method: 'POST', path: `/v3/mailings/${id}/stop`, status: 200 }]);
		expect(items![0].json).toEqual({ id, stopped: true });
		expect(cr.sim.model.getMailing(id)).toMatchObject({ state: 'draft', send_on: 0 });
	});

	it('stops a running mailing (it is finished at once)', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		cr.sim.model.releaseMailing(id, cr.sim.clock.now());
		expect(cr.sim.model.getMailing(id).state).toBe('running');
		await cr.run({ resource: 'mailing', operation: 'stop', mailingId: rl(id) });
		expect(cr.sim.model.getMailing(id)).toMatchObject({ state: 'finished', finished: cr.sim.clock.now() });
	});

	it('passes on the refusal to stop a draft, and names an unknown mailing', async () => {
		const group = seedGroup(cr.sim);
		const id = seedDraft(cr.sim, group.id);
		const draft = await cr.run({ resource: 'mailing', operation: 'stop', mailingId: rl(id) });
		expect(draft.error?.message).toBe('CleverReach rejected the request: Bad Request: mailing is not waiting or running');
		const unknown = await cr.run({ resource: 'mailing', operation: 'stop', mailingId: rl('31337') });
		expect(unknown.error?.message).toBe('Mailing 31337 was not found (CleverReach: Not Found: invalid mailing)');
	});
});
