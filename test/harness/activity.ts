/**
 * Shared driver of the trigger storm tests (test/nodes/CleverReachTrigger/storm.test.ts and
 * test/reliability/triggerStorm.reliability.ts): seeded random activity in the simulated CleverReach account, and
 * the ground-truth bookkeeping of the triggers polling it.
 *
 * Activity: `randomActivity(sim, options)` creates the groups and the initial receivers, then each `mutate()` does
 * one random change (subscribe, pending double opt-in, back-dated registration, confirmation, unsubscribe or API
 * deactivation, deletion, re-subscribe, sign-up again after a deletion, bounce, update, finished mailing), chosen
 * with the weights of `options.mix`. All randomness comes from `options.random`, consumed in a fixed order, so a
 * seed reproduces the same storm.
 *
 * Ground truth: the true event set of a trigger = every event visible in the simulator's own state when one of its
 * polls succeeded, minus what already existed when it was activated. (An event that appears and disappears between
 * two successful polls is invisible to any poller and not part of the truth.) `pollAndRecord` keeps that truth and
 * the emitted keys per `Watcher`; `checkWatchers` asserts emitted = truth, every key exactly once.
 */
import type { IDataObject } from 'n8n-workflow';
import { expect } from 'vitest';
import type { Row, Simulator } from '../simulator/index.ts';
import type { CredentialStore } from './n8n';
import type { PollResult } from './poll';
import { PollRunner } from './poll';

export type TimeField = 'registered' | 'activated' | 'deactivated' | 'bounced' | 'last_changed';

/** Relative weights of the random changes (0 = never). */
export interface ActivityMix {
	subscribe: number;
	/** Subscribe pending double opt-in (not activated). */
	pending: number;
	/** Subscribe with a registration time up to 50 s in the past. */
	backdated: number;
	/** Double opt-in confirmed: a pending receiver is activated. */
	confirm: number;
	/** An active receiver unsubscribes or is deactivated through the API (see `unsubscribeShare`). */
	unsubscribe: number;
	delete: number;
	/** An unsubscribed receiver comes back (same row, new activation). */
	resubscribe: number;
	/** A deleted receiver signs up again into the same group (new row, same email). */
	signUpAgain: number;
	bounce: number;
	update: number;
	/** A mailing is created and finished (at once, or released and finished a minute later). */
	mailing: number;
}

export interface ActivityOptions {
	random: () => number;
	groupNames: string[];
	/** Receivers added to random groups before the triggers are activated. */
	initialReceivers: number;
	mix: ActivityMix;
	/** Probability that a deactivation is an unsubscribe (otherwise an API deactivation). */
	unsubscribeShare: number;
	/** Whether an update also sets a tag (besides a new source). */
	tagOnUpdate: boolean;
	/** HTML content of the created mailings. */
	mailingHtml: string;
}

