/** Pure helpers for validating and normalising request values. */
import { badRequest } from './errors.ts';

export type AttrType = 'text' | 'number' | 'gender' | 'date';
export const ATTR_TYPES: readonly AttrType[] = ['text', 'number', 'gender', 'date'];

const EMAIL_RE = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[A-Za-z]{2,}$/;

export function isEmail(value: unknown): value is string {
	return typeof value === 'string' && value.length <= 254 && EMAIL_RE.test(value.trim());
}

export function emailKey(email: string): string {
	return email.trim().toLowerCase();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An integer timestamp (or 0/1 flag) from a JSON number, numeric string or boolean. Throws 400 otherwise. */
export function toTimestamp(value: unknown, field: string, now: number): number {
	if (value === true) return now;
	if (value === false || value === null || value === '') return 0;
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(n) || n < 0) throw badRequest(`invalid value for ${field}`);
	return Math.floor(n);
}

export function toInt(value: unknown, fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	return Number.isFinite(n) ? Math.floor(n) : fallback;
}

/** `{"a":"1"}` or the legacy `"a:1,b:2"` string form, as a plain record. */
export function parseAttributeMap(value: unknown, field: string): Record<string, unknown> {
	if (value === undefined || value === null || value === '') return {};
	if (isPlainObject(value)) return value;
	if (typeof value === 'string') {
		const out: Record<string, unknown> = {};
		for (const part of value.split(',')) {
			const i = part.indexOf(':');
			if (i <= 0) continue;
			out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
		}
		return out;
	}
	if (Array.isArray(value) && value.length === 0) return {};
	throw badRequest(`invalid ${field}`);
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GENDERS = ['male', 'female', 'diverse'];

export interface ValueChange {
	/** Absolute value to store ('' clears). */
	value?: string;
	/** Relative change for numeric attributes (upsertplus `+5` / `-2`). */
	delta?: number;
}

/** Validates one attribute value against its type. Throws 400 naming the attribute. */
export function checkAttributeValue(name: string, type: AttrType, raw: unknown, allowRelative: boolean): ValueChange {
	if (raw === null || raw === undefined || raw === '') return { value: '' };
	if (typeof raw === 'object') throw badRequest(`invalid value for attribute "${name}"`);
	const str = String(raw).trim();
	if (type === 'text') return { value: String(raw) };
	if (type === 'number') {
		if (!NUMBER_RE.test(str)) throw badRequest(`invalid value for attribute "${name}" (number expected)`);
		if (allowRelative && typeof raw === 'string' && (str[0] === '+' || str[0] === '-')) return { delta: Number(str) };
		return { value: String(Number(str)) };
	}
	if (type === 'date') {
		const m = DATE_RE.exec(str);
		const valid = m !== null && !Number.isNaN(Date.UTC(+m[1], +m[2] - 1, +m[3])) && new Date(`${str}T00:00:00Z`).toISOString().startsWith(str);
		if (!valid) throw badRequest(`invalid value for attribute "${name}" (date YYYY-MM-DD expected)`);
		return { value: str };
	}
	const g = str.toLowerCase();
	if (!GENDERS.includes(g)) throw badRequest(`invalid value for attribute "${name}" (male, female or diverse expected)`);
	return { value: g };
}

/** Tags from an array (or a comma separated string). */
export function parseTags(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (list === null) throw badRequest('invalid tags');
	return list.map((t) => String(t).trim()).filter((t) => t !== '' && t !== '-');
}

/** Applies `tags` to a current list: plain tags are added (or replace the list), `-tag` removes. */
export function mergeTags(current: string[], incoming: string[], replace: boolean): string[] {
	const removals = new Set(incoming.filter((t) => t.startsWith('-')).map((t) => t.slice(1).toLowerCase()));
	const adds = incoming.filter((t) => !t.startsWith('-'));
	const base = replace ? [] : current.filter((t) => !removals.has(t.toLowerCase()));
	const seen = new Set(base.map((t) => t.toLowerCase()));
	for (const t of adds) {
		const k = t.toLowerCase();
		if (seen.has(k) || removals.has(k)) continue;
		seen.add(k);
		base.push(t);
	}
	return base;
}

/** The origin of a tag is the part before its first dot (`Shop-Group.VIP` → `Shop-Group`), else ''. */
export function tagOrigin(tag: string): string {
	const i = tag.indexOf('.');
	return i > 0 ? tag.slice(0, i) : '';
}

export function asString(value: unknown, fallback = ''): string {
	if (value === undefined || value === null) return fallback;
	return typeof value === 'string' ? value : String(value);
}
