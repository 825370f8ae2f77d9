/** `search`: `POST /receivers/filter.json` windows on the event's own timestamp (e.g. `deactivated`). */
import type { IDataObject } from 'n8n-workflow';
import { readAfter } from '../read/search';
import { positionPoint } from '../window';
import type { ReceiverEventSpec } from './rows';
import { completeReceivers, newestBySearch, probeRule, rowKey, searchSpec, toCandidate, toNumber } from './rows';
import type { Strategy, TriggerConfig } from './types';

/** `search`: windows on the event's own timestamp. */
export function searchStrategy(spec: ReceiverEventSpec): Strategy {
	const accept = (row: IDataObject, config: TriggerConfig) => toNumber(row[spec.field]) > 0 && (!spec.accept || spec.accept(row, config));
	const keyOf = spec.key ?? rowKey;
	return {
		name: `search:${spec.field}`,
		complete: completeReceivers,
		describe: `Searches the receivers (POST /receivers/filter.json) by their "${spec.field}" time`,
		probe: async (run, config) => await probeRule(run, config, spec.field),
		async read(run, config, state, maxRows) {
			const search = searchSpec(config, spec.field, spec.rules?.(config));
			const { rows, coveredTo } = await readAfter(run, search, positionPoint(state), maxRows);
			return {
				candidates: rows.filter((row) => accept(row, config)).map((row) => toCandidate(row, search.timeOf(row), keyOf(row))),
				coveredTo,
			};
		},
		sample: async (run, config) =>
			await newestBySearch(run, config, searchSpec(config, spec.field, spec.rules?.(config)), (row) => accept(row, config)),
	};
}