export function randomActivity(sim: Simulator, options: ActivityOptions) {
	const { random, mix } = options;
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const model = sim.model;
	const clock = sim.clock;
	const groups = options.groupNames.map((name) => model.createGroup({ name }).id);
	let serial = 0;
	const newEmail = () => `user${serial++}@example.com`;
	for (let i = 0; i < options.initialReceivers; i++) model.addReceiver(pick(groups), { email: newEmail() });

	const rows = (): Row[] => [...model._allRows()];
	const deleted: Array<{ groupId: string; email: string }> = [];
	// The order of this record is the order of the weighted list, so it is part of what a seed reproduces.
	const changes: Record<keyof ActivityMix, () => void> = {
		subscribe: () => model.addReceiver(pick(groups), { email: newEmail() }),
		pending: () => model.addReceiver(pick(groups), { email: newEmail(), activated: 0 }),
		backdated: () => model.addReceiver(pick(groups), { email: newEmail(), registered: clock.now() - Math.floor(random() * 50) }),
		confirm: () => {
			const pending = rows().filter((r) => !r.activated);
			if (pending.length) {
				const r = pick(pending);
				model.activate(r.groupId, r.email);
			}
		},
		unsubscribe: () => {
			const active = rows().filter((r) => r.activated && !r.deactivated);
			if (!active.length) return;
			const r = pick(active);
			if (random() < options.unsubscribeShare) model.unsubscribe(r.groupId, r.email);
			else model.deactivate(r.groupId, r.email);
		},
		delete: () => {
			const all = rows();
			if (!all.length) return;
			const r = pick(all);
			model.deleteReceiver(r.groupId, r.email);
			deleted.push({ groupId: r.groupId, email: r.email });
		},
		resubscribe: () => {
			const gone = rows().filter((r) => r.deactivated);
			if (gone.length) {
				const r = pick(gone);
				model.activate(r.groupId, r.email);
			}
		},
		signUpAgain: () => {
			const back = deleted.splice(Math.floor(random() * deleted.length), 1)[0];
			if (back) {
				try {
					model.addReceiver(back.groupId, { email: back.email });
				} catch {
					// group deleted meanwhile or email already back: nothing to do
				}
			}
		},
		bounce: () => {
			const all = rows();
			if (all.length) model.bounce(pick(all).email);
		},
		update: () => {
			const all = rows();
			if (!all.length) return;
			const r = pick(all);
			const source = `s${serial++}`;
			model.updateReceiver(r.groupId, r.email, options.tagOnUpdate ? { source, tags: [`t${serial % 7}`] } : { source });
		},
		mailing: () => {
			const id = String(
				model.createMailing({
					name: `Mailing ${serial++}`,
					subject: 'Hi',
					sender_name: 'Shop',
					sender_email: 'news@example.com',
					content: { type: 'html', html: options.mailingHtml },
					receivers: { groups: [pick(groups)] },
				}).id,
			);
			if (random() < 0.5) model.finishMailing(id);
			else model.releaseMailing(id); // finishes a minute later
		},
	};
	const weighted = (Object.keys(changes) as Array<keyof ActivityMix>).flatMap((change) =>
		Array.from({ length: mix[change] }, () => changes[change]),
	);

	return {
		groups,
		pick,
		/** One random change, chosen with the weights of `options.mix`. */
		mutate: () => pick(weighted)(),
		/** Visible receiver events: `group:id:time` of every row with `field` set (and matching `test`). */
		receiverKeys:
			(field: TimeField, test: (r: Row) => boolean = () => true) =>
			() =>
				new Set(rows().filter((r) => r[field] > 0 && test(r)).map((r) => `${r.groupId}:${r.id}:${r[field]}`)),
		/** The key of an emitted receiver item, built like `receiverKeys`. */
		itemKey: (field: TimeField) => (item: IDataObject) => `${item.group_id}:${item.id}:${item[field]}`,
		/** Visible finished mailings (`id:finished`), optionally only those sent to one of the groups `only`. */
		finished: (only?: string[]) => () =>
			new Set(
				(model.listMailings({ state: 'finished' }).finished as IDataObject[])
					.filter((m) => !only || ((m.mailing_groups as IDataObject).group_ids as string[]).some((g) => only.includes(String(g))))
					.map((m) => `${m.id}:${m.finished}`),
			),
		/** The key of an emitted mailing item, built like `finished`. */
		mailingKey: (m: IDataObject) => `${m.id}:${m.finished}`,
	};
}

export interface Watcher {
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

export function watcher(
	credentials: CredentialStore,
	name: string,
	parameters: IDataObject,
	visible: Watcher['visible'],
	keyOf: Watcher['keyOf'],
): Watcher {
	return {
		name,
		runner: new PollRunner({ watch: 'all', ...parameters }, credentials),
		visible,
		keyOf,
		atActivation: new Set(),
		truth: new Set(),
		emitted: new Map(),
		polls: 0,
		failures: 0,
	};
}

/** Activates every trigger: remembers what is visible now (not part of its truth) and does its first poll. */
export async function activate(watchers: Watcher[]): Promise<void> {
	for (const w of watchers) {
		w.atActivation = w.visible();
		await w.runner.pollOk();
	}
}

/**
 * One scheduled poll of `w`. On success, what was visible before it becomes truth and the emitted items are
 * counted; a failed poll is counted and handed to `onError` (which asserts the message the user sees).
 */
export async function pollAndRecord(w: Watcher, onError: (w: Watcher, result: PollResult) => void): Promise<void> {
	const visible = w.visible();
	const result = await w.runner.poll();
	w.polls++;
	if (result.error) {
		w.failures++;
		onError(w, result);
		return;
	}
	for (const key of visible) if (!w.atActivation.has(key)) w.truth.add(key);
	for (const item of result.items ?? []) {
		const key = w.keyOf(item.json);
		w.emitted.set(key, (w.emitted.get(key) ?? 0) + 1);
	}
}

/**
 * Asserts for every trigger: nothing missing, nothing emitted twice, nothing unexpected, more than `minTruth`
 * events, at least one failed poll, static data under 2 KiB. Returns the totals for the summary line.
 */
export function checkWatchers(watchers: Watcher[], minTruth: number) {
	const totals = { events: 0, lost: 0, duplicated: 0, unexpected: 0 };
	for (const w of watchers) {
		const missing = [...w.truth].filter((k) => !w.emitted.has(k));
		const twice = [...w.emitted].filter(([, n]) => n > 1).map(([k]) => k);
		const unexpected = [...w.emitted.keys()].filter((k) => !w.truth.has(k));
		expect({ trigger: w.name, missing, twice, unexpected }).toEqual({ trigger: w.name, missing: [], twice: [], unexpected: [] });
		expect(w.truth.size).toBeGreaterThan(minTruth);
		expect(w.failures).toBeGreaterThan(0);
		expect(w.runner.staticDataSize).toBeLessThan(2048);
		totals.events += w.truth.size;
		totals.lost += missing.length;
		totals.duplicated += twice.length;
		totals.unexpected += unexpected.length;
	}
	return totals;
}
