/**
 * The simulator's own event log: every change of a receiver row, when it happened by CleverReach's clock, and the
 * row's state before and after. Tests take their ground truth from here ("what really happened"), never from the
 * keys or timestamps the node under test uses.
 */
import type { Row } from './types.ts';

/** The part of a row that tells what happened to it. */
export interface Snapshot {
	active: boolean;
	activated: number;
	registered: number;
	deactivated: number;
	bounced: number;
	last_changed: number;
	/** Everything a receiver shows besides `last_changed` (attributes, tags, orders, source, timestamps), as one string. */
	content: string;
}

export interface Change {
	/** 1, 2, 3, ... in the order the changes happened. */
	seq: number;
	/** CleverReach's clock (unix seconds). */
	at: number;
	groupId: string;
	id: string;
	email: string;
	/** null: the row was created by this change. */
	before: Snapshot | null;
	/** null: the row was deleted by this change. */
	after: Snapshot | null;
}

function sortedEntries(bag: Record<string, string>): Array<[string, string]> {
	return Object.entries(bag).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function snapshot(row: Row, active: boolean): Snapshot {
	return {
		active,
		activated: row.activated,
		registered: row.registered,
		deactivated: row.deactivated,
		bounced: row.bounced,
		last_changed: row.last_changed,
		content: JSON.stringify([
			row.email,
			row.source,
			row.activated,
			row.registered,
			row.deactivated,
			row.bounced,
			sortedEntries(row.attrs),
			sortedEntries(row.globals),
			[...row.tags].map((t) => t.toLowerCase()).sort(),
			row.orders.map((o) => [o.order_id, o.product_id, o.quantity, o.price, o.stamp]),
		]),
	};
}

export class History {
	changes: Change[] = [];
	private last = new Map<string, Snapshot>();

	/** Remembers a row's state without logging a change (rows that exist before a test starts). */
	baseline(row: Row, active: boolean): void {
		this.last.set(row.id, snapshot(row, active));
	}

	/** Logs the change of `row` (or its deletion) if its state differs from the last one logged. */
	record(row: Row, active: boolean, at: number, deleted = false): Change | undefined {
		const before = this.last.get(row.id) ?? null;
		const after = deleted ? null : snapshot(row, active);
		if (before && after && before.content === after.content && before.active === after.active) return undefined;
		if (!before && !after) return undefined;
		if (after) this.last.set(row.id, after);
		else this.last.delete(row.id);
		const change: Change = { seq: this.changes.length + 1, at, groupId: row.groupId, id: row.id, email: row.email, before, after };
		this.changes.push(change);
		return change;
	}

	/** The state last logged for a row id (undefined: unknown or deleted). */
	state(id: string): Snapshot | undefined {
		return this.last.get(id);
	}
}
