/**
 * The dropdowns built from maps (nodes/shared/operation.ts for the action node's resources and operations, the
 * polling trigger's events map, the instant trigger's event list) against the maps they come from, and against
 * n8n's lint: `npm run lint` sees only literal parameters, so the built descriptions are written out as literals
 * here and linted with the project's own configuration.
 */
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../../../nodes/CleverReach/CleverReach.node';
import { resources } from '../../../nodes/CleverReach/actions/router';
import { CleverReachInstantTrigger } from '../../../nodes/CleverReachInstantTrigger/CleverReachInstantTrigger.node';
import { ACCOUNT_EVENTS, RECEIVER_EVENTS } from '../../../nodes/CleverReachInstantTrigger/config';
import { CleverReachTrigger } from '../../../nodes/CleverReachTrigger/CleverReachTrigger.node';
import { events } from '../../../nodes/CleverReachTrigger/events';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const action = new CleverReach().description.properties;
const polling = new CleverReachTrigger().description.properties;
const instant = new CleverReachInstantTrigger().description.properties;

const optionsOf = (property: INodeProperties | undefined) => (property?.options ?? []) as INodePropertyOptions[];
const names = (options: INodePropertyOptions[]) => options.map((o) => o.name);
/** The order n8n's lint wants (eslint-plugin-n8n-nodes-base `optionComparator`: by name). */
const sortedByName = (options: INodePropertyOptions[]) => [...names(options)].sort((a, b) => a.localeCompare(b));

/** The Operation dropdown of a resource. */
const operationProperty = (resource: string) =>
	action.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource);

/** A value as TypeScript source, so that n8n's lint rules (which read object literals) can check it. */
function literal(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${literal(v, inner)}`).join(',\n')}\n${indent}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).map(([k, v]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${literal(v, inner)}`);
		return `{\n${entries.join(',\n')}\n${indent}}`;
	}
	if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
	return JSON.stringify(value);
}

describe('action node: dropdowns built from the operation maps', () => {
	it('the Resource dropdown lists every resource of the router, sorted by name', () => {
		const resource = optionsOf(action.find((p) => p.name === 'resource'));
		expect(resource.map((o) => o.value).sort()).toEqual(Object.keys(resources).sort());
		expect(names(resource)).toEqual(sortedByName(resource));
		for (const [key, r] of Object.entries(resources)) expect(r.value, `resource ${key}`).toBe(key);
	});

	it.each(Object.keys(resources))('%s: the Operation options are the map keys, sorted, each with an action label', (key) => {
		const { operations, defaultOperation } = resources[key];
		const options = optionsOf(operationProperty(key));
		expect(options.map((o) => o.value).sort()).toEqual(Object.keys(operations).sort());
		expect(names(options)).toEqual(sortedByName(options));
		expect(Object.keys(operations)).toContain(defaultOperation);
		for (const option of options) {
			expect(option.action, `${key} › ${option.name}`).toMatch(/^[A-Z][a-z]/);
			expect(option.description, `${key} › ${option.name}`).toBeTruthy();
			expect(typeof operations[String(option.value)].execute).toBe('function');
		}
		expect(new Set(options.map((o) => o.action)).size, 'action labels are unique').toBe(options.length);
	});

	it('every parameter but the two dropdowns is shown for exactly one operation that exists', () => {
		const shown = action.filter((p) => p.name !== 'resource' && p.name !== 'operation');
		expect(shown.length).toBeGreaterThan(100);
		for (const property of shown) {
			const { resource, operation } = property.displayOptions?.show ?? {};
			expect(resource, property.name).toHaveLength(1);
			expect(operation, property.name).toHaveLength(1);
			expect(Object.keys(resources[String(resource![0])].operations), property.name).toContain(String(operation![0]));
		}
	});
});

