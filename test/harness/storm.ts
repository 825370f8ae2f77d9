/**
 * Trigger storms: seeded random activity in a simulated CleverReach account while triggers poll it the way n8n
 * does (test/harness/poll.ts), judged against the simulator's own event log (test/harness/truth.ts).
 *
 * The activity is what real accounts see: sign-ups (some pending double opt-in), confirmations, unsubscribes by
 * link and API deactivations with client-written (back-dated) times, deletions, re-subscribes, sign-ups again after
 * a deletion, bounces, updates (sometimes two in the same second), imports with old or future `registered` dates
 * or milliseconds by mistake, bursts of 60–600 receivers in one second, finished mailings. How far back clients
 * date their writes is an option: the trigger's documented guarantee covers back-dating inside its look-back, and
 * (where CleverReach searches by `last_changed`) any `registered` date.
 * All randomness comes from one seed, so a storm can be replayed.
 */
import type { IDataObject } from 'n8n-workflow';
import type { Row, Simulator } from '../simulator/index.ts';
import { mulberry32 } from '../simulator/index.ts';
import type { PollRunner, Scheduler } from './poll';
import type { SimulatorFixture } from './simulator';
import type { JudgeOptions, TruthKind, Verdict } from './truth';
import { judge } from './truth';

export interface Mix {
	subscribe: number;
	pending: number;
	confirm: number;
	unsubscribe: number;
	deactivate: number;
	delete: number;
	resubscribe: number;
	signUpAgain: number;
	bounce: number;
	update: number;
	import: number;
	burst: number;
	mailing: number;
}

export interface ActivityOptions {
	seed: number;
	groups: string[];
	initialReceivers: number;
	mix: Mix;
	/** Seconds into the past (at most) a client dates `registered` of an import and `deactivated` of a deactivation. */
	backdate: number;
	/** Whether imports may carry `registered` dates of years ago, in the future, or in milliseconds. */
	wildRegistered: boolean;
	/** The size of a big burst (more than the trigger's page size); small bursts are 60–120. */
	bigBurst: number;
}

export class Activity {
	readonly random: () => number;
	readonly groups: string[];
	private serial = 0;
	private readonly deleted: Array<{ groupId: string; email: string }> = [];
	private readonly weighted: Array<() => void>;

	constructor(
		readonly sim: Simulator,
		readonly options: ActivityOptions,
	) {
		this.random = mulberry32(options.seed);
		const m = sim.model;
		this.groups = options.groups.map((name) => m.createGroup({ name }).id);
		m.createAttribute({ name: 'city', type: 'text' });
		for (let i = 0; i < options.initialReceivers; i++) m.addReceiver(this.pick(this.groups), { email: this.email() });
		const changes: Record<keyof Mix, () => void> = {
			subscribe: () => m.addReceiver(this.pick(this.groups), { email: this.email() }),
			pending: () => m.addReceiver(this.pick(this.groups), { email: this.email(), activated: 0 }),
			confirm: () => this.onRow((r) => !r.activated, (r) => m.activate(r.groupId, r.email)),
			unsubscribe: () => this.onRow((r) => r.activated > 0 && !r.deactivated, (r) => m.unsubscribe(r.groupId, r.email)),
			deactivate: () =>
				this.onRow(
					(r) => r.activated > 0 && !r.deactivated,
					(r) => m.updateReceiver(r.groupId, r.email, { deactivated: this.now() - Math.floor(this.random() * (options.backdate + 1)) }),
				),
			delete: () =>
				this.onRow(
					() => true,
					(r) => {
						m.deleteReceiver(r.groupId, r.email);
						this.deleted.push({ groupId: r.groupId, email: r.email });
					},
				),
			resubscribe: () => this.onRow((r) => r.deactivated > 0, (r) => m.activate(r.groupId, r.email)),
			signUpAgain: () => {
				const back = this.deleted.splice(Math.floor(this.random() * this.deleted.length), 1)[0];
				if (back && !m._rowsOf(back.groupId).has(back.email.toLowerCase())) m.addReceiver(back.groupId, { email: back.email });
			},
			bounce: () => this.onRow(() => true, (r) => m.bounce(r.email, r.groupId)),
			update: () =>
				this.onRow(
					() => true,
					(r) => {
						m.updateReceiver(r.groupId, r.email, { source: `s${this.serial++}` });
						// Sometimes a second change of the same receiver in the same second.
						if (this.random() < 0.3) m.updateReceiver(r.groupId, r.email, { global_attributes: { city: `c${this.serial++}` } });
					},
				),
			import: () => m.upsertReceiver(this.pick(this.groups), { email: this.email(), registered: this.registered() }),
			burst: () => {
				const size = this.random() < 0.2 ? options.bigBurst : 60 + Math.floor(this.random() * 61);
				const group = this.pick(this.groups);
				for (let i = 0; i < size; i++) m.addReceiver(group, { email: this.email() });
			},
			mailing: () => {
				const id = String(
					(
						m.createMailing({
							name: `Mailing ${this.serial++}`,
							subject: 'Hi',
							sender_name: 'Shop',
							sender_email: 'news@example.com',
							content: { type: 'html', html: '<p>Hi <a href="https://example.com">x</a></p>' },
							receivers: { groups: [this.pick(this.groups)] },
						}) as IDataObject
					).id,
				);
				if (this.random() < 0.5) m.finishMailing(id);
				else m.releaseMailing(id); // finishes a minute later
			},
		};
		this.weighted = (Object.keys(changes) as Array<keyof Mix>).flatMap((k) => Array.from({ length: options.mix[k] }, () => changes[k]));
	}

