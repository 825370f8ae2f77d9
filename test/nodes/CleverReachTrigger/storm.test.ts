/**
 * Seeded randomized test of the CleverReach Trigger: a few hundred poll cycles with random subscribes (some
 * pending double opt-in, some with a timestamp a little in the past), confirmations, unsubscribes, deletions,
 * re-subscribes, bounces, updates and finished mailings, while the simulator injects 429/5xx/connection resets
 * and timeouts into the polls. For every trigger, the emitted events must equal the true event set exactly.
 *
 * The true set of a trigger = every event visible in CleverReach when one of its polls succeeded, minus what
 * already existed when it was activated. (An event that appears and disappears between two successful polls,
 * e.g. an unsubscribe followed by a deletion, is invisible to any poller and not part of the truth.)
 * Activity and bookkeeping: test/harness/activity.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import { expect, it } from 'vitest';
import type { Watcher } from '../../harness/activity';
import { activate, checkWatchers, pollAndRecord, randomActivity, watcher } from '../../harness/activity';
import { useSimulator } from '../../harness/simulator';
import { mulberry32 } from '../../simulator/index.ts';

const SEED = 20_260_611;
const CYCLES = 250;

const cr = useSimulator();

it('storm: random activity and faults, every event exactly once', async () => {
	const random = mulberry32(SEED);
	const activity = randomActivity(cr.sim, {
		random,
		groupNames: ['Newsletter', 'Customers', 'Events'],
		initialReceivers: 30,
		// Every change equally likely; deleted receivers do not sign up again.
		mix: {
			subscribe: 1, pending: 1, backdated: 1, confirm: 1, unsubscribe: 1, delete: 1,
			resubscribe: 1, signUpAgain: 0, bounce: 1, update: 1, mailing: 1,
		},
		unsubscribeShare: 0.5,
		tagOnUpdate: false,
		mailingHtml: '<p>Hi</p>',
	});
	const { groups, receiverKeys, itemKey } = activity;
	const watched = [groups[0], groups[2]];

	const trigger = (name: string, parameters: IDataObject, visible: Watcher['visible'], keyOf: Watcher['keyOf']) =>
		watcher(cr.credentials, name, parameters, visible, keyOf);
	const watchers: Watcher[] = [
		trigger('new receiver', { event: 'newReceiver' }, receiverKeys('registered'), itemKey('registered')),
		trigger(
			'new active receiver (2 groups)',
			{ event: 'newReceiver', onlyActive: true, watch: 'selected', groupIds: watched },
			receiverKeys('activated', (r) => r.deactivated === 0 && watched.includes(r.groupId)),
			itemKey('activated'),
		),
		trigger('unsubscribed', { event: 'receiverUnsubscribed' }, receiverKeys('deactivated'), itemKey('deactivated')),
		trigger('updated', { event: 'receiverUpdated' }, receiverKeys('last_changed'), itemKey('last_changed')),
		trigger('mailing finished', { event: 'mailingFinished', includeReport: true }, activity.finished(), activity.mailingKey),
	];

	// Activation of every trigger, then a quiet two minutes (so "a little in the past" is after activation).
	await activate(watchers);
	cr.sim.clock.advance(120);

	cr.sim.faults.random({ seed: SEED, rate: 0.2, kinds: [429, 500, 502, 503, 504, 'reset', 'timeout'], delayMs: 1, retryAfter: 0 });
	const poll = (w: Watcher) =>
		pollAndRecord(w, (_, result) =>
			expect(result.error?.message).toMatch(/^CleverReach (is unavailable|rate limit reached|request failed)|^Could not reach CleverReach/),
		);

	for (let cycle = 0; cycle < CYCLES; cycle++) {
		const roll = random();
		cr.sim.clock.advance(roll < 0.3 ? 0 : Math.floor(random() * 40));
		for (let k = Math.floor(random() * 4); k > 0; k--) activity.mutate();
		await poll(watchers[cycle % watchers.length]);
	}
	// Settle: no more faults, one more minute, and every trigger polls once more.
	cr.sim.faults.clear();
	cr.sim.clock.advance(120);
	for (const w of watchers) await poll(w);

	const { events, lost, duplicated, unexpected } = checkWatchers(watchers, 5);
	const faults = cr.sim.log.filter((e) => e.fault).length;
	console.log(
		`trigger storm: cycles=${CYCLES} events=${events} lost=${lost} duplicated=${duplicated} unexpected=${unexpected} ` +
			`failedPolls=${watchers.reduce((n, w) => n + w.failures, 0)} injectedFaults=${faults} seed=${SEED}`,
	);
	expect(faults).toBeGreaterThan(20);
});
