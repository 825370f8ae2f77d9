/** Lists CleverReach answers in one piece (groups, forms, attributes, blacklists): filtered and limited locally. */
import type { IDataObject } from 'n8n-workflow';

/** The rows whose `fields` contain `text` (case-insensitive); every row when `text` is empty. */
export function whereContains(rows: IDataObject[], text: unknown, fields: string[]): IDataObject[] {
	if (!text) return rows;
	const needle = String(text).toLowerCase();
	return rows.filter((row) => fields.some((field) => String(row[field] ?? '').toLowerCase().includes(needle)));
}

/** The first `limit` rows of a list read in full (Return All: `limit` undefined). */
export function takeLimit<T>(rows: T[], limit: number | undefined): T[] {
	return limit === undefined ? rows : rows.slice(0, limit);
}