	pick<T>(list: T[]): T {
		return list[Math.floor(this.random() * list.length)];
	}

	now(): number {
		return this.sim.clock.now();
	}

	/** One random change. */
	mutate(): void {
		this.pick(this.weighted)();
	}

	private email(): string {
		return `user${this.serial++}@example.com`;
	}

	private registered(): number {
		const roll = this.random();
		if (!this.options.wildRegistered || roll < 0.5) return this.now() - Math.floor(this.random() * (this.options.backdate + 1));
		if (roll < 0.8) return this.now() - Math.floor(this.random() * 3 * 365 * 86_400); // the customer's sign-up in the shop
		if (roll < 0.95) return this.now() + 3600 + Math.floor(this.random() * 3600); // a future date
		return this.now() * 1000; // milliseconds by mistake
	}

	private onRow(test: (r: Row) => boolean, act: (r: Row) => void) {
		const rows = [...this.sim.model._allRows()].filter(test);
		if (rows.length) act(this.pick(rows));
	}
}

export interface StormTrigger {
	name: string;
	kind: TruthKind;
	parameters: IDataObject;
	/** Watched groups (undefined: all). */
	groups?: string[];
	runner?: PollRunner;
	activatedAt?: number;
}

export interface StormOptions {
	cycles: number;
	scheduler: Scheduler;
	/** Probability per trigger and cycle of a tick that starts while the previous poll still runs (memory scheduler). */
	overlap: number;
	/** Probability per trigger and cycle of an n8n restart before its tick. */
	restart: number;
	/** Random faults: share of requests failing. */
	faultRate: number;
	/** The trigger's look-back (seconds) and how long a state must last to be required. */
	lookBack: number;
	settle: number;
	maxEvents: number;
	/** Probability per cycle that every access token expires (the next request gets 401; n8n refreshes). */
	tokenExpiry?: number;
}

export interface StormResult {
	/** Ticks that started while the same trigger's previous poll was still running. */
	overlaps: number;
	/** How often every access token expired during the storm. */
	expiries: number;
	verdicts: Array<{ name: string; verdict: Verdict; stateBytes: number; reported: number; polls: number; strategy: string }>;
	lost: number;
	duplicated: number;
	unexpected: number;
	events: number;
}

