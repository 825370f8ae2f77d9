/** Order items (purchases) of a receiver: their parameters, and reading them checked, as upsertplus takes them. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { itemError, readDate } from '../../../shared/parameters';

/** The fields of one order item (Create or Update › Orders, Add Order). */
export const orderValues: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'order_id',
		type: 'string',
		default: '',
		description: 'Your shop’s order number (required)',
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'string',
		default: '',
		description: 'Name of the product bought (required)',
	},
	{ displayName: 'Product ID', name: 'product_id', type: 'string', default: '', description: 'Your product ID or SKU' },
	{
		displayName: 'Price',
		name: 'price',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0,
		description: 'Unit price of the product, e.g. 9.99',
	},
	{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR', description: 'Currency code, e.g. EUR' },
	{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, description: 'Number of units' },
	{
		displayName: 'Order Date',
		name: 'stamp',
		type: 'dateTime',
		default: '',
		description: 'When the order was placed (default: now)',
	},
	{ displayName: 'Brand', name: 'brand', type: 'string', default: '', description: 'Brand of the product' },
	{
		displayName: 'Product Category',
		name: 'product_category',
		type: 'string',
		default: '',
		description: 'Comma-separated product categories',
	},
	{
		displayName: 'Product Source',
		name: 'product_source',
		type: 'string',
		default: '',
		description: 'Where the product was sold, e.g. the shop’s name',
	},
	{
		displayName: 'Mailing ID',
		name: 'mailing_id',
		type: 'string',
		default: '',
		description: 'Numeric ID of the mailing that led to the order (for conversion tracking)',
	},
];

/** Order items from the parameters or the input, checked locally (order ID and product are required). */
export function readOrders(context: IExecuteFunctions, i: number, rows: IDataObject[] | undefined): IDataObject[] {
	return (rows ?? []).map((row, n) => {
		const orderId = String(row.order_id ?? '').trim();
		const product = String(row.product ?? '').trim();
		if (!orderId) throw itemError(context, `Order item ${n + 1}: Order ID is required`, i, 'Fill in Order ID (e.g. the shop order number).');
		if (!product) throw itemError(context, `Order item ${n + 1}: Product is required`, i, 'Fill in Product (its name or SKU).');
		const price = Number(row.price ?? 0);
		const quantity = Number(row.quantity ?? 1);
		if (!Number.isFinite(price)) throw itemError(context, `Order item ${n + 1}: Price must be a number`, i, 'Give a number such as 19.99, with a dot as decimal separator.');
		if (!Number.isFinite(quantity)) throw itemError(context, `Order item ${n + 1}: Quantity must be a number`, i, 'Give a number such as 2.');
		const order: IDataObject = {
			order_id: orderId,
			product,
			product_id: String(row.product_id ?? ''),
			price,
			currency: String(row.currency ?? 'EUR'),
			quantity,
		};
		// Without an Order Date CleverReach stamps the order with its own clock.
		const stamp = readDate(context, row.stamp, 'Order Date', i);
		if (stamp !== undefined) order.stamp = stamp;
		for (const key of ['brand', 'product_category', 'product_source', 'mailing_id']) {
			if (row[key] !== undefined && String(row[key]) !== '') order[key] = String(row[key]);
		}
		return order;
	});
}
