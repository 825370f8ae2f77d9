/** What every strategy provides (a way of reading one event from CleverReach), and the settings it reads with. */
import type { IDataObject } from 'n8n-workflow';
import type { PollRun } from '../run';
import type { TriggerState } from '../state';
import type { AdvanceOptions, Advanced, Candidate, Point } from '../window';

/** The trigger's settings, read once per poll. */
export interface TriggerConfig {
	/** Watched group IDs, sorted; empty = all groups (also groups created later). */
	groups: string[];
	/** New Receiver: only receivers that become active (double opt-in confirmed, or added active). */
	onlyActive: boolean;
	/** Receiver events: add events, orders and tags to each receiver. */
	includeDetails: boolean;
	/** Mailing Finished: add the report figures. */
	includeReport: boolean;
	/** Events this many seconds behind CleverReach's clock when they become visible are still emitted once. */
	lookBackSeconds: number;
	/** At most this many events per poll (the rest follows in the next polls). */
	maxEvents: number;
	/** Transient failures are reported only once they have lasted this long (ms). */
	reportAfterMs: number;
}

/** What a strategy read in one poll. */
export interface StrategyRead {
	candidates: Array<Candidate<IDataObject>>;
	/** How far the reads got in (time, email) order: 'all' = everything after the position. */
	coveredTo: 'all' | Point;
	/** Everything read, when a strategy reads more rows than it may emit (New Receiver by changes: for its id floor). */
	rows?: Array<Candidate<IDataObject>>;
}

export interface Strategy {
	/** Stored in the state and shown by "Fetch Test Event", e.g. `search:deactivated`. */
	name: string;
	/** One sentence for users: how this trigger reads CleverReach. */
	describe: string;
	/** Whether CleverReach accepts what this strategy needs (run at activation and after a refusal). */
	probe(run: PollRun, config: TriggerConfig): Promise<boolean>;
	/** Extra state at activation (e.g. the highest receiver id that already exists). */
	init?(run: PollRun, config: TriggerConfig, state: TriggerState): Promise<void>;
	/** The events after the state's position, up to `maxRows` rows or the time budget. */
	read(run: PollRun, config: TriggerConfig, state: TriggerState, maxRows: number): Promise<StrategyRead>;
	/** A cursor of its own instead of the (time, email) window (New Receiver by changes: by receiver id). */
	advance?(state: TriggerState, read: StrategyRead, options: AdvanceOptions): Advanced<IDataObject> & Partial<TriggerState>;
	/** Turns emitted events into output items (e.g. adds a mailing's report); may keep some for a later poll. */
	complete?(run: PollRun, config: TriggerConfig, state: TriggerState, emitted: IDataObject[]): Promise<IDataObject[]>;
	/** "Fetch Test Event": the most recent matching items, newest first (may be empty). */
	sample(run: PollRun, config: TriggerConfig): Promise<IDataObject[]>;
}
