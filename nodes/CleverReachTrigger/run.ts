/**
 * One poll's view of the world: its time budget and CleverReach's clock.
 *
 * The cursor never uses n8n's clock: "now" is the `Date` header of CleverReach's own answers (a server's clock,
 * the same one that writes `last_changed`, `bounced` and `finished`), so a skew between n8n and CleverReach changes
 * nothing. n8n's clock (Date.now()) only measures how long this poll has been running.
 */
import type { IDataObject, IHttpRequestMethods, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { RequestOptions } from '../shared/transport';
import { cleverReachApiRequest } from '../shared/transport';

/** A poll never plans to run longer than this, whatever the scheduler allows (n8n polls every minute at most). */
const MAX_POLL_MS = 45_000;
/** Reserve at the end of the budget for the last request and for n8n to start the execution. */
const RESERVE_MS = 5_000;

export class PollRun {
	readonly context: IPollFunctions;
	readonly startedAt: number;
	readonly budgetMs: number;
	/** CleverReach's clock (unix seconds) as of its latest answer; 0 until the first answer. */
	crNow = 0;

	constructor(context: IPollFunctions) {
		this.context = context;
		this.startedAt = Date.now();
		// The durable scheduler offers a budget (36 s) and abandons a poll after 45 s; older n8n has no budget.
		const offered = typeof context.getPollBudgetMs === 'function' ? Number(context.getPollBudgetMs()) : NaN;
		this.budgetMs = Math.min(Number.isFinite(offered) && offered > 0 ? offered : MAX_POLL_MS, MAX_POLL_MS);
	}

	/** The time (Date.now()) after which no new request or retry should start. */
	get deadline(): number {
		return this.startedAt + this.budgetMs - RESERVE_MS;
	}

	/** Whether the budget is spent: the poll stops at the next point the following poll can continue from. */
	get outOfTime(): boolean {
		return Date.now() >= this.deadline;
	}

	/** A request through the transport, bounded by the budget, that keeps CleverReach's clock up to date. */
	async request(method: IHttpRequestMethods, path: string, options: RequestOptions = {}): Promise<IDataObject> {
		return await cleverReachApiRequest.call(this.context, method, path, {
			...options,
			deadline: this.deadline,
			onHeaders: (headers) => this.observeDate(headers),
		});
	}

	private observeDate(headers: IDataObject): void {
		const raw = headers.date ?? headers.Date;
		const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
		if (Number.isFinite(ms)) this.crNow = Math.max(this.crNow, Math.floor(ms / 1000));
	}

	/**
	 * CleverReach's "now". Without a `Date` header (a proxy may drop it) n8n's clock is the fallback; the look-back
	 * then also has to cover the clock difference.
	 */
	now(): number {
		return this.crNow || Math.floor(Date.now() / 1000);
	}
}

/** Whether an error is CleverReach's answer with this HTTP status. */
export function isStatus(error: unknown, status: number): boolean {
	return String((error as { httpCode?: unknown }).httpCode ?? '') === String(status);
}

/** An error to pass on from a poll: n8n's own error types as they are, anything else wrapped. */
export function asNodeError(run: PollRun, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(run.context.getNode(), error as Error);
}
