/** What receiver operations read back: the simplified receiver, one receiver of a look-up, rows by email. */
import type { IDataObject } from 'n8n-workflow';

export const SIMPLE_FIELDS = [
	'id',
	'email',
	'active',
	'activated',
	'registered',
	'deactivated',
	'bounced',
	'group_id',
	'source',
	'global_attributes',
	'attributes',
	'tags',
] as const;

export function simplifyReceiver(receiver: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of SIMPLE_FIELDS) if (key in receiver) out[key] = receiver[key];
	return out;
}

/**
 * One receiver from a look-up. The account-wide `GET /receivers.json/{id|email}` may answer a one-element list
 * (CleverReach's SDK unwraps it: docs/cleverreach-api.md "Receivers").
 */
export function oneReceiver(body: unknown): IDataObject {
	if (Array.isArray(body)) return (body[0] ?? {}) as IDataObject;
	return (body ?? {}) as IDataObject;
}

/** Finds a receiver in an upsert response by email (case-insensitive). */
export function byEmail(rows: IDataObject[]): Map<string, IDataObject> {
	const map = new Map<string, IDataObject>();
	for (const row of rows) {
		if (row && typeof row === 'object' && typeof row.email === 'string') map.set(row.email.trim().toLowerCase(), row);
	}
	return map;
}
