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
import { PollRunner } from '../harness/poll';
import { sleeps } from '../harness/sleeps';
import { useSimulator } from '../harness/simulator';
import type { Row } from '../simulator/index.ts';
import { mulberry32 } from '../simulator/index.ts';
import { recordPoll, trackSecrets } from './secrets';

const SEED = 8_2026;
const CYCLES = 1000;

const cr = useSimulator();
trackSecrets(cr);

interface Watcher {
	name: string;
	runner: PollRunner;
	visible(): Set<string>;
	keyOf(item: IDataObject): string;
	atActivation: Set<string>;
	truth: Set<string>;
	emitted: Map<string, number>;
	failures: number;
}

type TimeField = 'registered' | 'activated' | 'deactivated' | 'bounced' | 'last_changed';

it(`trigger storm: ${CYCLES} cycles, every event type, faults and token expiry: every event exactly once`, async () => {
	const random = mulberry32(SEED);
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const model = cr.sim.model;
	const clock = cr.sim.clock;
	const groups = ['Newsletter', 'Customers', 'Events', 'Partners'].map((name) => model.createGroup({ name }).id);
	const selected = [groups[1], groups[3]];
	let serial = 0;
	const newEmail = () => `user${serial++}@example.com`;
	for (let i = 0; i < 40; i++) model.addReceiver(pick(groups), { email: newEmail() });

	const rows = (): Row[] => [...model._allRows()];
	const receiverKeys = (field: TimeField, test: (r: Row) => boolean = () => true) => () =>
		new Set(rows().filter((r) => r[field] > 0 && test(r)).map((r) => `${r.groupId}:${r.id}:${r[field]}`));
	const itemKey = (field: TimeField) => (item: IDataObject) => `${item.group_id}:${item.id}:${item[field]}`;
	const finished = (only?: string[]) => () =>
		new Set(
			(model.listMailings({ state: 'finished' }).finished as IDataObject[])
				.filter((m) => !only || ((m.mailing_groups as IDataObject).group_ids as string[]).some((g) => only.includes(String(g))))
				.map((m) => `${m.id}:${m.finished}`),
		);
	const mailingKey = (m: IDataObject) => `${m.id}:${m.finished}`;
	const inSelected = (r: Row) => selected.includes(r.groupId);

	const watcher = (name: string, parameters: IDataObject, visible: () => Set<string>, keyOf: Watcher['keyOf']): Watcher => ({
		name,
		runner: new PollRunner({ watch: 'all', ...parameters }, cr.credentials),
		visible,
		keyOf,
		atActivation: new Set(),
		truth: new Set(),
		emitted: new Map(),
		failures: 0,
	});
	const some = { watch: 'selected', groupIds: selected };
	const watchers: Watcher[] = [
		watcher('new receiver', { event: 'newReceiver' }, receiverKeys('registered'), itemKey('registered')),
		watcher(
			'new active receiver, selected groups',
			{ event: 'newReceiver', onlyActive: true, ...some },
			receiverKeys('activated', (r) => r.deactivated === 0 && inSelected(r)),
			itemKey('activated'),
		),
		watcher('unsubscribed', { event: 'receiverUnsubscribed' }, receiverKeys('deactivated'), itemKey('deactivated')),
		watcher(
			'unsubscribed, selected groups',
			{ event: 'receiverUnsubscribed', ...some },
			receiverKeys('deactivated', inSelected),
			itemKey('deactivated'),
		),
		watcher('bounced', { event: 'receiverBounced' }, receiverKeys('bounced'), itemKey('bounced')),
		watcher('updated', { event: 'receiverUpdated', includeDetails: true }, receiverKeys('last_changed'), itemKey('last_changed')),
		watcher('mailing finished', { event: 'mailingFinished', includeReport: true }, finished(), mailingKey),
		watcher(
			'mailing finished, selected groups',
			{ event: 'mailingFinished', includeReport: false, ...some },
			finished(selected),
			mailingKey,
		),
	];

	// Activation of every trigger on a quiet account, then two quiet minutes.
	for (const w of watchers) {
		w.atActivation = w.visible();
		await w.runner.pollOk();
	}
	clock.advance(120);

	const deleted: Array<{ groupId: string; email: string }> = [];
	const mutations: Array<[number, () => void]> = [
		[4, () => model.addReceiver(pick(groups), { email: newEmail() })],
		[2, () => model.addReceiver(pick(groups), { email: newEmail(), activated: 0 })], // pending double opt-in
		// Imported with a registration time a little in the past (inside the trigger's late window).
		[1, () => model.addReceiver(pick(groups), { email: newEmail(), registered: clock.now() - Math.floor(random() * 50) })],
		[
			2,
			() => {
				const pending = rows().filter((r) => !r.activated);
				if (pending.length) {
					const r = pick(pending);
					model.activate(r.groupId, r.email); // double opt-in confirmed
				}
			},
		],
		[
			3,
			() => {
				const active = rows().filter((r) => r.activated && !r.deactivated);
				if (!active.length) return;
				const r = pick(active);
				if (random() < 0.6) model.unsubscribe(r.groupId, r.email);
				else model.deactivate(r.groupId, r.email);
			},
		],
		[
			2,
			() => {
				const all = rows();
				if (!all.length) return;
				const r = pick(all);
				model.deleteReceiver(r.groupId, r.email);
				deleted.push({ groupId: r.groupId, email: r.email });
			},
		],
		[
			2,
			() => {
				// Re-subscribe of the same email: an unsubscribed receiver comes back (same row, new activation) ...
				const gone = rows().filter((r) => r.deactivated);
				if (gone.length) {
					const r = pick(gone);
					model.activate(r.groupId, r.email);
				}
			},
		],
		[
			2,
			() => {
				// ... or a deleted one signs up again into the same group (new row, same email).
				const back = deleted.splice(Math.floor(random() * deleted.length), 1)[0];
				if (back) {
					try {
						model.addReceiver(back.groupId, { email: back.email });
					} catch {
						// group deleted meanwhile or email already back: nothing to do
					}
				}
			},
		],
		[
			1,
			() => {
				const all = rows();
				if (all.length) model.bounce(pick(all).email);
			},
		],
		[
			3,
			() => {
				const all = rows();
				if (!all.length) return;
				const r = pick(all);
				model.updateReceiver(r.groupId, r.email, { source: `s${serial++}`, tags: [`t${serial % 7}`] });
			},
		],
		[
			1,
			() => {
				const id = String(
					model.createMailing({
						name: `Mailing ${serial++}`,
						subject: 'Hi',
						sender_name: 'Shop',
						sender_email: 'news@example.com',
						content: { type: 'html', html: '<p>Hi <a href="https://example.com">x</a></p>' },
						receivers: { groups: [pick(groups)] },
					}).id,
				);
				if (random() < 0.5) model.finishMailing(id);
				else model.releaseMailing(id); // finishes a minute later
			},
		],
	];
	const weighted = mutations.flatMap(([weight, fn]) => Array.from({ length: weight }, () => fn));

	cr.sim.faults.random({
		seed: SEED,
		rate: 0.12,
		kinds: [429, 429, 500, 502, 503, 504, 'reset', 'timeout'],
		retryAfter: 1,
		delayMs: 1,
	});
	const poll = async (w: Watcher) => {
		const visible = w.visible();
		const result = await w.runner.poll();
		if (result.error) {
			w.failures++;
			recordPoll(`trigger storm: ${w.name}`, result);
			expect(result.error.message).toMatch(
				/^CleverReach is unavailable \(HTTP 5\d\d\)|^CleverReach rate limit reached|^Could not reach CleverReach \(the (connection was reset|request timed out)\)/,
			);
			return;
		}
		for (const key of visible) if (!w.atActivation.has(key)) w.truth.add(key);
		for (const item of result.items ?? []) {
			const key = w.keyOf(item.json);
			w.emitted.set(key, (w.emitted.get(key) ?? 0) + 1);
		}
	};

	let expiries = 0;
	for (let cycle = 0; cycle < CYCLES; cycle++) {
		clock.advance(random() < 0.2 ? Math.floor(random() * 5) : 20 + Math.floor(random() * 60));
		for (let k = Math.floor(random() * 5); k > 0; k--) pick(weighted)();
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

	let events = 0;
	let lost = 0;
	let duplicated = 0;
	let unexpected = 0;
	const summary: string[] = [];
	for (const w of watchers) {
		const missing = [...w.truth].filter((k) => !w.emitted.has(k));
		const twice = [...w.emitted].filter(([, n]) => n > 1).map(([k]) => k);
		const extra = [...w.emitted.keys()].filter((k) => !w.truth.has(k));
		expect({ trigger: w.name, missing, twice, extra }).toEqual({ trigger: w.name, missing: [], twice: [], extra: [] });
		expect(w.truth.size).toBeGreaterThan(10);
		expect(w.failures).toBeGreaterThan(0);
		expect(w.runner.staticDataSize).toBeLessThan(2048);
		events += w.truth.size;
		lost += missing.length;
		duplicated += twice.length;
		unexpected += extra.length;
		summary.push(`${w.name}=${w.truth.size}`);
	}
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
