/**
 * Create or Update, writing: one group's entries in rounds through upsertplus (upsertBatches.ts), then the
 * activation each entry asked for and the double opt-in emails; each item's output says what was done (`outcome`).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { ItemResults } from '../../../shared/items';
import { itemError } from '../../../shared/parameters';
import { cleverReachApiRequest } from '../../../shared/transport';
import { sendDoiMail } from './doubleOptInEmail';
import { ref } from './receiverInput';
import type { Saved, UpsertOutcome, UpsertRow } from './upsertBatches';
import { upsertRows } from './upsertBatches';
import type { Entry } from './upsertEntries';

/** What was done for one item (the output's `outcome`). */
type Outcome =
	| 'created'
	| 'createdInactive'
	| 'updated'
	| 'unchanged'
	| 'activated'
	| 'reactivated'
	| 'leftUnsubscribed'
	| 'leftBounced'
	| 'doubleOptInSent';

/** Whether the answer's row was written by this request (its `last_changed` is not older than the request). */
function changedNow(saved: Saved): boolean {
	return Number(saved.receiver.last_changed ?? 0) >= saved.serverTime - saved.elapsed - 1;
}

/**
 * Whether this request created the receiver, told from CleverReach's answer alone (Active Now and Unchanged send
 * no look-up): a new row is activated (or, when no Registered was given, registered) in the same second it was
 * last changed, and that second is this request's.
 */
function looksCreated(entry: Entry, saved: Saved): boolean {
	const r = saved.receiver;
	const changed = Number(r.last_changed ?? 0);
	if (!changed || !changedNow(saved)) return false;
	if (entry.body.registered === undefined && Number(r.registered ?? 0) !== changed) return false;
	const activated = Number(r.activated ?? 0);
	return activated === 0 ? entry.body.registered === undefined : activated === changed;
}

/**
 * Applies one group's items as if they were sent one after another: the n-th item of an email goes in the n-th
 * round, so every round has each email once and is sent in batches (10,000 distinct emails: 10 requests; each
 * depth of repeats one more round). Upsertplus merges, so tags, orders and increments of all items count and the
 * last value of a field wins; each item's output is the receiver as CleverReach answered it after its own round.
 * Activation: no activation fields are sent (new receivers become active, existing ones keep their status), then
 * receivers that should be active but are only pending are activated with CleverReach's time, unsubscribed ones
 * re-activated only for "reactivate", and double opt-in emails sent once per email after the last round.
 */
export async function upsertGroup(
	context: IExecuteFunctions,
	groupId: string,
	entries: Entry[],
	results: ItemResults,
): Promise<void> {
	/** The receiver as it is after the latest round. */
	const current = new Map<string, IDataObject>();
	const run: GroupRun = { context, groupId, results, current };
	const rounds: Entry[][] = [];
	const occurrences = new Map<string, number>();
	for (const entry of entries) {
		entry.occurrence = occurrences.get(entry.key) ?? 0;
		occurrences.set(entry.key, entry.occurrence + 1);
		(rounds[entry.occurrence] ??= []).push(entry);
	}
	// Inactive and double opt-in must know who is new (created inactive) before anything is written.
	const before = await lookUp(
		context,
		groupId,
		rounds[0].filter((e) => e.activation === 'doi' || e.activation === 'inactive'),
	);
	const failed = new Set<string>();
	for (const entry of entries) {
		const state = before.get(entry.key);
		if (state instanceof Error) {
			results.fail(entry.index, state);
			failed.add(entry.key);
		}
	}
	const isNew = (entry: Entry) => entry.occurrence === 0 && before.get(entry.key) === null;
	/** The last double opt-in item per email: it gets the email after the last round. */
	const doi = new Map<string, Entry>();

	for (const round of rounds) {
		const live = round.filter((e) => !failed.has(e.key));
		const rows: UpsertRow[] = live.map((entry) => ({
			key: entry.key,
			body: isNew(entry) ? { ...entry.body, activated: 0 } : entry.body,
			nonIdempotent: entry.nonIdempotent,
			itemIndex: entry.index,
		}));
		const saved = await upsertRows(context, groupId, rows);
		const pending: Array<[Entry, Saved]> = [];
		const unsubscribed: Entry[] = [];
		for (const entry of live) {
			const answer: UpsertOutcome | undefined = saved.get(entry.key);
			if (!answer) continue;
			if (answer instanceof Error) {
				results.fail(entry.index, answer);
				continue;
			}
			const receiver = answer.receiver;
			current.set(entry.key, receiver);
			const created = entry.occurrence === 0 && (before.has(entry.key) ? isNew(entry) : looksCreated(entry, answer));
			let outcome: Outcome = created ? 'created' : changedNow(answer) ? 'updated' : 'unchanged';
			if (entry.activation === 'active' || entry.activation === 'reactivate') {
				if (receiver.active !== true) {
					if (Number(receiver.bounced ?? 0) > 0) outcome = 'leftBounced';
					else if (Number(receiver.deactivated ?? 0) > 0) {
						if (entry.activation === 'reactivate') unsubscribed.push(entry);
						else outcome = 'leftUnsubscribed';
					} else pending.push([entry, answer]);
				}
			} else if (created && (entry.activation === 'doi' || entry.activation === 'inactive')) {
				outcome = 'createdInactive';
			}
			if (entry.activation === 'doi') doi.set(entry.key, entry);
			results.set(entry.index, withOutcome(receiver, outcome, created, entry));
		}
		await activatePending(run, pending);
		await reactivate(run, unsubscribed);
	}
	await sendDoiMails(run, [...doi.values()]);
}

