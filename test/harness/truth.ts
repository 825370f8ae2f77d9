/**
 * Ground truth for trigger tests, taken from the simulator's own event log (`sim.model.history`: every receiver
 * change, when it happened by CleverReach's clock, with the state before and after) and its mailings — never from
 * the keys, timestamps or windows the node under test uses.
 *
 * For a trigger activated at `activatedAt` (CleverReach's clock), an event is
 * - allowed: it happened in a watched group at or after the activation;
 * - required: allowed, after the activation second, and the state it produced lasted at least `settle` seconds
 *   (an event undone sooner — a new receiver deleted again, an unsubscribe followed by a re-subscribe — may be
 *   invisible to any poller: emitting it is fine, missing it is not a loss).
 * Emitted items are matched to events by what CleverReach returns about the receiver (its id and the event's own
 * field, e.g. `deactivated`): lost = required events nothing matched; duplicated = items matching an event another
 * item already matched; unexpected = items matching no allowed event at all (e.g. a replayed old unsubscribe).
 */
import type { IDataObject } from 'n8n-workflow';
import type { Change, Simulator } from '../simulator/index.ts';

export type TruthKind = 'newReceiver' | 'becameActive' | 'unsubscribed' | 'bounced' | 'updated' | 'mailingFinished';

export interface TruthEvent {
	kind: TruthKind;
	/** Receiver row id, or mailing id. */
	id: string;
	groupId: string;
	at: number;
	/** When the state this event produced ended (Infinity: still there). */
	until: number;
	/** The value of the event's own field in CleverReach's answer (activated, deactivated, bounced, last_changed, finished). */
	value?: number;
	/**
	 * Emitting it is fine but not required: a receiver created already unsubscribed or bounced (an import, or an
	 * address that bounced in another group). It counts as happening at the time it carries.
	 */
	optional?: boolean;
}

/** The receiver field an emitted item carries for each kind (used to match items to events). */
export const ITEM_FIELD: Record<TruthKind, string | undefined> = {
	newReceiver: undefined,
	becameActive: 'activated',
	unsubscribed: 'deactivated',
	bounced: 'bounced',
	updated: 'last_changed',
	mailingFinished: 'finished',
};

function byRow(changes: Change[]): Map<string, Change[]> {
	const rows = new Map<string, Change[]>();
	for (const c of changes) {
		const list = rows.get(c.id) ?? [];
		list.push(c);
		rows.set(c.id, list);
	}
	return rows;
}

/** Every event of `kind` the account went through (receiver kinds from the event log, mailings from the model). */
export function events(sim: Simulator, kind: TruthKind): TruthEvent[] {
	if (kind === 'mailingFinished') {
		return [...sim.model.mailings.values()]
			.filter((m) => m.finished > 0)
			.map((m) => ({ kind, id: m.id, groupId: m.groups.join(','), at: m.finished, until: Infinity, value: m.finished }));
	}
	const out: TruthEvent[] = [];
	for (const [id, changes] of byRow(sim.model.history.changes)) {
		const end = (from: number, ended: (c: Change) => boolean) => {
			for (let j = from + 1; j < changes.length; j++) if (!changes[j].after || ended(changes[j])) return changes[j].at;
			return Infinity;
		};
		changes.forEach((c, i) => {
			const { before, after } = c;
			if (!after) return;
			const event = (value: number | undefined, ended: (next: Change) => boolean, optional = false): void => {
				const at = optional ? (value ?? c.at) : c.at;
				out.push({ kind, id, groupId: c.groupId, at, until: end(i, ended), value, ...(optional ? { optional } : {}) });
			};
			if (kind === 'newReceiver' && !before) event(undefined, () => false);
			if (kind === 'becameActive' && after.active && (!before || !before.active)) event(after.activated, (n) => !n.after!.active);
			if (kind === 'unsubscribed' && after.deactivated > 0 && (!before || before.deactivated === 0)) {
				event(after.deactivated, (n) => n.after!.deactivated !== after.deactivated, !before);
			}
			if (kind === 'bounced' && after.bounced > 0 && (!before || before.bounced === 0)) event(after.bounced, () => false, !before);
			if (kind === 'updated') event(after.last_changed, () => true);
		});
	}
	return out;
}

export interface Verdict {
	required: number;
	emitted: number;
	lost: TruthEvent[];
	duplicated: IDataObject[];
	unexpected: IDataObject[];
}

export interface JudgeOptions {
	kind: TruthKind;
	activatedAt: number;
	/** The end of the test (CleverReach's clock). */
	endAt: number;
	/** A state that lasted this long must have been emitted. */
	settle: number;
	/** Watched groups (undefined: all). */
	groups?: string[];
	/** Receiver events that are not in scope even though they happened (e.g. created already unsubscribed). */
	exclude?: (event: TruthEvent, change?: Change) => boolean;
}

export function judge(sim: Simulator, emitted: IDataObject[], options: JudgeOptions): Verdict {
	const watched = (e: TruthEvent) =>
		!options.groups || e.groupId.split(',').some((g) => options.groups!.includes(g));
	const all = events(sim, options.kind).filter((e) => watched(e) && !options.exclude?.(e));
	const allowed = all.filter((e) => e.at >= options.activatedAt);
	const required = allowed.filter(
		(e) => !e.optional && e.at > options.activatedAt && Math.min(e.until, options.endAt) - e.at >= options.settle,
	);
	const field = ITEM_FIELD[options.kind];
	const matched = new Set<TruthEvent>();
	const isRequired = new Set(required);
	const duplicated: IDataObject[] = [];
	const unexpected: IDataObject[] = [];
	for (const item of emitted) {
		const candidates = allowed.filter(
			(e) => e.id === String(item.id) && (field === undefined || e.value === undefined || Number(item[field]) === e.value),
		);
		// Several events can carry the same value (two changes in one second): an item shows the state after the
		// last of them, so it is matched to a required one first, then to the latest.
		const free = candidates
			.filter((e) => !matched.has(e))
			.sort((a, b) => Number(isRequired.has(b)) - Number(isRequired.has(a)) || b.at - a.at)[0];
		if (free) matched.add(free);
		else if (candidates.length) duplicated.push(item);
		else unexpected.push(item);
	}
	return {
		required: required.length,
		emitted: emitted.length,
		lost: required.filter((e) => !matched.has(e)),
		duplicated,
		unexpected,
	};
}
