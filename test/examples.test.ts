/**
 * The example workflows in examples/ must stay importable and correct as the nodes change: every CleverReach node in
 * them uses only parameters its node defines, and their CleverReach parts work against the simulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../nodes/CleverReach/CleverReach.node';
import { CleverReachInstantTrigger } from '../nodes/CleverReachInstantTrigger/CleverReachInstantTrigger.node';
import { CleverReachTrigger } from '../nodes/CleverReachTrigger/CleverReachTrigger.node';
import { PollRunner } from './harness/poll';
import { useSimulator } from './harness/simulator';

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
}

const dir = new URL('../examples/', import.meta.url);
const examples = Object.fromEntries(
	readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { nodes: ExampleNode[] }]),
);
const properties: Record<string, INodeProperties[]> = {
	'n8n-nodes-cleverreach.cleverReach': new CleverReach().description.properties,
	'n8n-nodes-cleverreach.cleverReachTrigger': new CleverReachTrigger().description.properties,
	'n8n-nodes-cleverreach.cleverReachInstantTrigger': new CleverReachInstantTrigger().description.properties,
};
const cleverReachNode = (file: string, type = 'n8n-nodes-cleverreach.cleverReach') =>
	examples[file].nodes.find((n) => n.type === type)!;

describe('example workflows', () => {
	const cr = useSimulator();

	it('there are at least three, and each CleverReach node uses only parameters its node defines', () => {
		expect(Object.keys(examples).length).toBeGreaterThanOrEqual(3);
		let checked = 0;
		for (const [file, workflow] of Object.entries(examples)) {
			for (const node of workflow.nodes.filter((n) => properties[n.type])) {
				const known = new Set(properties[node.type].map((p) => p.name).concat('pollTimes'));
				const unknown = Object.keys(node.parameters).filter((key) => !known.has(key));
				expect(unknown, `${file} › ${node.name}`).toEqual([]);
				checked++;
			}
		}
		expect(checked).toBe(3);
	});

	it('form sign-up: adds the receiver inactive and sends the double opt-in email with the consent data', async () => {
		const group = cr.sim.model.createGroup({ name: 'Newsletter' });
		const form = cr.sim.model.createForm(group.id) as { id: string };
		const node = cleverReachNode('form-signup-double-opt-in.json');
		const parameters = JSON.parse(
			JSON.stringify(node.parameters)
				.replace('REPLACE_WITH_GROUP_ID', group.id)
				.replace('REPLACE_WITH_FORM_ID', String(form.id)),
		) as INodeParameters;
		const webhookItem = {
			body: { email: 'visitor@example.com' },
			headers: { 'x-forwarded-for': '203.0.113.7', referer: 'https://shop.example/newsletter', 'user-agent': 'Mozilla/5.0' },
		};
		const { items, error } = await cr.run(parameters, [webhookItem]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const receiver = cr.sim.model.getReceiver(group.id, 'visitor@example.com');
		expect(receiver).toMatchObject({ active: false, activated: 0, source: 'Website sign-up form' });
		expect(cr.sim.model.doiMails).toEqual([
			expect.objectContaining({
				email: 'visitor@example.com',
				doidata: { user_ip: '203.0.113.7', referer: 'https://shop.example/newsletter', user_agent: 'Mozilla/5.0' },
			}),
		]);
	});

	it('new receiver → CRM: emits a receiver once it has confirmed the double opt-in', async () => {
		const group = cr.sim.model.createGroup({ name: 'Newsletter' });
		const trigger = cleverReachNode('new-receiver-to-crm.json', 'n8n-nodes-cleverreach.cleverReachTrigger');
		const { pollTimes: _pollTimes, ...parameters } = trigger.parameters;
		const runner = new PollRunner(parameters as INodeParameters, cr.credentials);
		expect((await runner.poll()).items).toBeNull(); // activation starts from now
		cr.sim.clock.advance(10);
		cr.sim.model.addReceiver(group.id, { email: 'pending@example.com', activated: 0 });
		cr.sim.clock.advance(10);
		expect(await runner.pollOk()).toEqual([]); // not confirmed yet
		cr.sim.clock.advance(10);
		cr.sim.model.activate(group.id, 'pending@example.com'); // the person confirmed
		cr.sim.clock.advance(10);
		const emitted = await runner.pollOk();
		expect(emitted.map((r) => r.email)).toEqual(['pending@example.com']);
		expect(emitted[0]).toHaveProperty('tags'); // Include Full Details
	});

	it('mailing finished → chat: emits the finished mailing with the report figures the message reads', async () => {
		const group = cr.sim.model.createGroup({ name: 'Newsletter' });
		cr.sim.model.addReceiver(group.id, { email: 'reader@example.com' });
		const trigger = cleverReachNode('mailing-finished-report-to-chat.json', 'n8n-nodes-cleverreach.cleverReachTrigger');
		const { pollTimes: _pollTimes, ...parameters } = trigger.parameters;
		const runner = new PollRunner(parameters as INodeParameters, cr.credentials);
		expect((await runner.poll()).items).toBeNull();
		cr.sim.clock.advance(30);
		const mailing = cr.sim.model.createMailing({
			name: 'Spring',
			subject: 'Spring sale',
			sender_name: 'Shop',
			sender_email: 'news@example.com',
			content: { type: 'html', html: '<p>Hi</p>' },
			receivers: { groups: [group.id] },
		}) as { id: string };
		cr.sim.model.finishMailing(mailing.id);
		cr.sim.clock.advance(60);
		const [event] = await runner.pollOk();
		expect(event).toMatchObject({ id: String(mailing.id), name: 'Spring', subject: 'Spring sale' });
		const total = (event.report as IDataObject | undefined)?.stats as IDataObject | undefined;
		expect((total?.basic as IDataObject | undefined)?.delivered).toBe(1);
	});
});
