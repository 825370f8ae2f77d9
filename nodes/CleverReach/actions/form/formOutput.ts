/** Output of Form › Get and Get Many (raw by default, as before the Output option). */
import type { OutputShape } from '../../../shared/output';

export const FORM_OUTPUT: OutputShape = {
	simplified: ['id', 'name', 'title', 'type', 'customer_tables_id', 'description'],
	default: 'raw',
};