describe('polling trigger: the Event dropdown built from the events map', () => {
	const event = polling.find((p) => p.name === 'event');

	it('lists every event once, with its key in the map as value, sorted by name', () => {
		const options = optionsOf(event);
		expect(options.map((o) => o.value).sort()).toEqual(Object.keys(events).sort());
		expect(names(options)).toEqual(sortedByName(options));
		expect(Object.keys(events)).toContain(event?.default);
	});

	it('Include Full Details is shown for the receiver events, Include Report for the others', () => {
		const receiverEvents = Object.keys(events).filter((key) => events[key].receiver);
		expect(receiverEvents).toHaveLength(4);
		expect(polling.find((p) => p.name === 'includeDetails')?.displayOptions?.show?.event).toEqual(receiverEvents);
		expect(polling.find((p) => p.name === 'includeReport')?.displayOptions?.show?.event).toEqual(
			Object.keys(events).filter((key) => !events[key].receiver),
		);
	});
});

describe('instant trigger: the Events dropdown built from the event lists', () => {
	it('lists every event the registration knows, sorted by name', () => {
		const options = optionsOf(instant.find((p) => p.name === 'events'));
		expect(options.map((o) => o.value).sort()).toEqual([...ACCOUNT_EVENTS, ...RECEIVER_EVENTS].sort());
		expect(names(options)).toEqual(sortedByName(options));
	});
});

/** n8n's lint findings in `properties` written out as literals, each as "<node> <parameter>: <rule>". */
async function lintFindings(node: string, properties: unknown[]): Promise<string[]> {
	const text = `export const properties = ${literal(properties)};\n`;
	const [result] = await new ESLint({ cwd: ROOT }).lintText(text, { filePath: join(ROOT, 'nodes/built-description.ts') });
	const lines = text.split('\n');
	return result.messages.map((m) => {
		// The parameter a finding is in: the nearest `name` at its depth or above.
		const depth = /^\t*/.exec(lines[m.line - 1])![0].length;
		const owner = lines
			.slice(0, m.line)
			.reverse()
			.map((line) => /^(\t*)name: '([^']*)'/.exec(line))
			.find((match) => match && match[1].length <= depth);
		return `${node} ${owner?.[2] ?? '?'}: ${m.ruleId}`;
	});
}

describe("n8n's lint on the built descriptions", () => {
	// `npm run lint` cannot see the built parameters (spread option lists, descriptions with the ID source added).
	it('finds nothing in the built descriptions of the three nodes', async () => {
		const found = [
			...(await lintFindings('cleverReach', action)),
			...(await lintFindings('cleverReachTrigger', polling)),
			...(await lintFindings('cleverReachInstantTrigger', instant)),
		].sort();
		expect(found).toEqual([]);
	});

	it('sees the options it checks: a made-up unsorted Resource dropdown is reported', async () => {
		const resource = action.find((p) => p.name === 'resource')!;
		const unsorted = { ...resource, options: [...optionsOf(resource)].reverse() };
		expect(await lintFindings('cleverReach', [unsorted])).toEqual([
			'cleverReach resource: n8n-nodes-base/node-param-options-type-unsorted-items',
		]);
	});
});

/**
 * n8n's UX guidelines and AI-builder metadata in the built descriptions (what the operations return is measured
 * against the simulator in output.test.ts): booleans say "Whether…", resource locators start in "From List",
 * every node has builder hints naming nodes that exist, the codex aliases find the node under CleverReach's words,
 * and the nodes panel's merged entry shows the action node's description.
 */
