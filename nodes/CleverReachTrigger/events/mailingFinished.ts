import { reportsStrategy } from '../strategies/reports';
import type { TriggerEvent } from './types';

/**
 * Mailing Finished: a mailing reaches the state "finished", found by when it finished (strategies/reports.ts),
 * whatever order CleverReach lists mailings in.
 */
export const mailingFinished: TriggerEvent = {
	option: { name: 'Mailing Finished', description: 'A mailing has been sent completely (state "finished")' },
	receiver: false,
	noun: 'finished mailing',
	hint: 'Send a mailing (it must reach the state "finished")',
	strategies: () => [reportsStrategy],
};

