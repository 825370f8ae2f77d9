/** What receiver operations read back: the Output of Get and Get Many, one receiver of a look-up, rows by email. */
import type { IDataObject } from 'n8n-workflow';
import type { OutputShape } from '../../../shared/output';

/** Output of Get and Get Many: Simplified keeps who the receiver is, its status, attributes and tags. */
const SIMPLIFIED = [
	'id',
	'email',
	'active',
	'activated',
	'registered',
	'deactivated',
	'bounced',
	'global_attributes',
	'attributes',
	'tags',
] as const;

/** Get Many had a Simplify switch (on by default); Get returned the raw receiver. */
export const RECEIVERS_OUTPUT: OutputShape = { simplified: SIMPLIFIED, default: 'simplified', legacySimplify: true };
export const RECEIVER_OUTPUT: OutputShape = { simplified: SIMPLIFIED, default: 'raw' };

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
