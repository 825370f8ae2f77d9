import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Resource } from '../../shared/operation';
import { nodeProperties } from '../../shared/operation';
import { attribute } from './attribute';
import { blacklist } from './blacklist';
import { form } from './form';
import { group } from './group';
import { mailing } from './mailing';
import { receiver } from './receiver';
import { report } from './report';

/** Every resource, in the order their parameters appear in the node description. */
const RESOURCES: Resource[] = [group, receiver, attribute, mailing, report, form, blacklist];

export const resources: Record<string, Resource> = Object.fromEntries(RESOURCES.map((r) => [r.value, r]));

/** The Resource and Operation dropdowns and every operation's parameters. */
export const properties: INodeProperties[] = nodeProperties(RESOURCES, 'receiver');

/** Runs the chosen operation over all input items (resource and operation are the same for every item). */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			description: 'Choose the Resource and Operation again (the workflow may come from a newer version of this node).',
		});
	}
	return [await handler.execute.call(this, items)];
}
