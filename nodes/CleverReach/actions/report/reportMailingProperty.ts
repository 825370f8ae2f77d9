import type { INodeProperties } from 'n8n-workflow';
import { mailingLocator } from '../../../shared/descriptions';

/** The mailing picker of the report operations: a report has the numeric ID of its mailing. */
export function reportMailingProperty(): INodeProperties {
	return mailingLocator({
		description:
			'The sent mailing whose report to read (a report has the same numeric ID as its mailing). Pick it from the list, or give its numeric ID.',
	});
}