/** One group's part of the run: where each item's result goes (or its failure). */
interface GroupRun {
	context: IExecuteFunctions;
	groupId: string;
	results: ItemResults;
	/** The receiver as it is after the latest round, per email. */
	current: Map<string, IDataObject>;
}

function withOutcome(receiver: IDataObject, outcome: Outcome, created: boolean, entry: Entry): IDataObject {
	return { ...receiver, outcome, created, ...(entry.ignored ? { ignoredFields: entry.ignored } : {}) };
}

/** Receivers that should be active but are still pending (never activated): activated with CleverReach's time. */
async function activatePending(run: GroupRun, pending: Array<[Entry, Saved]>): Promise<void> {
	const { context, groupId, results, current } = run;
	if (!pending.length) return;
	const rows: UpsertRow[] = pending.map(([entry, saved]) => ({
		key: entry.key,
		body: { email: String(saved.receiver.email ?? entry.email), activated: saved.serverTime },
		// Sent twice, it would move the activation date again.
		nonIdempotent: true,
		itemIndex: entry.index,
	}));
	const activated = await upsertRows(context, groupId, rows);
	for (const [entry] of pending) {
		const answer = activated.get(entry.key);
		const previous = results.get(entry.index);
		if (!answer || answer instanceof Error || answer.receiver.active !== true) {
			const reason = answer instanceof Error ? answer.message : 'CleverReach still reports the receiver inactive';
			results.fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved, but could not be activated: ${reason}`,
					entry.index,
					'The receiver is saved inactive. Run the item again, or use Receiver › Activate.',
				),
			);
			continue;
		}
		current.set(entry.key, answer.receiver);
		results.set(entry.index, withOutcome(answer.receiver, 'activated', previous?.created === true, entry));
	}
}

/** "reactivate": receivers who unsubscribed are subscribed again (`PUT …/activate`, the only call that can). */
async function reactivate(run: GroupRun, unsubscribed: Entry[]): Promise<void> {
	const { context, groupId, results, current } = run;
	for (const entry of unsubscribed) {
		const path = `/groups.json/${groupId}/receivers/${ref(entry.email)}`;
		const notFoundMessage = `Receiver ${entry.email} was not found in group ${groupId}`;
		try {
			await cleverReachApiRequest.call(context, 'PUT', `${path}/activate`, { itemIndex: entry.index, notFoundMessage });
			const receiver = await cleverReachApiRequest.call(context, 'GET', path, { itemIndex: entry.index, notFoundMessage });
			current.set(entry.key, receiver);
			results.set(entry.index, withOutcome(receiver, 'reactivated', false, entry));
		} catch (error) {
			results.fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved, but could not be re-activated: ${(error as Error).message}`,
					entry.index,
					'The receiver stays unsubscribed. Run the item again, or use Receiver › Activate.',
				),
			);
		}
	}
}

/** Double opt-in: one activation email per email that is not active after its last item. */
async function sendDoiMails(run: GroupRun, entries: Entry[]): Promise<void> {
	const { context, results, current } = run;
	for (const entry of entries) {
		const result = results.get(entry.index);
		const receiver = current.get(entry.key);
		if (!result || !receiver) continue;
		if (receiver.active === true) {
			results.set(entry.index, { ...result, doubleOptIn: { sent: false, reason: 'The receiver is already active' } });
			continue;
		}
		try {
			await sendDoiMail(context, 'activate', entry.formId as string, entry.email, entry.doidata ?? {}, entry.index);
			results.set(entry.index, { ...result, outcome: 'doubleOptInSent', doubleOptIn: { sent: true, formId: entry.formId } });
		} catch (error) {
			results.fail(
				entry.index,
				itemError(
					context,
					`Receiver "${entry.email}" was saved inactive, but the double opt-in email was not sent: ${(error as Error).message}`,
					entry.index,
					`${(error as NodeApiError).description ?? ''} The receiver (ID ${String(receiver.id)}) stays inactive until activated; run again to resend.`.trim(),
				),
			);
		}
	}
}

/**
 * For Inactive and Double Opt-In, finds which receivers already exist in the group (so existing ones are not set
 * inactive and active ones get no email). Returns the receiver per email, null when new, or the error.
 */
async function lookUp(
	context: IExecuteFunctions,
	groupId: string,
	entries: Entry[],
): Promise<Map<string, IDataObject | Error | null>> {
	const states = new Map<string, IDataObject | Error | null>();
	for (const entry of entries) {
		try {
			const receiver = await cleverReachApiRequest.call(
				context,
				'GET',
				`/groups.json/${groupId}/receivers/${ref(entry.email)}`,
				{ itemIndex: entry.index, notFoundMessage: `Group ${groupId} or receiver ${entry.email} was not found` },
			);
			states.set(entry.key, receiver);
		} catch (error) {
			// 404 for the receiver means "new"; a missing group is reported by the upsert itself.
			if (error instanceof NodeApiError && String(error.httpCode) === '404') {
				states.set(entry.key, null);
				continue;
			}
			states.set(entry.key, error as Error);
		}
	}
	return states;
}
