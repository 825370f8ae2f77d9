/**
 * The dropdowns built from maps (nodes/shared/operation.ts for the action node's resources and operations, the
 * polling trigger's events map, the instant trigger's event list) against the maps they come from, and against
 * n8n's lint: `npm run lint` sees only literal option lists, so the built ones are written out as literals here and
 * linted with the project's own configuration.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
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

describe("n8n's lint on the built dropdowns", () => {
	it('finds nothing in the Resource, Operation and Event dropdowns written out as literals', async () => {
		const dropdowns = [
			...action.filter((p) => p.name === 'resource' || p.name === 'operation'),
			...polling.filter((p) => p.name === 'event'),
			...instant.filter((p) => p.name === 'events'),
		];
		expect(dropdowns).toHaveLength(2 + Object.keys(resources).length + 1);
		const text = `import type { INodeProperties } from 'n8n-workflow';\n\nexport const dropdowns: INodeProperties[] = ${literal(dropdowns)};\n`;
		const [result] = await new ESLint({ cwd: ROOT }).lintText(text, { filePath: join(ROOT, 'nodes/built-dropdowns.ts') });
		expect(result.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}: ${text.split('\n')[m.line - 1].trim()})`)).toEqual([]);
		// The lint sees the options: a made-up unsorted list of six is reported.
		const unsorted = literal([{ ...dropdowns[0], options: [...optionsOf(dropdowns[0])].reverse() }]);
		const [check] = await new ESLint({ cwd: ROOT }).lintText(`export const dropdowns = ${unsorted};\n`, {
			filePath: join(ROOT, 'nodes/built-dropdowns.ts'),
		});
		expect(check.messages.map((m) => m.ruleId)).toContain('n8n-nodes-base/node-param-options-type-unsorted-items');
	});
});
