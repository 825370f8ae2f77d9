/**
 * The action node's contract. A resource is a map of operations; each operation brings its entry in the Operation
 * dropdown, its parameters and how it runs over the input items. The Operation dropdown, and the display options
 * that show each parameter only for its resource and operation, are built from that map, so they cannot disagree
 * with it (test/nodes/CleverReach/operations.test.ts checks what n8n's lint can no longer see in built options).
 */
import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

export interface Operation {
	/** Its entry in the resource's Operation dropdown; the value is the operation's key in the resource's map. */
	option: { name: string; description: string; action: string };
	/** Its parameters in the order the user sees them; they are shown only for this resource and operation. */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

export interface Resource {
	/** The value of the Resource parameter (saved in workflows: never change it). */
	value: string;
	/** Its entry in the Resource dropdown. */
	option: { name: string; description: string };
	/** The operation a new node starts with. */
	defaultOperation: string;
	/** Keyed by the value of the Operation parameter (saved in workflows: never change a key). */
	operations: Record<string, Operation>;
}

/** Options in the order n8n's lint wants them (`node-param-options-type-unsorted-items`: by name). */
export function byName(a: { name: string }, b: { name: string }): number {
	return a.name.localeCompare(b.name);
}

/** Shows properties only for one operation of one resource, keeping the conditions they have of their own. */
function showFor(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...property.displayOptions?.show,
			resource: [resource],
			operation: [operation],
		};
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}

/** A resource's Operation dropdown (built from its operations), then every operation's parameters. */
export function resourceProperties(resource: Resource): INodeProperties[] {
	const { defaultOperation } = resource;
	const options: INodePropertyOptions[] = Object.entries(resource.operations)
		.map(([value, { option }]) => ({ name: option.name, value, description: option.description, action: option.action }))
		.sort(byName);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options,
			default: defaultOperation,
		},
		...Object.entries(resource.operations).flatMap(([value, operation]) =>
			showFor(resource.value, value, operation.properties),
		),
	];
}

/** The node's Resource dropdown (built from the resources), then every resource's properties. */
export function nodeProperties(resources: Resource[], defaultResource: string): INodeProperties[] {
	const options: INodePropertyOptions[] = resources
		.map(({ value, option }) => ({ name: option.name, value, description: option.description }))
		.sort(byName);
	return [
		{ displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options, default: defaultResource },
		...resources.flatMap(resourceProperties),
	];
}
