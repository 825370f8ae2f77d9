/**
 * Sets of receiver ids as sorted, disjoint ranges `[first, last]`: receivers added together (an import, a burst of
 * sign-ups) have neighbouring ids, so thousands of them take a few bytes. The trigger never lets a set grow beyond
 * MAX_RANGES (it emits fewer events in that poll instead), so no id is ever counted as handled by mistake.
 */
export type IdRanges = Array<[number, number]>;

export const MAX_RANGES = 300;

export function hasId(ranges: IdRanges | undefined, id: number): boolean {
	for (const [first, last] of ranges ?? []) {
		if (id < first) return false;
		if (id <= last) return true;
	}
	return false;
}

export function addIds(ranges: IdRanges | undefined, ids: Iterable<number>): IdRanges {
	const all = [...(ranges ?? []), ...[...ids].map((id): [number, number] => [id, id])].sort((a, b) => a[0] - b[0]);
	const merged: IdRanges = [];
	for (const [first, last] of all) {
		const top = merged[merged.length - 1];
		if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
		else merged.push([first, last]);
	}
	return merged;
}

/** How many of `ids` (in this order) can be added before the set has more than MAX_RANGES ranges. */
export function roomFor(ranges: IdRanges | undefined, ids: number[]): number {
	let set = ranges ?? [];
	for (let i = 0; i < ids.length; i++) {
		set = addIds(set, [ids[i]]);
		if (set.length > MAX_RANGES) return i;
	}
	return ids.length;
}

/** The ranges above `floor` (ids up to the floor need no memory). */
export function above(ranges: IdRanges | undefined, floor: number): IdRanges {
	return (ranges ?? []).filter(([, last]) => last > floor).map(([first, last]): [number, number] => [Math.max(first, floor + 1), last]);
}
