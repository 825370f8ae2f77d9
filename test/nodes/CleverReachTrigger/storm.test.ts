/**
 * Trigger storms on the realistic test bed (every realism profile on: strict API, search lag up to 180 s, unstable
 * ties, client-written timestamps, clock skew, random list order, page caps, rows without details), under n8n's
 * schedulers with overlapping ticks, restarts and faults; ground truth from the simulator's event log
 * (test/harness/truth.ts). Every trigger must emit every required event exactly once and nothing else.
 * The long versions run in the reliability suite (test/reliability/triggerStorm.reliability.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ActivityOptions, StormOptions } from '../../harness/storm';
import { Activity, runStorm, stormProblems, stormSummary, stormTriggers } from '../../harness/storm';
import type { SimulatorFixture } from '../../harness/simulator';
import { useSimulator } from '../../harness/simulator';
import { REALISTIC } from '../../simulator/index.ts';

const CYCLES = 200;
const MIX = {
	subscribe: 4, pending: 2, confirm: 2, unsubscribe: 3, deactivate: 2, delete: 2, resubscribe: 2, signUpAgain: 1,
	bounce: 1, update: 3, import: 2, burst: 1, mailing: 1,
};
const BASE: Omit<StormOptions, 'scheduler'> = {
	cycles: CYCLES, overlap: 0.05, restart: 0.02, faultRate: 0.1, lookBack: 300, settle: 800, maxEvents: 150,
};

async function storm(cr: SimulatorFixture, label: string, activity: Omit<ActivityOptions, 'mix' | 'backdate'>, options: Partial<StormOptions>, withUpdated: boolean) {
	const world = new Activity(cr.sim, { ...activity, mix: MIX, backdate: 60 });
	const result = await runStorm(cr, world, stormTriggers(world.groups, withUpdated), { ...BASE, scheduler: 'memory', ...options });
	console.log(stormSummary(label, CYCLES, result));
	expect(stormProblems(result)).toEqual([]);
	for (const v of result.verdicts) {
		expect(v.verdict.required).toBeGreaterThan(1);
		expect(v.stateBytes).toBeLessThanOrEqual(16 * 1024);
	}
	return result;
}

describe('realistic preset (strict API)', () => {
	const cr = useSimulator({ realism: 'realistic' });

	it('storm under the default scheduler with overlapping ticks and restarts: every event exactly once', async () => {
		const result = await storm(
			cr,
			'realistic, memory',
			{ seed: 20_261_201, groups: ['Newsletter', 'Customers', 'Events', 'Partners'], initialReceivers: 40, wildRegistered: false, bigBurst: 600 },
			{ scheduler: 'memory' },
			false,
		);
		expect(result.overlaps).toBeGreaterThan(3);
	}, 300_000);
});

describe('realistic preset with a permissive search (last_changed accepted)', () => {
	const cr = useSimulator({ realism: { ...REALISTIC, searchLag: { min: 0, max: 180 }, pageCaps: { ...REALISTIC.pageCaps }, strictApi: 'off', clockSkew: -300, seed: 99 } });

	it('storm under the durable scheduler with durable cursors and restarts, any registered date: every event exactly once', async () => {
		await storm(
			cr,
			'permissive search, durable cursors',
			{ seed: 7_2026, groups: ['Newsletter', 'Customers', 'Events'], initialReceivers: 30, wildRegistered: true, bigBurst: 700 },
			{ scheduler: 'durableCursors', overlap: 0 },
			true,
		);
	}, 300_000);
});
