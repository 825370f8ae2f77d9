/**
 * Check: which of the given addresses are blacklisted.
 *
 * Account blacklist: one `GET /blacklist.json/{email}` per distinct address (404 = not blacklisted), the
 * confirmed lookup (docs/cleverreach-api.md §8.1). `POST /blacklist/validate` is not used: its body is unconfirmed and
 * it answers "valid" addresses (it cannot tell blacklisted from malformed, knows no group blacklists and
 * returns no comment); reading the whole account blacklist would cost one large, possibly paged response
 * per check. A group blacklist has no confirmed single-address lookup, so its (usually short) list is read
 * once per item. Malformed addresses are rejected locally before any request.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { asArray, cleverReachApiRequest } from '../../../shared/transport';
import type { Operation } from '../../../shared/operation';
import { forEachItem } from '../../../shared/items';
import { isEmail, itemError, truncate } from '../../../shared/parameters';
import type { BlacklistScope } from './blacklistScope';
import { blacklistScopeProperties, getScope, toEntry } from './blacklistScope';

/** Upper bound of addresses per item (one request each). */
export const MAX_CHECK_EMAILS = 1000;

export const check: Operation = {
	option: {
		name: 'Check',
		description:
			'Tell for a list of email addresses which are blacklisted; returns one item per address with "blacklisted" true/false',
		action: 'Check emails against the blacklist',
	},
	properties: [
		...blacklistScopeProperties(
			"Whether to check the account-wide blacklist or one group's blacklist (which can include the account blacklist)",
		),
		{
			displayName: 'Emails',
			name: 'emails',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. anna@example.com, ben@example.com',
			description: `Email addresses to check, separated by commas, semicolons, spaces or new lines (an expression may also give a list). Up to ${MAX_CHECK_EMAILS}; each is checked locally first, a malformed one stops the item before any request.`,
		},
		{
			displayName: 'Include Account Blacklist',
			name: 'includeAccount',
			type: 'boolean',
			default: true,
			displayOptions: { show: { scope: ['group'] } },
			description:
				"Whether an address on the account-wide blacklist counts as blacklisted too (it receives no mailing from any group). When off, only the group's own blacklist is checked.",
		},
		{
			displayName: 'Only Return Blacklisted',
			name: 'onlyBlacklisted',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only the blacklisted addresses. By default every address is returned with "blacklisted" true or false.',
		},
	],
	async execute(items) {
		return await forEachItem(this, items, async (i) => {
			const scope = getScope(this, i);
			const emails = getEmails(this, i);
			const includeAccount =
				scope.groupId !== undefined && (this.getNodeParameter('includeAccount', i, true) as boolean);
			const onlyBlacklisted = this.getNodeParameter('onlyBlacklisted', i, false) as boolean;
			const lookup = new Lookup(this, i);
			const results: IDataObject[] = [];
			for (const email of emails) {
				let entry = await lookup.entry(scope, email);
				let blacklistedIn = entry ? (scope.groupId ? 'group' : 'account') : undefined;
				if (!entry && includeAccount) {
					entry = await lookup.entry({ path: '/blacklist.json', label: 'the account blacklist' }, email);
					if (entry) blacklistedIn = 'account';
				}
				if (onlyBlacklisted && !entry) continue;
				results.push({
					email,
					blacklisted: !!entry,
					...(entry
						? {
								blacklistedIn,
								comment: entry.comment ?? '',
								...(entry.stamp !== undefined ? { stamp: entry.stamp } : {}),
							}
						: {}),
					...(scope.groupId ? { groupId: scope.groupId } : {}),
				});
			}
			return results;
		});
	},
};

/** The addresses of one item: split, trimmed, checked, de-duplicated (case-insensitive, first spelling kept). */
function getEmails(context: IExecuteFunctions, itemIndex: number): string[] {
	const raw = context.getNodeParameter('emails', itemIndex, '') as unknown;
	const parts = (Array.isArray(raw) ? raw : [raw])
		.flatMap((value) => {
			if (value && typeof value === 'object' && typeof (value as IDataObject).email === 'string') {
				return [(value as IDataObject).email as string];
			}
			if (value !== null && typeof value === 'object') {
				throw itemError(
					context,
					'Emails must be text or a list of email addresses',
					itemIndex,
					`Got ${JSON.stringify(value).slice(0, 80)}`,
				);
			}
			return String(value ?? '').split(/[\s,;]+/);
		})
		.map((e) => e.trim())
		.filter(Boolean);
	if (!parts.length) {
		throw itemError(context, 'Emails is required: give at least one email address', itemIndex);
	}
	const invalid = parts.filter((e) => !isEmail(e));
	if (invalid.length) {
		throw itemError(
			context,
			`${invalid.length === 1 ? 'Email' : 'Emails'} ${invalid
				.slice(0, 5)
				.map((e) => `"${truncate(e)}"`)
				.join(', ')}${invalid.length > 5 ? ` and ${invalid.length - 5} more` : ''} ${invalid.length === 1 ? 'is not a valid email address' : 'are not valid email addresses'}`,
			itemIndex,
			'Nothing was checked: fix or remove the malformed addresses.',
		);
	}
	const seen = new Set<string>();
	const emails = parts.filter((e) => {
		const key = e.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	if (emails.length > MAX_CHECK_EMAILS) {
		throw itemError(
			context,
			`Too many email addresses in one item: ${emails.length} (at most ${MAX_CHECK_EMAILS})`,
			itemIndex,
			'Split them over several input items.',
		);
	}
	return emails;
}

/**
 * Looks addresses up. Account blacklist: one `GET /blacklist.json/{email}` per address (404 = not
 * blacklisted). A group blacklist: its list is read once (`GET /groups.json/{id}/blacklist`, which also
 * reports an unknown group) and the addresses are matched locally, case-insensitively.
 */
class Lookup {
	private groupEntries?: Map<string, IDataObject>;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	/** The blacklist entry of one address, or undefined when it is not on that blacklist. */
	async entry(scope: BlacklistScope, email: string): Promise<IDataObject | undefined> {
		if (scope.groupId) return (await this.groupList(scope)).get(email.toLowerCase());
		let body: unknown;
		try {
			body = await cleverReachApiRequest.call(this.context, 'GET', `${scope.path}/${encodeURIComponent(email)}`, {
				itemIndex: this.itemIndex,
			});
		} catch (error) {
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error as Error;
		}
		if (body === undefined || body === null || (body as unknown) === false) return undefined;
		return toEntry(body);
	}

	private async groupList(scope: BlacklistScope): Promise<Map<string, IDataObject>> {
		if (!this.groupEntries) {
			const entries = asArray(
				await cleverReachApiRequest.call(this.context, 'GET', scope.path, {
					itemIndex: this.itemIndex,
					notFoundMessage: scope.notFoundMessage,
				}),
			).map(toEntry);
			this.groupEntries = new Map(entries.map((e) => [String(e.email ?? '').toLowerCase(), e]));
		}
		return this.groupEntries;
	}
}
