/** The cursor's arithmetic (nodes/CleverReachTrigger/window.ts, ids.ts), without CleverReach. */
import { describe, expect, it } from 'vitest';
import { above, addIds, hasId, MAX_RANGES, roomFor } from '../../../nodes/CleverReachTrigger/ids';
import { MAX_SEEN } from '../../../nodes/CleverReachTrigger/state';
import type { Candidate, Position } from '../../../nodes/CleverReachTrigger/window';
import { advance, isDone } from '../../../nodes/CleverReachTrigger/window';

const c = (ts: number, email: string, key = `${email}:${ts}`): Candidate<string> => ({ ts, email, key, data: key });
const start = (settled: number): Position => ({ settled, seen: [] });
const all = { coveredTo: 'all' as const, maxItems: 1000, maxSeen: MAX_SEEN };

describe('advance', () => {
	it('emits newer events early and remembers them until the position passes them', () => {
		const first = advance(start(100), [c(150, 'a'), c(160, 'b')], { ...all, settleBefore: 120 });
		expect(first.emit).toEqual(['a:150', 'b:160']);
		expect(first).toMatchObject({ settled: 120, seen: ['150:a:150', '160:b:160'] });
		// Later the same rows are settled: not emitted again, and forgotten.
		const second = advance(first, [c(150, 'a'), c(160, 'b')], { ...all, settleBefore: 200 });
		expect(second.emit).toEqual([]);
		expect(second).toMatchObject({ settled: 200, seen: [] });
	});

	it('a late event (visible only after others of later times) is still emitted once', () => {
		const first = advance(start(100), [c(160, 'b')], { ...all, settleBefore: 110 });
		const late = advance(first, [c(150, 'a'), c(160, 'b')], { ...all, settleBefore: 140 });
		expect(late.emit).toEqual(['a:150']);
		const settled = advance(late, [c(150, 'a'), c(160, 'b')], { ...all, settleBefore: 170 });
		expect(settled.emit).toEqual([]);
	});

	it('never emits what is at or before the position (before the activation)', () => {
		expect(advance(start(100), [c(99, 'a'), c(100, 'b')], { ...all, settleBefore: 50 }).emit).toEqual([]);
	});

	it('stops at the per-poll cap between two (time, email) positions and continues there', () => {
		const rows = Array.from({ length: 10 }, (_, i) => c(150, `u${i}`));
		const first = advance(start(100), rows, { ...all, settleBefore: 200, maxItems: 4 });
		expect(first.emit).toEqual(['u0:150', 'u1:150', 'u2:150', 'u3:150']);
		expect(first).toMatchObject({ settled: 149, partial: 'u3', waiting: 6 });
		expect(isDone(first, 150, 'u3')).toBe(true);
		expect(isDone(first, 150, 'u4')).toBe(false);
		const second = advance(first, rows, { ...all, settleBefore: 200, maxItems: 4 });
		expect(second.emit).toEqual(['u4:150', 'u5:150', 'u6:150', 'u7:150']);
		const third = advance(second, rows, { ...all, settleBefore: 200, maxItems: 4 });
		expect(third.emit).toEqual(['u8:150', 'u9:150']);
		expect(third).toMatchObject({ settled: 200, waiting: 0 });
		expect(third.partial).toBeUndefined();
	});

	it('keeps every event of one position together, even above the cap (two groups, one email)', () => {
		const out = advance(start(100), [c(150, 'a', 'g1:a'), c(150, 'a', 'g2:a'), c(151, 'b')], { ...all, settleBefore: 200, maxItems: 1 });
		expect(out.emit).toEqual(['g1:a', 'g2:a']);
	});

	it('a full memory makes newer events wait until they are settled, then they come', () => {
		const rows = Array.from({ length: MAX_SEEN + 10 }, (_, i) => c(150 + i, 'x'));
		const first = advance(start(100), rows, { ...all, settleBefore: 120 });
		expect(first.emit).toHaveLength(MAX_SEEN);
		expect(first.waiting).toBe(10);
		const later = advance(first, rows, { ...all, settleBefore: 1000 });
		expect(later.emit).toHaveLength(10);
		expect(later.seen).toEqual([]);
	});

	it('reads that stopped early settle nothing beyond where they got (what they read may be emitted early)', () => {
		const rows = [c(150, 'a'), c(160, 'b'), c(170, 'c')];
		const out = advance(start(100), rows.slice(0, 2), { ...all, settleBefore: 200, coveredTo: { ts: 160, email: 'b' } });
		expect(out.emit).toEqual(['a:150', 'b:160']);
		expect(out).toMatchObject({ settled: 159, partial: 'b' });
		const next = advance(out, rows, { ...all, settleBefore: 200 });
		expect(next.emit).toEqual(['c:170']);
		const early = advance(start(100), rows.slice(0, 2), { ...all, settleBefore: 120, coveredTo: { ts: 160, email: 'b' } });
		expect(early).toMatchObject({ emit: ['a:150', 'b:160'], settled: 120, seen: ['150:a:150', '160:b:160'] });
		expect(advance(early, rows, { ...all, settleBefore: 200 }).emit).toEqual(['c:170']);
	});

	it('a second change in the same second is another event (its key differs)', () => {
		const first = advance(start(100), [c(150, 'a', 'r1:h1')], { ...all, settleBefore: 120 });
		const second = advance(first, [c(150, 'a', 'r1:h2')], { ...all, settleBefore: 120 });
		expect([...first.emit, ...second.emit]).toEqual(['r1:h1', 'r1:h2']);
	});
});

describe('id ranges', () => {
	it('stores neighbouring ids as one range, never counts an id in a gap, and says how many more fit', () => {
		const ranges = addIds([], [5, 6, 7, 9, 20]);
		expect(ranges).toEqual([[5, 7], [9, 9], [20, 20]]);
		expect(hasId(ranges, 6)).toBe(true);
		expect(hasId(ranges, 8)).toBe(false);
		expect(above(ranges, 8)).toEqual([[9, 9], [20, 20]]);
		// Every other id (a burst whose other half changed again): one range each, up to the bound.
		const interleaved = Array.from({ length: 1000 }, (_, i) => 1000 + 2 * i);
		expect(roomFor([], interleaved)).toBe(MAX_RANGES);
		const full = addIds([], interleaved.slice(0, MAX_RANGES));
		expect(hasId(full, 1001)).toBe(false);
		expect(JSON.stringify(full).length).toBeLessThan(8 * 1024);
		expect(roomFor(full, [1000 + 2 * MAX_RANGES - 1])).toBe(1); // joins two ranges: fits
	});
});
