/**
 * The search behind `POST /receivers/filter.json` when the "search lag" profile is on: every write to a row becomes
 * visible to the search only after its own delay (drawn per write), the way a production client has to wait up to
 * 120 s before filter.json shows what it just wrote. Versions of one row become visible in the order they were
 * written (a later write is never visible before an earlier one). A deleted row stays findable until its deletion
 * becomes visible. Rows the index has never heard of (seeded before the profile was switched on) are seen live.
 */
import type { Row } from './types.ts';

interface Version {
	visibleAt: number;
	/** A detached copy of the row as written; null = deleted. */
	row: Row | null;
}

export function copyRow(row: Row): Row {
	return { ...row, attrs: { ...row.attrs }, globals: { ...row.globals }, tags: [...row.tags] };
}

export class SearchIndex {
	private entries = new Map<string, Version[]>();
	private readonly lag: () => number;

	constructor(lag: () => number) {
		this.lag = lag;
	}

	/** A write to `row` at `now` (`deleted`: the row was removed). `visibleNow`: no delay (seeded data). */
	record(row: Row, now: number, deleted = false, visibleNow = false): void {
		const versions = this.entries.get(row.id) ?? [];
		const previous = versions.length ? versions[versions.length - 1].visibleAt : -Infinity;
		const visibleAt = visibleNow ? now : Math.max(previous, now + this.lag());
		versions.push({ visibleAt, row: deleted ? null : copyRow(row) });
		this.entries.set(row.id, versions);
	}

	/** The rows as the search sees them at `now`; `live` are the model's current rows. */
	*visible(now: number, live: Iterable<Row>): Iterable<Row> {
		for (const row of live) if (!this.entries.has(row.id)) yield row;
		for (const [id, versions] of this.entries) {
			let shown = -1;
			for (let i = 0; i < versions.length && versions[i].visibleAt <= now; i++) shown = i;
			if (shown > 0) versions.splice(0, shown);
			if (shown < 0) continue; // nothing of this row is visible yet
			const row = versions[0].row;
			if (row) yield row;
			else if (versions.length === 1) this.entries.delete(id);
		}
	}
}
