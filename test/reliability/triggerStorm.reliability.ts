/**
 * Trigger fault storms (the long run): eight CleverReach Triggers — every event type, all groups and selected
 * groups — poll a simulated account on the realistic test bed while it changes at random (test/harness/storm.ts),
 * the simulator injects 429/5xx, connection resets and timeouts into every endpoint (the token endpoint included)
 * and access tokens expire. Two beds: the realistic preset (strict API) under n8n's default scheduler with
 * overlapping ticks and restarts, and the realistic preset with a search that accepts `last_changed` under the
 * durable scheduler with durable cursors (Receiver Updated and any `registered` date included).
 * Ground truth from the simulator's event log (test/harness/truth.ts); lost, duplicated and unexpected must be 0.
 */
import { describe, expect, it } from 'vitest';
import type { StormOptions, StormResult, StormTrigger } from '../harness/storm';
import { Activity, runStorm, stormProblems, stormSummary, stormTriggers } from '../harness/storm';
import { useSimulator } from '../harness/simulator';
import { REALISTIC } from '../simulator/index.ts';
import { recordError, trackSecrets } from './secrets';

const CYCLES = 600;
const MIX = {
	subscribe: 4, pending: 2, confirm: 2, unsubscribe: 3, deactivate: 2, delete: 2, resubscribe: 2, signUpAgain: 2,
	bounce: 1, update: 3, import: 2, burst: 1, mailing: 1,
};
const BASE: Omit<StormOptions, 'scheduler'> = {
	cycles: CYCLES, overlap: 0.05, restart: 0.02, faultRate: 0.12, lookBack: 300, settle: 800, maxEvents: 200, tokenExpiry: 0.03,
};

function check(cr: ReturnType<typeof useSimulator>, label: string, result: StormResult, list: StormTrigger[]) {
	for (const t of list) for (const error of t.runner?.reportedErrors ?? []) recordError(`trigger storm: ${t.name}`, error);
	const log = cr.sim.log;
	const refreshes = log.filter((e) => e.path === '/oauth/token.php');
	console.log(
		`trigger storm details (${label}): triggers=${list.length} overlaps=${result.overlaps} tokenExpiries=${result.expiries} ` +
			`refreshes=${refreshes.length} injectedFaults=${log.filter((e) => e.fault).length} requests=${log.length}`,
	);
	console.log(stormSummary(label, CYCLES, result));
	expect(stormProblems(result)).toEqual([]);
	for (const v of result.verdicts) {
		expect(v.verdict.required).toBeGreaterThan(5);
		expect(v.stateBytes).toBeLessThanOrEqual(16 * 1024);
		// Transient trouble never lasted 30 minutes here: nothing is reported as a failed execution.
		expect(v.reported).toBe(0);
	}
	// The storm really was one: every fault kind and token refreshes.
	expect(new Set(log.filter((e) => e.fault === 'http').map((e) => e.status))).toEqual(new Set([429, 500, 502, 503, 504]));
	expect(log.some((e) => e.fault === 'reset') && log.some((e) => e.fault === 'timeout')).toBe(true);
	expect(refreshes.filter((e) => e.status === 200).length).toBeGreaterThanOrEqual(result.expiries > 0 ? 1 : 0);
}

describe('realistic preset (strict API), default scheduler', () => {
	const cr = useSimulator({ realism: 'realistic' });
	trackSecrets(cr);

	it(`trigger storm: ${CYCLES} cycles, overlapping ticks, restarts, faults, token expiry: every event exactly once`, async () => {
		const activity = new Activity(cr.sim, {
			seed: 8_2026, groups: ['Newsletter', 'Customers', 'Events', 'Partners'], initialReceivers: 40, mix: MIX,
			backdate: 60, wildRegistered: false, bigBurst: 700,
		});
		const list = stormTriggers(activity.groups, false);
		const result = await runStorm(cr, activity, list, { ...BASE, scheduler: 'memory' });
		check(cr, 'realistic, memory', result, list);
		expect(result.overlaps).toBeGreaterThan(10);
	}, 900_000);
});

describe('realistic preset with last_changed accepted, durable scheduler with durable cursors', () => {
	const cr = useSimulator({ realism: { ...REALISTIC, searchLag: { min: 0, max: 180 }, pageCaps: { ...REALISTIC.pageCaps }, strictApi: 'off', clockSkew: -600, seed: 77 } });
	trackSecrets(cr);

	it(`trigger storm: ${CYCLES} cycles, restarts, faults, token expiry, any registered date: every event exactly once`, async () => {
		const activity = new Activity(cr.sim, {
			seed: 20_261_201, groups: ['Newsletter', 'Customers', 'Events'], initialReceivers: 40, mix: MIX,
			backdate: 60, wildRegistered: true, bigBurst: 700,
		});
		const list = stormTriggers(activity.groups, true);
		const result = await runStorm(cr, activity, list, { ...BASE, scheduler: 'durableCursors', overlap: 0 });
		check(cr, 'permissive search, durable cursors', result, list);
	}, 900_000);
});
