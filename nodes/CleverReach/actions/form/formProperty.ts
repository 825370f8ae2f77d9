import type { INodeProperties } from 'n8n-workflow';
import { formLocator } from '../../../shared/descriptions';

/** The form picker of Form › Get and Get Code. */
export function formProperty(): INodeProperties {
	return formLocator({
		description: 'The CleverReach sign-up form. Pick it from the list, or give its numeric form ID (not its name).',
	});
}
