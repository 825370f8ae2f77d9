/** Output of Report › Get and Get Many (raw by default, as before the Output option). */
import type { OutputShape } from '../../../shared/output';

export const REPORT_OUTPUT: OutputShape = {
	simplified: ['id', 'name', 'subject', 'started', 'finished', 'mailing_groups', 'stats'],
	default: 'raw',
};