describe("n8n's UX guidelines in the built descriptions", () => {
	const nodes = {
		cleverReach: new CleverReach().description,
		cleverReachTrigger: new CleverReachTrigger().description,
		cleverReachInstantTrigger: new CleverReachInstantTrigger().description,
	};
	const codex = (node: string) =>
		JSON.parse(readFileSync(join(ROOT, `nodes/${node[0].toUpperCase()}${node.slice(1)}/${node[0].toUpperCase()}${node.slice(1)}.node.json`), 'utf8')) as {
			node: string;
			alias: string[];
		};

	/** Every parameter, down into collections and fixed collections, with its path. */
	function everyParameter(properties: INodeProperties[], path = ''): Array<[string, INodeProperties]> {
		return properties.flatMap((p): Array<[string, INodeProperties]> => {
			const name = `${path}${p.name}`;
			const inner =
				p.type === 'collection'
					? everyParameter(p.options as INodeProperties[], `${name}.`)
					: p.type === 'fixedCollection'
						? (p.options as INodePropertyCollection[]).flatMap((g) => everyParameter(g.values, `${name}.${g.name}.`))
						: [];
			return [[name, p], ...inner];
		});
	}

	it.each(Object.keys(nodes))('%s: every boolean is described with "Whether…"', (node) => {
		const booleans = everyParameter(nodes[node as keyof typeof nodes].properties).filter(([, p]) => p.type === 'boolean');
		expect(booleans.length).toBeGreaterThan(0);
		expect(booleans.filter(([, p]) => !/^Whether /.test(p.description ?? '')).map(([name]) => name)).toEqual([]);
	});

	it('every resource locator with a list search starts in From List', () => {
		const locators = everyParameter(action).filter(([, p]) => p.type === 'resourceLocator');
		expect(locators.length).toBeGreaterThan(20);
		for (const [name, p] of locators) {
			expect(p.modes?.map((m) => m.name), name).toContain('list');
			expect(p.default, name).toEqual({ mode: 'list', value: '' });
			expect(p.builderHint?.propertyHint, name).toMatch(/mode 'list'/);
		}
	});

	it.each(Object.keys(nodes))('%s: builder hints for the AI Workflow Builder, naming nodes of this package', (node) => {
		const hint = nodes[node as keyof typeof nodes].builderHint;
		expect(hint?.searchHint?.length).toBeGreaterThan(200);
		// The community-node lint refuses expressions in builder hints.
		expect(hint?.searchHint).not.toMatch(/\{\{/);
		const related = (hint?.relatedNodes ?? []).map((r) => r.nodeType);
		expect(related.sort()).toEqual(
			Object.values(nodes)
				.map((d) => codex(d.name).node)
				.filter((type) => type !== codex(node).node)
				.sort(),
		);
	});

	it('the builder hints say how to use the nodes: bulk Create or Update, idempotent steps, the public webhook URL', () => {
		expect(nodes.cleverReach.builderHint?.searchHint).toMatch(/Create or Update.*instead of a loop/);
		expect(nodes.cleverReach.builderHint?.searchHint).toMatch(/idempotent/);
		expect(nodes.cleverReachTrigger.builderHint?.searchHint).toMatch(/idempotent/);
		expect(nodes.cleverReachInstantTrigger.builderHint?.searchHint).toMatch(/idempotent/);
		expect(nodes.cleverReachInstantTrigger.builderHint?.searchHint).toMatch(/public HTTPS webhook URL/);
	});

	it('the codex aliases find the nodes under CleverReach’s and everyday words', () => {
		expect(codex('cleverReach').alias).toEqual(
			expect.arrayContaining(['receiver', 'subscriber', 'mailing draft', 'blacklist', 'newsletter', 'recipient', 'unsubscribe']),
		);
		for (const trigger of ['cleverReachTrigger', 'cleverReachInstantTrigger']) {
			expect(codex(trigger).alias).toEqual(expect.arrayContaining(['receiver', 'subscriber', 'newsletter', 'unsubscribe']));
		}
	});

	it("the nodes panel's entry for the action node shows the action node's description", () => {
		// n8n's editor (useActionsGeneration) merges a trigger whose type name minus "Trigger" is an action node's into
		// that node's entry, and shows the trigger's description on it.
		const actionType = codex('cleverReach').node;
		for (const node of ['cleverReachTrigger', 'cleverReachInstantTrigger'] as const) {
			const merged = codex(node).node.replace('Trigger', '') === actionType;
			expect(merged).toBe(node === 'cleverReachTrigger');
			if (merged) expect(nodes[node].description).toBe(nodes.cleverReach.description);
		}
		expect(nodes.cleverReach.description).toMatch(/^Manage CleverReach/);
	});
});
