import { cleverReachApiRequest } from '../../../shared/transport';
import { formProperty } from './formProperty';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getId } from '../../../shared/parameters';
import { outputProperties, readOutput } from '../../../shared/output';
import { FORM_OUTPUT } from './formOutput';

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a sign-up form by its numeric ID: name, type and the group it belongs to',
		action: 'Get a form',
	},
	properties: [
		formProperty(),
		...outputProperties(FORM_OUTPUT),
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const output = readOutput(this, i, FORM_OUTPUT);
			const formId = getId(this, 'formId', i, 'Form');
			const form = await cleverReachApiRequest.call(this, 'GET', `/forms.json/${formId}`, {
				itemIndex: i,
				notFoundMessage: `Form ${formId} was not found`,
			});
			return output.shape(form);
		});
	},
};
