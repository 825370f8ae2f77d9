import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../shared/transport';

function toOptions(attributes: IDataObject[]): INodePropertyOptions[] {
	return attributes
		.map((a) => ({
			name: `${a.description || a.name} (${a.type})`,
			value: String(a.name),
			description: `Attribute "${a.name}" of type ${a.type}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Global (account-wide) attributes, for attribute dropdowns. */
export async function getGlobalAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return toOptions(asArray(await cleverReachApiRequest.call(this, 'GET', '/attributes.json')));
}

/** Attributes local to the group chosen in the `groupId` parameter. */
export async function getGroupAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groupId = String(this.getCurrentNodeParameter('groupId', { extractValue: true }) ?? '').trim();
	if (!/^[0-9]+$/.test(groupId)) return [];
	return toOptions(
		asArray(await cleverReachApiRequest.call(this, 'GET', '/attributes.json', { qs: { group_id: groupId } })),
	);
}
