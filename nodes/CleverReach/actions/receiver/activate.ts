import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { cleverReachApiRequest } from '../../../shared/transport';
import { groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { receiverProperty } from './receiverProperties';
import { getReceiverRef, ref } from './receiverInput';

/** PUT …/receivers/{id|email}/activate|deactivate, then the receiver as it is now. */
async function setStatus(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	action: 'activate' | 'deactivate',
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (i) => {
		const groupId = getId(context, 'groupId', i, 'Group');
		const receiver = getReceiverRef(context, i);
		const path = `/groups.json/${groupId}/receivers/${ref(receiver)}`;
		const notFoundMessage = `Receiver ${receiver} was not found in group ${groupId}`;
		await cleverReachApiRequest.call(context, 'PUT', `${path}/${action}`, { itemIndex: i, notFoundMessage });
		return (await cleverReachApiRequest.call(context, 'GET', path, { itemIndex: i, notFoundMessage })) as IDataObject;
	});
}

export const activate: Operation = {
	option: {
		name: 'Activate',
		description: 'Set a receiver of a group active again, so they get mailings; returns the receiver',
		action: 'Activate a receiver',
	},
	properties: [
		groupLocator(),
		receiverProperty({
			description:
				'The receiver to activate (so they get mailings again): their email address or numeric receiver ID. Only with their consent.',
		}),
	],
	async execute(items) {
		return await setStatus(this, items, 'activate');
	},
};

export const deactivate: Operation = {
	option: {
		name: 'Deactivate',
		description: 'Unsubscribe a receiver from a group (the record is kept); returns the receiver',
		action: 'Deactivate a receiver',
	},
	properties: [
		groupLocator(),
		receiverProperty({
			description:
				'The receiver to deactivate (unsubscribe from this group; the record is kept): their email address or numeric receiver ID',
		}),
	],
	async execute(items) {
		return await setStatus(this, items, 'deactivate');
	},
};
