/** Output of Group › Get and Get Many (raw by default, as before the Output option). */
import type { OutputShape } from '../../../shared/output';

export const GROUP_OUTPUT: OutputShape = {
	simplified: ['id', 'name', 'receiver_info', 'locked', 'last_mailing', 'last_changed', 'stats'],
	default: 'raw',
};
