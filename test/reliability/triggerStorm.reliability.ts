/**
 * Trigger fault storm: 1,000 poll cycles (one cycle = one scheduler tick in which every active trigger polls, as
 * n8n does with triggers polling every minute) of eight CleverReach Triggers sharing one credential — every event
 * type, all groups and selected groups — while the account changes at random (subscribes, pending double opt-in
 * and confirmations, unsubscribes, API deactivations, deletions, re-subscribes of the same email into the same
 * group, bounces, updates, finished mailings) and the simulator injects 429 (with Retry-After), 500/502/503/504,
 * connection resets and timeouts into every endpoint (the token endpoint included) and expires the access token.
 *
 * Ground truth, independent of the API path: the events visible in the simulator's own state whenever one of a
 * trigger's polls succeeded, minus what existed when it was activated. (An event that appears and disappears
 * between two successful polls — e.g. an unsubscribe followed by a re-subscribe, or a new receiver deleted
 * before the next successful poll — is invisible to any poller and not part of the truth.)
 * Emitted = the keys of the items the triggers emitted. lost = truth − emitted, duplicated = keys emitted twice,
 * unexpected = emitted − truth; all must be 0.
 */
import type { IDataObject } from 'n8n-workflow';
import { expect, it } from 'vitest';
import type { Watcher } from '../harness/activity';
import { activate, checkWatchers, pollAndRecord, randomActivity, watcher } from '../harness/activity';
import { sleeps } from '../harness/sleeps';
import { useSimulator } from '../harness/simulator';
import type { Row } from '../simulator/index.ts';
import { mulberry32 } from '../simulator/index.ts';
import { recordPoll, trackSecrets } from './secrets';

const SEED = 8_2026;
const CYCLES = 1000;

const cr = useSimulator();
trackSecrets(cr);

it(`trigger storm: ${CYCLES} cycles, every event type, faults and token expiry: every event exactly once`, async () => {
	const random = mulberry32(SEED);
	const clock = cr.sim.clock;
	const activity = randomActivity(cr.sim, {
		random,
		groupNames: ['Newsletter', 'Customers', 'Events', 'Partners'],
		initialReceivers: 40,
		mix: {
			subscribe: 4,
			pending: 2,
			// Imported with a registration time a little in the past (inside the trigger's late window).
			backdated: 1,
			confirm: 2,
			unsubscribe: 3,
			delete: 2,
			// Re-subscribe of the same email: an unsubscribed receiver comes back (same row, new activation) ...
			resubscribe: 2,
			// ... or a deleted one signs up again into the same group (new row, same email).
			signUpAgain: 2,
			bounce: 1,
			update: 3,
			mailing: 1,
		},
		unsubscribeShare: 0.6,
		tagOnUpdate: true,
		mailingHtml: '<p>Hi <a href="https://example.com">x</a></p>',
	});
	const { groups, receiverKeys, itemKey, finished, mailingKey } = activity;
	const selected = [groups[1], groups[3]];
	const inSelected = (r: Row) => selected.includes(r.groupId);

	const trigger = (name: string, parameters: IDataObject, visible: Watcher['visible'], keyOf: Watcher['keyOf']) =>
		watcher(cr.credentials, name, parameters, visible, keyOf);
	const some = { watch: 'selected', groupIds: selected };
	const watchers: Watcher[] = [
		trigger('new receiver', { event: 'newReceiver' }, receiverKeys('registered'), itemKey('registered')),
		trigger(
			'new active receiver, selected groups',
			{ event: 'newReceiver', onlyActive: true, ...some },
			receiverKeys('activated', (r) => r.deactivated === 0 && inSelected(r)),
			itemKey('activated'),
		),
		trigger('unsubscribed', { event: 'receiverUnsubscribed' }, receiverKeys('deactivated'), itemKey('deactivated')),
		trigger(
			'unsubscribed, selected groups',
			{ event: 'receiverUnsubscribed', ...some },
			receiverKeys('deactivated', inSelected),
			itemKey('deactivated'),
		),
		trigger('bounced', { event: 'receiverBounced' }, receiverKeys('bounced'), itemKey('bounced')),
		trigger('updated', { event: 'receiverUpdated', includeDetails: true }, receiverKeys('last_changed'), itemKey('last_changed')),
		trigger('mailing finished', { event: 'mailingFinished', includeReport: true }, finished(), mailingKey),
		trigger(
			'mailing finished, selected groups',
			{ event: 'mailingFinished', includeReport: false, ...some },
			finished(selected),
			mailingKey,
		),
	];

	// Activation of every trigger on a quiet account, then two quiet minutes.
	await activate(watchers);
	clock.advance(120);

	cr.sim.faults.random({
		seed: SEED,
		rate: 0.12,
		kinds: [429, 429, 500, 502, 503, 504, 'reset', 'timeout'],
		retryAfter: 1,
		delayMs: 1,
	});
	const poll = (w: Watcher) =>
		pollAndRecord(w, (_, result) => {
			recordPoll(`trigger storm: ${w.name}`, result);
			expect(result.error?.message).toMatch(
				/^CleverReach is unavailable \(HTTP 5\d\d\)|^CleverReach rate limit reached|^Could not reach CleverReach \(the (connection was reset|request timed out)\)/,
			);
		});

	let expiries = 0;
	for (let cycle = 0; cycle < CYCLES; cycle++) {
		clock.advance(random() < 0.2 ? Math.floor(random() * 5) : 20 + Math.floor(random() * 60));
		for (let k = Math.floor(random() * 5); k > 0; k--) activity.mutate();
		if (random() < 0.03) {
			cr.sim.oauth.expireAccessTokens(); // the next request gets 401; n8n refreshes and retries
			expiries++;
		}
		for (const w of watchers) await poll(w);
	}
	// Settle: no more faults, two more minutes, every trigger polls once more.
	cr.sim.faults.clear();
	clock.advance(120);
	for (const w of watchers) await poll(w);

	const { events, lost, duplicated, unexpected } = checkWatchers(watchers, 10);
	const summary = watchers.map((w) => `${w.name}=${w.truth.size}`);
	// The storm really was one: every fault kind, token refreshes, Retry-After honoured.
	const log = cr.sim.log;
	const refreshes = log.filter((e) => e.path === '/oauth/token.php');
	expect(new Set(log.filter((e) => e.fault === 'http').map((e) => e.status))).toEqual(new Set([429, 500, 502, 503, 504]));
	expect(log.some((e) => e.fault === 'reset')).toBe(true);
	expect(log.some((e) => e.fault === 'timeout')).toBe(true);
	expect(log.filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(expiries);
	expect(refreshes.filter((e) => e.status === 200).length).toBeGreaterThanOrEqual(expiries);
	expect(cr.credentials.updates.length).toBe(refreshes.filter((e) => e.status === 200).length);
	expect(sleeps.filter((ms) => ms === 1000).length).toBeGreaterThan(0);
	expect(lost + duplicated + unexpected).toBe(0);
	const failedPolls = watchers.reduce((n, w) => n + w.failures, 0);
	console.log(
		`trigger storm details: seed=${SEED} triggers=${watchers.length} polls=${(CYCLES + 1) * watchers.length} ` +
			`failedPolls=${failedPolls} injectedFaults=${log.filter((e) => e.fault).length} tokenExpiries=${expiries} ` +
			`refreshes=${refreshes.length} unexpected=${unexpected} ${summary.join(' ')}`,
	);
	console.log(`trigger storm: cycles=${CYCLES} events=${events} lost=${lost} duplicated=${duplicated}`);
});
