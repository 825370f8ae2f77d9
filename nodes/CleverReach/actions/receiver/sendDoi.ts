import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { emailProperty, formLocator } from '../../../shared/descriptions';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { getEmail, getId } from '../../../shared/parameters';
import { doiDataProperty, readDoiData, sendDoiMail } from './doubleOptInEmail';

function doiProperties(kind: 'activate' | 'deactivate'): INodeProperties[] {
	const optIn = kind === 'activate';
	return [
		formLocator({
			description: optIn
				? 'The CleverReach form whose double opt-in (activation) email is sent; the receiver must be in the form’s group. Pick it from the list, or give its numeric ID.'
				: 'The CleverReach form whose double opt-out (unsubscribe confirmation) email is sent; the receiver must be in the form’s group. Pick it from the list, or give its numeric ID.',
		}),
		emailProperty(
			optIn
				? 'Email address of a receiver already in the form’s group, usually inactive (e.g. added with Create or Update, Activation "Inactive (No Email)"). They become active when they click the link in the email.'
				: 'Email address of a receiver in the form’s group. They are unsubscribed when they click the link in the email.',
		),
		doiDataProperty(),
	];
}

async function send(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	kind: 'activate' | 'deactivate',
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (i) => {
		const formId = getId(context, 'formId', i, 'Form');
		const email = getEmail(context, 'email', i);
		const doidata = readDoiData(context, i);
		await sendDoiMail(context, kind, formId, email, doidata, i);
		return { sent: true, type: kind === 'activate' ? 'doubleOptIn' : 'doubleOptOut', email, formId };
	});
}

export const sendDoubleOptIn: Operation = {
	option: {
		name: 'Send Double Opt-In Email',
		description:
			'Send the activation email of a form to an (inactive) receiver of its group; they become active when they confirm',
		action: 'Send a double opt in email',
	},
	properties: doiProperties('activate'),
	async execute(items) {
		return await send(this, items, 'activate');
	},
};

export const sendDoubleOptOut: Operation = {
	option: {
		name: 'Send Double Opt-Out Email',
		description: 'Send the unsubscribe confirmation email of a form to a receiver of its group',
		action: 'Send a double opt out email',
	},
	properties: doiProperties('deactivate'),
	async execute(items) {
		return await send(this, items, 'deactivate');
	},
};
