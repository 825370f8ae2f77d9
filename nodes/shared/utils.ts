import type { IExecuteFunctions, INodeExecutionData, INodeProperties, IDisplayOptions } from 'n8n-workflow';

/** One operation of the action node: its parameters and how it runs over the input items. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** Restricts properties to one resource/operation (a community-package copy of nodes-base's helper). */
export function showFor(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...property.displayOptions?.show,
			resource: [resource],
			operation: [operation],
		};
		return { ...property, displayOptions: { ...property.displayOptions, show } };
	});
}
