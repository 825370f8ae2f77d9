import { describe, expect, it } from 'vitest';
import { rl, useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedAccount, stored } from './fixtures.ts';

const doiData = { user_ip: '203.0.113.7', referer: 'https://example.com/newsletter', user_agent: 'Mozilla/5.0' };

describe('Receiver › Send Double Opt-In / Opt-Out Email', () => {
	const cr = useSimulator();

	it('sends the activation email of a form; the receiver becomes active once they confirm', async () => {
		const { groupId, formId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com', activated: 0 });
		const { items, error } = await cr.run({
			resource: 'receiver',
			operation: 'sendDoubleOptIn',
			formId: rl(formId),
			email: 'jane@example.com',
			doiData,
		});
		expect(error).toBeUndefined();
		expect(apiCalls(cr.sim)).toMatchObject([
			{ method: 'POST', path: `/v3/forms/${formId}/send/activate`, body: { email: 'jane@example.com', doidata: doiData } },
		]);
		expect(items![0].json).toEqual({ sent: true, type: 'doubleOptIn', email: 'jane@example.com', formId });
		expect(cr.sim.model.doiMails).toMatchObject([{ kind: 'activate', formId, email: 'jane@example.com', doidata: doiData }]);
		expect(stored(cr.sim, groupId, 'jane@example.com')!.active).toBe(false);
		cr.sim.model.confirmDoi('jane@example.com');
		expect(stored(cr.sim, groupId, 'jane@example.com')!.active).toBe(true);
	});

	it('sends the double opt-out email; the receiver is unsubscribed once they confirm', async () => {
		const { groupId, formId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'jane@example.com' });
		const { items } = await cr.run({ resource: 'receiver', operation: 'sendDoubleOptOut', formId: rl(formId), email: 'jane@example.com' });
		expect(apiCalls(cr.sim)).toMatchObject([
			{ method: 'POST', path: `/v3/forms/${formId}/send/deactivate`, body: { email: 'jane@example.com', doidata: {} } },
		]);
		expect(items![0].json).toEqual({ sent: true, type: 'doubleOptOut', email: 'jane@example.com', formId });
		expect(stored(cr.sim, groupId, 'jane@example.com')!.active).toBe(true);
		cr.sim.model.confirmDoi('jane@example.com');
		expect(stored(cr.sim, groupId, 'jane@example.com')!.active).toBe(false);
	});

	it('explains when the email is not a receiver of the form’s group', async () => {
		const { formId } = seedAccount(cr.sim);
		const { error } = await cr.run({ resource: 'receiver', operation: 'sendDoubleOptIn', formId: rl(formId), email: 'ghost@example.com' });
		expect(error?.message).toBe(
			`Form ${formId} was not found, or ghost@example.com is not a receiver of its group (CleverReach: Not Found: invalid receiver)`,
		);
		expect(cr.sim.model.doiMails).toEqual([]);
	});

	it('checks email and consent data locally, naming the item, with Continue On Fail', async () => {
		const { groupId, formId } = seedAccount(cr.sim);
		cr.sim.model.upsertReceiver(groupId, { email: 'ok@example.com', activated: 0 });
		const { items } = await cr.run(
			{
				resource: 'receiver',
				operation: 'sendDoubleOptIn',
				formId: rl(formId),
				email: '={{ $json.email }}',
				doiData: { user_ip: '={{ $json.ip }}' },
			},
			[
				{ email: 'ok@example.com', ip: '198.51.100.1' },
				{ email: 'nope', ip: '198.51.100.1' },
				{ email: 'ok@example.com', ip: 'localhost' },
			],
			{ continueOnFail: true },
		);
		expect(items!.map((i) => i.json.error ?? i.json.email)).toEqual([
			'ok@example.com',
			'Email "nope" is not a valid email address',
			'Double Opt-In Data: User IP "localhost" is not an IP address',
		]);
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(apiCalls(cr.sim)).toHaveLength(1);
		expect(cr.sim.model.doiMails).toHaveLength(1);
	});
});
