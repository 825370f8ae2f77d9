/** Changes to a receiver that must already exist (tags, orders): look up, upsert the change, read back. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import { itemError } from '../../../shared/parameters';
import { ref } from './receiverInput';
import { byEmail } from './receiverOutput';

/** The receiver of a group by ID or email; a 404 names both. */
export async function getInGroup(
	context: IExecuteFunctions,
	groupId: string,
	receiver: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await cleverReachApiRequest.call(context, 'GET', `/groups.json/${groupId}/receivers/${ref(receiver)}`, {
		itemIndex,
		notFoundMessage: `Receiver ${receiver} was not found in group ${groupId}`,
	});
}

/**
 * Applies `patch` to an existing receiver through upsertplus (which merges tags and orders on CleverReach's
 * side, so concurrent changes are not lost). The look-up first makes sure no new receiver is created.
 * Returns the receiver as it is afterwards.
 */
export async function patchExisting(
	context: IExecuteFunctions,
	groupId: string,
	receiver: string,
	itemIndex: number,
	patch: IDataObject,
	idempotent: boolean,
): Promise<IDataObject> {
	const current = await getInGroup(context, groupId, receiver, itemIndex);
	const email = String(current.email ?? '');
	const answer = await cleverReachApiRequest.call(context, 'POST', `/groups.json/${groupId}/receivers/upsertplus`, {
		body: [{ email, ...patch }],
		idempotent,
		itemIndex,
		notFoundMessage: `Group ${groupId} was not found`,
	});
	if (!byEmail(asArray(answer)).has(email.toLowerCase())) {
		throw itemError(
			context,
			`CleverReach did not accept the change for receiver "${email}"`,
			itemIndex,
			'The receiver is missing from CleverReach’s answer: the values may be invalid.',
		);
	}
	return await getInGroup(context, groupId, email, itemIndex);
}
