/** What every trigger event provides: its entry in the Event dropdown and its ways of reading CleverReach. */
import type { Strategy, TriggerConfig } from '../strategies/types';

export interface TriggerEvent {
	/** Its entry in the Event dropdown. */
	option: { name: string; description: string };
	/** Whether it is about receivers (Include Full Details applies) rather than mailings. */
	receiver: boolean;
	/** Words for messages, e.g. "new receiver". */
	noun: string;
	/** What to do to get a test event, for the "nothing found" message. */
	hint: string;
	/** Ways to read the event, most precise first; the first whose probe succeeds is used. */
	strategies(config: TriggerConfig): Strategy[];
	/** Why no strategy works, when none does (the activation fails with it). */
	unsupported?: string;
}
