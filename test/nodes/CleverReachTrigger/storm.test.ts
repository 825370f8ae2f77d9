/**
 * Seeded randomized test of the CleverReach Trigger: a few hundred poll cycles with random subscribes (some
 * pending double opt-in, some with a timestamp a little in the past), confirmations, unsubscribes, deletions,
 * re-subscribes, bounces, updates and finished mailings, while the simulator injects 429/5xx/connection resets
 * and timeouts into the polls. For every trigger, the emitted events must equal the true event set exactly.
 *
 * The true set of a trigger = every event visible in CleverReach when one of its polls succeeded, minus what
 * already existed when it was activated. (An event that appears and disappears between two successful polls,
 * e.g. an unsubscribe followed by a deletion, is invisible to any poller and not part of the truth.)
 */
import type { IDataObject } from 'n8n-workflow';
import { expect, it } from 'vitest';
import { PollRunner } from '../../harness/poll';
import { useSimulator } from '../../harness/simulator';
import { mulberry32 } from '../../simulator/index.ts';
import type { Row } from '../../simulator/index.ts';

const SEED = 20_260_611;
const CYCLES = 250;

const cr = useSimulator();

interface Watcher {
	name: string;
	runner: PollRunner;
	/** The keys of the events visible now (from the simulator's state). */
	visible(): Set<string>;
	/** The key of an emitted item, built like the node builds it. */
	keyOf(item: IDataObject): string;
	atActivation: Set<string>;
	truth: Set<string>;
	emitted: Map<string, number>;
	polls: number;
	failures: number;
}

