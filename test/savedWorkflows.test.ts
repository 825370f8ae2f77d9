/**
 * Saved workflows keep working when the node descriptions are rebuilt: every CleverReach node of the example
 * workflows (examples/) and of the end-to-end workflows (test/e2e/workflows/) is loaded the way n8n loads it, with
 * n8n-workflow's own NodeHelpers on the node types as n8n's loader prepares them, and keeps every saved parameter
 * (none is unknown or hidden, so none is dropped), without a parameter issue, and with option values its
 * parameters still offer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { INode, INodeParameters, INodeProperties, INodePropertyCollection, INodeType, NodeParameterValueType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { DirectoryLoader } from 'n8n-core';
import { describe, expect, it } from 'vitest';
import { CleverReach } from '../nodes/CleverReach/CleverReach.node';
import { CleverReachInstantTrigger } from '../nodes/CleverReachInstantTrigger/CleverReachInstantTrigger.node';
import { CleverReachTrigger } from '../nodes/CleverReachTrigger/CleverReachTrigger.node';

/** A node type as n8n's loader prepares it (polling nodes get their Poll Times parameter). */
function loaded(node: INodeType): INodeType {
	const loader = DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(type: INodeType): void };
	loader.applySpecialNodeParameters(node);
	return node;
}

const TYPES: Record<string, INodeType> = {
	'n8n-nodes-cleverreach.cleverReach': loaded(new CleverReach()),
	'n8n-nodes-cleverreach.cleverReachTrigger': loaded(new CleverReachTrigger()),
	'n8n-nodes-cleverreach.cleverReachInstantTrigger': loaded(new CleverReachInstantTrigger()),
};

/** Placeholders the examples ask the user to replace, replaced as a user would (with numeric IDs). */
const fillIn = (parameters: INodeParameters): INodeParameters =>
	JSON.parse(JSON.stringify(parameters).replace(/REPLACE_WITH_[A-Z_]+_ID/g, '1234567')) as INodeParameters;

function savedNodes(folder: string): Array<[string, INode]> {
	const dir = new URL(folder, import.meta.url);
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { nodes: INode[] };
			return workflow.nodes.filter((n) => TYPES[n.type]).map((n): [string, INode] => [`${folder}${file} › ${n.name}`, n]);
		});
}

const nodes = [...savedNodes('../examples/'), ...savedNodes('./e2e/workflows/')];

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/**
 * Saved values of options parameters that their property no longer offers (n8n's parameter issues do not check
 * them), down into collections; `path` names the parameter.
 */
function unknownOptionValues(
	properties: INodeProperties[],
	values: INodeParameters,
	shown: (property: INodeProperties) => boolean = () => true,
	path = '',
): string[] {
	const found: string[] = [];
	for (const property of properties.filter(shown)) {
		const value = values[property.name] as NodeParameterValueType | undefined;
		if (value === undefined || isExpression(value) || property.typeOptions?.loadOptionsMethod) continue;
		const name = `${path}${property.name}`;
		if (property.type === 'options' || property.type === 'multiOptions') {
			const offered = (property.options ?? []).map((o) => (o as { value: unknown }).value);
			for (const v of Array.isArray(value) ? value : [value]) if (!offered.includes(v)) found.push(`${name}: ${String(v)}`);
		} else if (property.type === 'collection') {
			found.push(...unknownOptionValues(property.options as INodeProperties[], value as INodeParameters, undefined, `${name}.`));
		} else if (property.type === 'fixedCollection') {
			for (const group of property.options as INodePropertyCollection[]) {
				const entries = (value as INodeParameters)[group.name];
				for (const entry of Array.isArray(entries) ? entries : entries ? [entries] : []) {
					found.push(...unknownOptionValues(group.values, entry as INodeParameters, undefined, `${name}.${group.name}.`));
				}
			}
		}
	}
	return found;
}

describe('saved workflows', () => {
	it('there are CleverReach nodes of every kind to load', () => {
		expect(nodes.length).toBeGreaterThanOrEqual(12);
		expect(new Set(nodes.map(([, n]) => n.type)).size).toBe(2);
	});

	it.each(nodes)('%s keeps every saved parameter and has no parameter issue', (_name, node) => {
		const { description } = TYPES[node.type];
		const saved = fillIn(node.parameters);
		const resolved = NodeHelpers.getNodeParameters(description.properties, saved, true, false, node, description);
		// Nothing saved is unknown or hidden by the display options (n8n would drop it when loading).
		expect(resolved).toMatchObject(saved);
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: resolved! }, description);
		expect(issues).toBeNull();
		const shown = (p: INodeProperties) => NodeHelpers.displayParameter(resolved!, p, node, description);
		expect(unknownOptionValues(description.properties, saved, shown)).toEqual([]);
	});

	it('a parameter that a changed description no longer knows, or no longer shows, would be noticed', () => {
		const [, node] = nodes.find(([, n]) => n.parameters.operation === 'upsert')!;
		const { description } = TYPES[node.type];
		const saved = fillIn(node.parameters);
		const renamed = description.properties.map((p) => (p.name === 'activation' ? { ...p, name: 'activationMode' } : p));
		expect(NodeHelpers.getNodeParameters(renamed, saved, true, false, node, description)).not.toMatchObject(saved);
		const hidden = description.properties.map((p) =>
			p.name === 'inputMode' ? { ...p, displayOptions: { show: { resource: ['group'] } } } : p,
		);
		expect(NodeHelpers.getNodeParameters(hidden, saved, true, false, node, description)).not.toMatchObject(saved);
		const withoutDoi = description.properties.map((p) =>
			p.name === 'activation' ? { ...p, options: (p.options ?? []).filter((o) => (o as { value: unknown }).value !== 'doi') } : p,
		);
		const shown = (p: INodeProperties) => NodeHelpers.displayParameter(saved, p, node, description);
		expect(unknownOptionValues(withoutDoi, saved, shown)).toEqual(['activation: doi']);
	});
});
