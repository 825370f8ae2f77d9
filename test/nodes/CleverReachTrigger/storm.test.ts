/**
 * Trigger storms on the realistic test bed (every realism profile on: strict API, search lag up to 180 s, unstable
 * ties, client-written timestamps, clock skew, random list order, page caps, rows without details), under n8n's
 * schedulers with overlapping ticks, restarts and faults; ground truth from the simulator's event log
 * (test/harness/truth.ts). Every trigger must emit every required event exactly once and nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { StormOptions, StormTrigger } from '../../harness/storm';
import { Activity, runStorm } from '../../harness/storm';
import { useSimulator } from '../../harness/simulator';

const MIX = {
	subscribe: 4, pending: 2, confirm: 2, unsubscribe: 3, deactivate: 2, delete: 2, resubscribe: 2, signUpAgain: 1,
	bounce: 1, update: 3, import: 2, burst: 1, mailing: 1,
};
const LOOK_BACK = 300;
const BASE: Omit<StormOptions, 'scheduler' | 'cycles'> = {
	overlap: 0.05, restart: 0.02, faultRate: 0.1, lookBack: LOOK_BACK, settle: LOOK_BACK + 180 + 320, maxEvents: 150,
};

function triggers(groups: string[], withUpdated: boolean): StormTrigger[] {
	const some = [groups[1], groups[2]];
	return [
		{ name: 'new receiver', kind: 'newReceiver', parameters: { event: 'newReceiver' } },
		{ name: 'new active receiver, selected groups', kind: 'becameActive', parameters: { event: 'newReceiver', onlyActive: true }, groups: some },
		{ name: 'unsubscribed', kind: 'unsubscribed', parameters: { event: 'receiverUnsubscribed' } },
		{ name: 'unsubscribed, selected groups', kind: 'unsubscribed', parameters: { event: 'receiverUnsubscribed' }, groups: some },
		{ name: 'bounced', kind: 'bounced', parameters: { event: 'receiverBounced' } },
		...(withUpdated ? [{ name: 'updated', kind: 'updated', parameters: { event: 'receiverUpdated', includeDetails: true } } as StormTrigger] : []),
		{ name: 'mailing finished', kind: 'mailingFinished', parameters: { event: 'mailingFinished', includeReport: true } },
		{ name: 'mailing finished, selected groups', kind: 'mailingFinished', parameters: { event: 'mailingFinished', includeReport: false }, groups: some },
	];
}

function explain(cr: ReturnType<typeof useSimulator>, result: Awaited<ReturnType<typeof runStorm>>, triggersRun?: StormTrigger[]) {
	for (const t of triggersRun ?? []) if (t.runner?.reportedErrors.length) console.log(`REPORTED ${t.name}: ${t.runner.reportedErrors[0].message} | ${(t.runner.reportedErrors[0] as Error).stack?.split('\n').slice(0, 6).join(' / ')}`);
	for (const v of result.verdicts) {
		for (const e of v.verdict.lost.slice(0, 2)) {
			const log = cr.sim.model.history.changes.filter((c) => c.id === e.id).map((c) => ({ at: c.at, before: c.before && { a: c.before.activated, d: c.before.deactivated, lc: c.before.last_changed, act: c.before.active }, after: c.after && { a: c.after.activated, d: c.after.deactivated, lc: c.after.last_changed, act: c.after.active, r: c.after.registered } }));
			console.log(`LOST ${v.name}: ${JSON.stringify(e)} history=${JSON.stringify(log)}`);
		}
	}
}

function summary(result: Awaited<ReturnType<typeof runStorm>>) {
	return result.verdicts.map((v) => ({
		trigger: v.name,
		lost: v.verdict.lost.slice(0, 3),
		duplicated: v.verdict.duplicated.slice(0, 3).map((i) => `${i.id}`),
		unexpected: v.verdict.unexpected.slice(0, 3).map((i) => `${i.id}`),
	}));
}

describe('realistic preset (strict API)', () => {
	const cr = useSimulator({ realism: 'realistic' });

	it('storm under the default scheduler with overlapping ticks and restarts: every event exactly once', async () => {
		const activity = new Activity(cr.sim, {
			seed: 20_261_201, groups: ['Newsletter', 'Customers', 'Events', 'Partners'], initialReceivers: 40, mix: MIX,
			backdate: 60, wildRegistered: false, bigBurst: 600,
		});
		const result = await runStorm(cr, activity, triggers(activity.groups, false), { ...BASE, scheduler: 'memory', cycles: 250 });
		explain(cr, result);
		console.log(`storm (realistic, memory): events=${result.events} lost=${result.lost} duplicated=${result.duplicated} unexpected=${result.unexpected} ` +
			result.verdicts.map((v) => `${v.name}=${v.verdict.required}/${v.verdict.emitted}[${v.strategy},${v.stateBytes}B,reported=${v.reported}]`).join(' '));
		explain(cr, result);
		expect(summary(result).filter((s) => s.lost.length || s.duplicated.length || s.unexpected.length)).toEqual([]);
		for (const v of result.verdicts) {
			expect(v.verdict.required).toBeGreaterThan(3);
			expect(v.stateBytes).toBeLessThanOrEqual(16 * 1024);
		}
	}, 300_000);
});

describe('realistic preset with a permissive search (last_changed accepted)', () => {
	const cr = useSimulator({ realism: { ...(({}) as object), strictApi: 'off', searchLag: { min: 0, max: 180 }, unstableTies: true, clientTimestamps: true, clockSkew: -300, listOrder: 'random', pageCaps: { filter: 500, bounces: 500 }, searchRowsLackDetails: true, seed: 99 } });

	it('storm under the durable scheduler with durable cursors and restarts, any registered date: every event exactly once', async () => {
		const activity = new Activity(cr.sim, {
			seed: 7_2026, groups: ['Newsletter', 'Customers', 'Events'], initialReceivers: 30, mix: MIX,
			backdate: 60, wildRegistered: true, bigBurst: 700,
		});
		const list = triggers(activity.groups, true);
		const result = await runStorm(cr, activity, list, { ...BASE, scheduler: 'durableCursors', cycles: 250, overlap: 0 });
		explain(cr, result, list);
		console.log(`storm (permissive, durable cursors): events=${result.events} lost=${result.lost} duplicated=${result.duplicated} unexpected=${result.unexpected} ` +
			result.verdicts.map((v) => `${v.name}=${v.verdict.required}/${v.verdict.emitted}[${v.strategy},${v.stateBytes}B,reported=${v.reported}]`).join(' '));
		explain(cr, result);
		expect(summary(result).filter((s) => s.lost.length || s.duplicated.length || s.unexpected.length)).toEqual([]);
		for (const v of result.verdicts) {
			expect(v.verdict.required).toBeGreaterThan(3);
			expect(v.stateBytes).toBeLessThanOrEqual(16 * 1024);
		}
	}, 300_000);
});
