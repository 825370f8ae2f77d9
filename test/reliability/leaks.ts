/** The secrets check itself (pure, also used by global-setup.ts in vitest's main process). */

export interface CollectedRecord {
	kind: 'error' | 'log';
	source: string;
	text: string;
}

/** Secret-looking values that must never show up, whatever test produced them. */
export const SECRET_PATTERNS = [/Bearer\s+[A-Za-z0-9._~+/-]{12,}/, /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/];

/** The records that contain one of the secrets or a secret-looking value, with what was found. */
export function findLeaks<T extends CollectedRecord>(records: T[], secrets: Iterable<string>): Array<{ record: T; found: string }> {
	const list = [...secrets];
	const leaks: Array<{ record: T; found: string }> = [];
	for (const record of records) {
		const secret = list.find((s) => record.text.includes(s));
		const pattern = SECRET_PATTERNS.find((p) => p.test(record.text));
		if (secret) leaks.push({ record, found: `a secret (${secret.slice(0, 4)}…)` });
		else if (pattern) leaks.push({ record, found: `a value matching ${pattern}` });
	}
	return leaks;
}
