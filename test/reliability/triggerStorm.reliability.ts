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
import { Activity, runStorm } from '../harness/storm';
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

function triggers(groups: string[], withUpdated: boolean): StormTrigger[] {
	const some = [groups[1], groups[3] ?? groups[2]];
	const list: StormTrigger[] = [
		{ name: 'new receiver', kind: 'newReceiver', parameters: { event: 'newReceiver' } },
		{ name: 'new active receiver, selected groups', kind: 'becameActive', parameters: { event: 'newReceiver', onlyActive: true }, groups: some },
		{ name: 'unsubscribed', kind: 'unsubscribed', parameters: { event: 'receiverUnsubscribed' } },
		{ name: 'unsubscribed, selected groups', kind: 'unsubscribed', parameters: { event: 'receiverUnsubscribed' }, groups: some },
		{ name: 'bounced', kind: 'bounced', parameters: { event: 'receiverBounced' } },
		{ name: 'mailing finished', kind: 'mailingFinished', parameters: { event: 'mailingFinished', includeReport: true } },
		{ name: 'mailing finished, selected groups', kind: 'mailingFinished', parameters: { event: 'mailingFinished', includeReport: false }, groups: some },
	];
	if (withUpdated) list.push({ name: 'updated', kind: 'updated', parameters: { event: 'receiverUpdated', includeDetails: true } });
	return list;
}

function check(cr: ReturnType<typeof useSimulator>, label: string, result: StormResult, list: StormTrigger[]) {
	for (const t of list) for (const error of t.runner?.reportedErrors ?? []) recordError(`trigger storm: ${t.name}`, error);
	const log = cr.sim.log;
	const refreshes = log.filter((e) => e.path === '/oauth/token.php');
	console.log(
		`trigger storm details (${label}): triggers=${list.length} overlaps=${result.overlaps} tokenExpiries=${result.expiries} ` +
			`refreshes=${refreshes.length} injectedFaults=${log.filter((e) => e.fault).length} requests=${log.length} ` +
			result.verdicts.map((v) => `${v.name}=${v.verdict.required}[${v.strategy},${v.stateBytes}B,reported=${v.reported}]`).join(' '),
	);
	console.log(`trigger storm (${label}): cycles=${CYCLES} events=${result.events} lost=${result.lost} duplicated=${result.duplicated} unexpected=${result.unexpected}`);
	for (const v of result.verdicts) {
		expect({ trigger: v.name, lost: v.verdict.lost.slice(0, 3), duplicated: v.verdict.duplicated.length, unexpected: v.verdict.unexpected.length }).toEqual({
			trigger: v.name, lost: [], duplicated: 0, unexpected: 0,
		});
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
		const list = triggers(activity.groups, false);
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
		const list = triggers(activity.groups, true);
		const result = await runStorm(cr, activity, list, { ...BASE, scheduler: 'durableCursors', overlap: 0 });
		check(cr, 'permissive search, durable cursors', result, list);
	}, 900_000);
});
