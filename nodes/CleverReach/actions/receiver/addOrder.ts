import type { IDataObject } from 'n8n-workflow';
import { byDisplayName, groupLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { orderValues, readOrders } from './orderItems';
import { receiverProperty } from './receiverProperties';
import { getReceiverRef } from './receiverInput';
import { patchExisting } from './existingReceiver';

const required = new Set(['order_id', 'product']);

export const addOrder: Operation = {
	option: {
		name: 'Add Order',
		description:
			'Record an order item (purchase) for a receiver already in a group; returns the receiver with orders',
		action: 'Add an order to a receiver',
	},
	properties: [
		groupLocator(),
		receiverProperty({
			description:
				'The receiver who placed the order: their email address or numeric receiver ID. They must already be in the group.',
		}),
		...orderValues
		.filter((p) => required.has(p.name))
		.map((p) => ({ ...p, required: true, description: String(p.description).replace(' (required)', '') })),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Optional details of the order item: price, currency, quantity, date, brand, category, mailing',
			options: byDisplayName(orderValues.filter((p) => !required.has(p.name))),
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const groupId = getId(this, 'groupId', i, 'Group');
			const receiver = getReceiverRef(this, i);
			const row: IDataObject = {
				...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
				order_id: this.getNodeParameter('order_id', i, ''),
				product: this.getNodeParameter('product', i, ''),
			};
			const [order] = readOrders(this, i, [row]);
			// An order item with the same order ID and product ID replaces the stored one.
			return await patchExisting(this, groupId, receiver, i, { orders: [order] }, false);
		});
	},
};