it('storm: random activity and faults, every event exactly once', async () => {
	const random = mulberry32(SEED);
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const model = cr.sim.model;
	const groups = ['Newsletter', 'Customers', 'Events'].map((name) => model.createGroup({ name }).id);
	let serial = 0;
	const newEmail = () => `user${serial++}@example.com`;
	for (let i = 0; i < 30; i++) model.addReceiver(pick(groups), { email: newEmail() });

	const rows = (): Row[] => [...model._allRows()];
	const receiverKeys = (field: 'registered' | 'activated' | 'deactivated' | 'last_changed', test: (r: Row) => boolean) => () =>
		new Set(rows().filter((r) => r[field] > 0 && test(r)).map((r) => `${r.groupId}:${r.id}:${r[field]}`));
	const itemKey = (field: string) => (item: IDataObject) => `${item.group_id}:${item.id}:${item[field]}`;
	const watched = [groups[0], groups[2]];

	const watcher = (name: string, parameters: IDataObject, visible: () => Set<string>, keyOf: (i: IDataObject) => string): Watcher => ({
		name, runner: new PollRunner({ watch: 'all', ...parameters }, cr.credentials), visible, keyOf,
		atActivation: new Set(), truth: new Set(), emitted: new Map(), polls: 0, failures: 0,
	});
	const watchers: Watcher[] = [
		watcher('new receiver', { event: 'newReceiver' }, receiverKeys('registered', () => true), itemKey('registered')),
		watcher(
			'new active receiver (2 groups)',
			{ event: 'newReceiver', onlyActive: true, watch: 'selected', groupIds: watched },
			receiverKeys('activated', (r) => r.deactivated === 0 && watched.includes(r.groupId)),
			itemKey('activated'),
		),
		watcher('unsubscribed', { event: 'receiverUnsubscribed' }, receiverKeys('deactivated', () => true), itemKey('deactivated')),
		watcher('updated', { event: 'receiverUpdated' }, receiverKeys('last_changed', () => true), itemKey('last_changed')),
		watcher(
			'mailing finished',
			{ event: 'mailingFinished', includeReport: true },
			() => new Set((model.listMailings({ state: 'finished' }).finished as IDataObject[]).map((m) => `${m.id}:${m.finished}`)),
			(m) => `${m.id}:${m.finished}`,
		),
	];

	// Activation of every trigger, then a quiet two minutes (so "a little in the past" is after activation).
	for (const w of watchers) {
		w.atActivation = w.visible();
		await w.runner.pollOk();
	}
	cr.sim.clock.advance(120);

	const mutations: Array<() => void> = [
		() => model.addReceiver(pick(groups), { email: newEmail() }),
		() => model.addReceiver(pick(groups), { email: newEmail(), activated: 0 }), // pending double opt-in
		() => model.addReceiver(pick(groups), { email: newEmail(), registered: cr.sim.clock.now() - Math.floor(random() * 50) }),
		() => {
			const pending = rows().filter((r) => !r.activated);
			if (!pending.length) return;
			const r = pick(pending);
			model.activate(r.groupId, r.email); // double opt-in confirmed
		},
		() => {
			const active = rows().filter((r) => r.activated && !r.deactivated);
			if (!active.length) return;
			const r = pick(active);
			if (random() < 0.5) model.unsubscribe(r.groupId, r.email);
			else model.deactivate(r.groupId, r.email);
		},
		() => {
			const all = rows();
			if (!all.length) return;
			const r = pick(all);
			model.deleteReceiver(r.groupId, r.email);
		},
		() => {
			const gone = rows().filter((r) => r.deactivated);
			if (gone.length) {
				const r = pick(gone);
				model.activate(r.groupId, r.email); // re-subscribe
			}
		},
		() => {
			const all = rows();
			if (all.length) model.bounce(pick(all).email);
		},
		() => {
			const all = rows();
			if (all.length) {
				const r = pick(all);
				model.updateReceiver(r.groupId, r.email, { source: `s${serial++}` });
			}
		},
		() => {
			const id = String(
				model.createMailing({
					name: `Mailing ${serial++}`, subject: 'Hi', sender_name: 'Shop', sender_email: 'news@example.com',
					content: { type: 'html', html: '<p>Hi</p>' }, receivers: { groups: [pick(groups)] },
				}).id,
			);
			if (random() < 0.5) model.finishMailing(id);
			else model.releaseMailing(id); // finishes a minute later
		},
	];

	cr.sim.faults.random({ seed: SEED, rate: 0.2, kinds: [429, 500, 502, 503, 504, 'reset', 'timeout'], delayMs: 1, retryAfter: 0 });
	const poll = async (w: Watcher) => {
		const visible = w.visible();
		const result = await w.runner.poll();
		w.polls++;
		if (result.error) {
			w.failures++;
			expect(result.error.message).toMatch(/^CleverReach (is unavailable|rate limit reached|request failed)|^Could not reach CleverReach/);
			return;
		}
		for (const key of visible) if (!w.atActivation.has(key)) w.truth.add(key);
		for (const item of result.items ?? []) {
			const key = w.keyOf(item.json);
			w.emitted.set(key, (w.emitted.get(key) ?? 0) + 1);
		}
	};

	for (let cycle = 0; cycle < CYCLES; cycle++) {
		const roll = random();
		cr.sim.clock.advance(roll < 0.3 ? 0 : Math.floor(random() * 40));
		for (let k = Math.floor(random() * 4); k > 0; k--) pick(mutations)();
		await poll(watchers[cycle % watchers.length]);
	}
	// Settle: no more faults, one more minute, and every trigger polls once more.
	cr.sim.faults.clear();
	cr.sim.clock.advance(120);
	for (const w of watchers) await poll(w);

	let events = 0;
	let lost = 0;
	let duplicated = 0;
	let extra = 0;
	for (const w of watchers) {
		const missing = [...w.truth].filter((k) => !w.emitted.has(k));
		const twice = [...w.emitted].filter(([, n]) => n > 1).map(([k]) => k);
		const unexpected = [...w.emitted.keys()].filter((k) => !w.truth.has(k));
		expect({ trigger: w.name, missing, twice, unexpected }).toEqual({ trigger: w.name, missing: [], twice: [], unexpected: [] });
		expect(w.truth.size).toBeGreaterThan(5);
		expect(w.failures).toBeGreaterThan(0);
		events += w.truth.size;
		lost += missing.length;
		duplicated += twice.length;
		extra += unexpected.length;
		expect(w.runner.staticDataSize).toBeLessThan(2048);
	}
	const faults = cr.sim.log.filter((e) => e.fault).length;
	console.log(
		`trigger storm: cycles=${CYCLES} events=${events} lost=${lost} duplicated=${duplicated} unexpected=${extra} ` +
			`failedPolls=${watchers.reduce((n, w) => n + w.failures, 0)} injectedFaults=${faults} seed=${SEED}`,
	);
	expect(faults).toBeGreaterThan(20);
});
