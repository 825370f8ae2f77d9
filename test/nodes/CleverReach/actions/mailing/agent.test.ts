/**
 * AI-agent scenario: "Create a mailing draft for my main group with this subject and HTML, and report the draft ID".
 * An agent picks tools and fills parameters from descriptions alone, so the descriptions must say what the
 * operation does and returns and what the IDs are; the run below fills the parameters the way n8n's tool
 * mode does ($fromAI placeholders resolved from the agent's arguments).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../../../../../nodes/CleverReach/CleverReach.node';
import { useSimulator } from '../../../../harness/simulator.ts';
import { apiCalls, seedGroup } from './fixtures.ts';

const node = new CleverReach();

function propertiesFor(resource: string, operation: string): INodeProperties[] {
	return node.description.properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes(resource) && show.operation?.includes(operation);
	});
}

function operationOption(resource: string, value: string): INodePropertyOptions {
	const selector = node.description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	)!;
	return (selector.options as INodePropertyOptions[]).find((o) => o.value === value)!;
}

describe('Mailing › AI agent: create a draft for the main group and report its ID', () => {
	const cr = useSimulator();

	it('describes the operation, what it returns and every parameter', () => {
		const op = operationOption('mailing', 'create');
		expect(op.action).toBe('Create a mailing draft');
		expect(op.description).toMatch(/draft/i);
		expect(op.description).toMatch(/returns the draft as CleverReach stored it \(with its numeric ID/i);
		expect(op.description).toMatch(/nothing is sent/i);
		const props = propertiesFor('mailing', 'create');
		for (const p of props) expect(p.description, p.name).toMatch(/\w{3,}/);
		const byName = Object.fromEntries(props.map((p) => [p.name, p]));
		expect(byName.groupIdList.description).toMatch(/numeric IDs of groups/i);
		expect(byName.htmlContent.description).toMatch(/HTML/);
		expect(byName.subject.required).toBe(true);
		// The tool an agent needs first (finding "my main group") says it returns the numeric IDs.
		const groupLocator = (byName.targetGroups.options as Array<{ values: INodeProperties[] }>)[0].values[0];
		expect(groupLocator.description).toBeTruthy();
		expect(operationOption('group', 'getMany').description).toMatch(/groups/i);
		// Release is a separate operation, so an agent asked for a draft does not send anything.
		expect(operationOption('mailing', 'release').description).toMatch(/send/i);
	});

	it('creates the draft from $fromAI arguments and returns its ID', async () => {
		const main = seedGroup(cr.sim, 'Main newsletter');
		const args = {
			name: 'Agent draft',
			subject: 'Hello from the agent',
			html: '<html><body><p>Hi!</p></body></html>',
			group_ids: main.id,
		};
		const { items, error } = await cr.run(
			{
				resource: 'mailing',
				operation: 'create',
				name: "={{ $fromAI('name', 'Internal name of the mailing', 'string') }}",
				subject: "={{ $fromAI('subject', 'Subject line', 'string') }}",
				senderName: 'ACME Shop',
				senderEmail: 'news@acme.example.com',
				htmlContent: "={{ $fromAI('html', 'HTML body', 'string') }}",
				groupIdList: "={{ $fromAI('group_ids', 'Numeric IDs of the target groups', 'string') }}",
			},
			[args],
		);
		expect(error).toBeUndefined();
		const id = items![0].json.id;
		expect(id).toMatch(/^[0-9]+$/);
		expect(items![0].json).toMatchObject({ state: 'draft', subject: 'Hello from the agent', groupIds: [main.id] });
		expect(apiCalls(cr.sim, 'POST')).toHaveLength(1);
		expect(cr.sim.model.getMailing(id)).toMatchObject({
			state: 'draft',
			subject: 'Hello from the agent',
			body_html: args.html,
			mailing_groups: { group_ids: [main.id] },
		});
		expect(cr.sim.model.reports.size).toBe(0);
	});
});
