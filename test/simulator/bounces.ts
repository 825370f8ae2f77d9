/**
 * `GET /bounces.json`: CleverReach's account-level bounce records (one per address, not receivers), in the shape two
 * independent real clients show: `{email, category, occurences, last_update, last_update_gmt, expires_by,
 * expires_by_gmt, bounce_message, type, type_id}`. Whether a `group_id` filter exists is unverified, so it is ignored.
 */
import { emailKey } from './values.ts';

export interface BounceRecord {
	email: string;
	category: string;
	/** Sic: CleverReach's spelling. */
	occurences: number;
	last_update: number;
	last_update_gmt: string;
	expires_by: number;
	expires_by_gmt: string;
	bounce_message: string;
	type: string;
	type_id: string;
}

/** How long a hard bounce blocks an address (unverified; only the field's existence is known). */
export const BOUNCE_EXPIRY_SECONDS = 180 * 86_400;

export function gmt(unix: number): string {
	return new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

export class BounceRegistry {
	private records = new Map<string, BounceRecord>();

	/** A bounce of `email` at `now` (from a mailing, or `0` when not known). */
	add(email: string, now: number, mailingId = '0', message = '550 mailbox unavailable', category = 'hardbounce'): BounceRecord {
		const key = emailKey(email);
		const record = this.records.get(key) ?? {
			email, category, occurences: 0, last_update: 0, last_update_gmt: '', expires_by: 0, expires_by_gmt: '',
			bounce_message: '', type: 'mailing', type_id: '0',
		};
		record.category = category;
		record.occurences++;
		record.last_update = now;
		record.last_update_gmt = gmt(now);
		record.expires_by = now + BOUNCE_EXPIRY_SECONDS;
		record.expires_by_gmt = gmt(record.expires_by);
		record.bounce_message = message;
		record.type = 'mailing';
		record.type_id = mailingId;
		this.records.set(key, record);
		return { ...record };
	}

	/** Every record that has not expired at `now`, newest update first (no order is guaranteed by the real API). */
	list(now: number): BounceRecord[] {
		return [...this.records.values()]
			.filter((r) => r.expires_by > now)
			.sort((a, b) => b.last_update - a.last_update || (a.email < b.email ? -1 : 1))
			.map((r) => ({ ...r }));
	}

	get size(): number {
		return this.records.size;
	}
}
