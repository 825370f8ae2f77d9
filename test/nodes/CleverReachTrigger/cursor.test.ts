/** The trigger's cursor (pure functions): boundary keys, late window, truncation and the size bound. */
import { describe, expect, it } from 'vitest';
import type { CursorRow } from '../../../nodes/CleverReachTrigger/cursor';
import { advance, bound, floorOf, initialState, LATE_WINDOW, MAX_KEYS, readState } from '../../../nodes/CleverReachTrigger/cursor';

const row = (group: number, id: number, ts: number): CursorRow<string> => ({
	ts,
	key: `${group}:${id}:${ts}`,
	order: [group, id],
	data: `${group}:${id}`,
});

describe('cursor', () => {
	it('emits unseen rows oldest first and remembers the keys of the newest second', () => {
		const start = initialState([row(1, 5, 1000)], true);
		expect(start).toEqual({ since: 1000, keys: ['1:5:1000'], floor: 1000 });
		expect(floorOf(start)).toBe(1000);
		const { emit, state } = advance(start, [row(2, 9, 1001), row(1, 5, 1000), row(1, 7, 1000), row(1, 3, 1001)]);
		expect(emit).toEqual(['1:7', '1:3', '2:9']);
		expect(state).toEqual({ since: 1001, keys: ['1:5:1000', '1:7:1000', '1:3:1001', '2:9:1001'], floor: 1000 });
		// Same rows again: nothing new, same state.
		expect(advance(state, [row(1, 3, 1001), row(2, 9, 1001)])).toEqual({ emit: [], state });
	});

	it('looks back LATE_WINDOW seconds and forgets keys older than that', () => {
		let state = { since: 5000, keys: [] as string[] };
		expect(floorOf(state)).toBe(5000 - LATE_WINDOW);
		state = advance(state, [row(1, 1, 5000)]).state;
		const late = advance(state, [row(1, 1, 5000), row(1, 2, 5000 - LATE_WINDOW)]);
		expect(late.emit).toEqual(['1:2']);
		const later = advance(late.state, [row(1, 3, 5000 + LATE_WINDOW + 1)]).state;
		expect(later.keys).toEqual([`1:3:${5000 + LATE_WINDOW + 1}`]);
		expect(floorOf(later)).toBe(5001);
	});

	it('an empty account starts at 0 and never asks for timestamp 0 ("never")', () => {
		const state = initialState([], true);
		expect(state).toEqual({ since: 0, keys: [] });
		expect(floorOf(state)).toBe(1);
	});

	it('keeps at most MAX_KEYS keys, dropping whole seconds and raising the floor past them', () => {
		const rows = Array.from({ length: 120 }, (_, i) => row(1_363_537, 1_000_000_000 + i, 1_700_000_000 + Math.floor(i / 10)));
		const { emit, state } = advance({ since: 1_699_999_990, keys: [] }, rows);
		expect(emit).toHaveLength(120);
		expect(state.keys.length).toBeLessThanOrEqual(MAX_KEYS);
		expect(state.keys.length).toBe(50); // seconds +7..+11, 10 keys each
		expect(state.floor).toBe(1_700_000_007);
		expect(floorOf(state)).toBe(1_700_000_007);
		// Nothing already emitted comes back, even when CleverReach returns everything again.
		expect(advance(state, rows).emit).toEqual([]);
	});

	it('more than MAX_KEYS events in the newest second: keeps the newest ones and moves past that second', () => {
		const rows = Array.from({ length: 80 }, (_, i) => row(7, 100 + i, 1_700_000_000));
		const { state } = advance({ since: 1_699_999_000, keys: [] }, rows);
		expect(state.keys).toHaveLength(MAX_KEYS);
		expect(floorOf(state)).toBe(1_700_000_001);
		expect(initialState(rows, false)).toMatchObject({ since: 1_700_000_000, floor: 1_700_000_001 });
	});

	it('state size stays under 2 KB even with 10-digit group ids, receiver ids and timestamps', () => {
		const keys = Array.from({ length: 500 }, (_, i) => `9999999999:${9_000_000_000 + i}:${1_999_999_000 + i}`);
		const state = bound(1_999_999_499, keys);
		expect(state.keys).toHaveLength(MAX_KEYS);
		expect(JSON.stringify({ 'receiverUnsubscribed:deactivated|1234567890,2345678901': state }).length).toBeLessThan(2048);
	});

	it('reads only well-formed stored states', () => {
		expect(readState(undefined)).toBeUndefined();
		expect(readState({ since: 'x', keys: [] })).toBeUndefined();
		expect(readState({ since: 5, keys: ['a:1:5', 3] })).toEqual({ since: 5, keys: ['a:1:5'] });
		expect(readState({ since: 5, keys: [], floor: 6 })).toEqual({ since: 5, keys: [], floor: 6 });
	});
});