const setImmediatePromise = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a storm: activates the triggers, drives the activity and the ticks, settles, and judges every trigger. */
export async function runStorm(cr: SimulatorFixture, activity: Activity, triggers: StormTrigger[], options: StormOptions): Promise<StormResult> {
	const { sim } = cr;
	const random = activity.random;
	const options_ = { lookBackMinutes: options.lookBack / 60, maxEvents: options.maxEvents };
	for (const t of triggers) {
		t.runner = cr.trigger({ watch: t.groups ? 'selected' : 'all', ...(t.groups ? { groupIds: t.groups } : {}), ...t.parameters, options: options_ }, { scheduler: options.scheduler });
		t.activatedAt = sim.clock.now();
		const activated = await t.runner.activate();
		if (activated.error) throw activated.error;
	}
	sim.clock.advance(30);
	sim.faults.random({ seed: activity.options.seed, rate: options.faultRate, kinds: [429, 500, 502, 503, 504, 'reset', 'timeout'], retryAfter: 1, delayMs: 1 });
	let polls = 0;
	let overlaps = 0;
	let expiries = 0;
	for (let cycle = 0; cycle < options.cycles; cycle++) {
		sim.clock.advance(random() < 0.2 ? Math.floor(random() * 5) : 20 + Math.floor(random() * 60));
		for (let k = Math.floor(random() * 4); k > 0; k--) activity.mutate();
		if (options.tokenExpiry && random() < options.tokenExpiry) {
			sim.oauth.expireAccessTokens();
			expiries++;
		}
		for (const t of triggers) {
			const runner = t.runner!;
			if (random() < options.restart) await runner.restart();
			if (options.scheduler === 'memory' && random() < options.overlap) {
				// The next request of this poll is slow: n8n's next tick starts while it still runs.
				sim.faults.rules.unshift({ kind: 'delay', delayMs: 20, times: 1, seen: 0, hits: 0 });
				const first = runner.tick();
				await setImmediatePromise();
				if (!runner.running) throw new Error(`${t.name}: the first poll was not running when the overlapping tick started`);
				const before = JSON.stringify(runner.nodeStaticData);
				const second = await runner.tick();
				if (second.items?.length || second.error) throw new Error(`${t.name}: a tick that overlapped a running poll did something`);
				if (JSON.stringify(runner.nodeStaticData) !== before) throw new Error(`${t.name}: a tick that overlapped a running poll changed the state`);
				await first;
				overlaps++;
			} else {
				await runner.tick();
			}
			polls++;
		}
	}
	// Settle: no more faults; wait out the look-back and the search lag; every trigger polls until it is quiet.
	sim.faults.clear();
	let quiet = 0;
	for (let round = 0; round < 100 && quiet < 3; round++) {
		sim.clock.advance(options.lookBack / 2 + 60);
		let emitted = 0;
		for (const t of triggers) emitted += (await t.runner!.tick()).items?.length ?? 0;
		quiet = emitted ? 0 : quiet + 1;
	}
	const endAt = sim.clock.now();
	const verdicts = triggers.map((t) => {
		const runner = t.runner!;
		const judgeOptions: JudgeOptions = { kind: t.kind, activatedAt: t.activatedAt!, endAt, settle: options.settle, groups: t.groups };
		const verdict = judge(sim, runner.executions.flat().map((i) => i.json), judgeOptions);
		const state = Object.values(runner.nodeStaticData).find((v) => v && typeof v === 'object') as IDataObject | undefined;
		return {
			name: t.name,
			verdict,
			stateBytes: runner.staticDataSize,
			reported: runner.reportedErrors.length,
			polls: polls / triggers.length,
			strategy: String(state?.strategy ?? ''),
		};
	});
	const sum = (f: (v: Verdict) => number) => verdicts.reduce((n, v) => n + f(v.verdict), 0);
	return {
		overlaps,
		expiries,
		verdicts,
		lost: sum((v) => v.lost.length),
		duplicated: sum((v) => v.duplicated.length),
		unexpected: sum((v) => v.unexpected.length),
		events: sum((v) => v.required),
	};
}

/** The triggers of a storm: every event type, all groups and two selected groups (Receiver Updated optional). */
export function stormTriggers(groups: string[], withUpdated: boolean): StormTrigger[] {
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

/** One line per storm for the logs: totals, then per trigger required/emitted [strategy, state size, reported]. */
export function stormSummary(label: string, cycles: number, result: StormResult): string {
	return (
		`trigger storm (${label}): cycles=${cycles} events=${result.events} lost=${result.lost} duplicated=${result.duplicated} unexpected=${result.unexpected} ` +
		result.verdicts.map((v) => `${v.name}=${v.verdict.required}/${v.verdict.emitted}[${v.strategy},${v.stateBytes}B,reported=${v.reported}]`).join(' ')
	);
}

/** What went wrong per trigger (first few of each), empty when the storm was exact. */
export function stormProblems(result: StormResult) {
	return result.verdicts
		.map((v) => ({
			trigger: v.name,
			lost: v.verdict.lost.slice(0, 3),
			duplicated: v.verdict.duplicated.slice(0, 3).map((i) => String(i.id)),
			unexpected: v.verdict.unexpected.slice(0, 3).map((i) => String(i.id)),
		}))
		.filter((p) => p.lost.length || p.duplicated.length || p.unexpected.length);
}
