/**
 * Mailings and their life on the clock (draft → waiting → running → finished, which writes the report), and
 * channels.
 */
import { badRequest, notFound } from '../errors.ts';
import { compileRules } from '../rules.ts';
import type { Mailing, MailingState, RecipientStat, Row } from '../types.ts';
import { asString, isEmail, isPlainObject, parseTags, toInt, toTimestamp } from '../values.ts';
import { SearchModel } from './search.ts';
import { isActive } from './store.ts';
import type { Query } from './store.ts';

const MAILING_STATES: MailingState[] = ['draft', 'waiting', 'running', 'finished'];

export class MailingsModel extends SearchModel {
	/** Moves released mailings along the clock (waiting → running → finished) and writes reports. */
	settle(): void {
		const now = this._now();
		for (const m of this.mailings.values()) {
			if (!m.sendAt || m.finished) continue;
			if (now >= m.sendAt && !m.started) m.started = m.sendAt;
			if (now >= m.sendAt + this.config.mailingSendSeconds) this._finish(m, m.sendAt + this.config.mailingSendSeconds);
		}
	}

	mailingState(m: Mailing): MailingState {
		if (!m.sendAt) return 'draft';
		if (m.finished) return 'finished';
		const now = this._now();
		if (now < m.sendAt) return 'waiting';
		return now < m.sendAt + this.config.mailingSendSeconds ? 'running' : 'finished';
	}

	_targets(m: Mailing): Row[] {
		let groups = m.groups;
		let test: (r: Row) => boolean = isActive;
		const f = m.filterId ? this.filters.get(m.filterId) : undefined;
		if (f) {
			const rules = compileRules(f.rules, f.operator, this.attributes);
			groups = groups.length ? groups : [f.groupId];
			test = (r) => isActive(r) && rules(r);
		}
		const seen = new Set<string>();
		const out: Row[] = [];
		for (const gid of groups) {
			for (const r of this.groupRows.get(gid)?.values() ?? []) {
				if (!test(r) || seen.has(r.key) || this._blacklisted(r.email, r.groupId)) continue;
				seen.add(r.key);
				out.push(r);
			}
		}
		return out;
	}

	_finish(m: Mailing, at: number): void {
		m.started = m.started || m.sendAt || at;
		m.finished = at;
		const recipients = new Map<string, RecipientStat>();
		for (const r of this._targets(m)) {
			this._pushEvent(r, { stamp: at, type: 'mail_send', type_id: m.id, value: '', mailing_id: m.id, groups_id: r.groupId });
			recipients.set(r.id, { rowId: r.id, email: r.email, groupId: r.groupId, sent: at, opened: 0, opens: 0, clicked: 0, clicks: [], bounced: 0, unsubscribed: 0 });
		}
		for (const gid of m.groups) {
			const g = this.groups.get(gid);
			if (g) g.last_mailing = m.started;
		}
		this.reports.set(m.id, { id: m.id, started: m.started, finished: at, links: this._links(m), recipients });
		this._touch();
	}

	_links(m: Mailing): Array<{ id: string; link: string }> {
		const links: Array<{ id: string; link: string }> = [];
		for (const match of m.body_html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
			if (!links.some((l) => l.link === match[1])) links.push({ id: String(++this.seq.link), link: match[1] });
		}
		return links;
	}

	renderMailing(m: Mailing): Record<string, unknown> {
		const state = this.mailingState(m);
		const hasHtml = m.body_html !== '';
		return {
			id: m.id, category_id: m.settings.category_id || '0', name: m.name, subject: m.subject, sender_name: m.sender_name,
			sender_email: m.sender_email, body_html: m.body_html, body_text: m.body_text, stamp: m.stamp, last_changed: m.last_changed,
			started: state === 'draft' || state === 'waiting' ? 0 : m.started || m.sendAt, finished: state === 'finished' ? m.finished : 0,
			ready: m.ready, send_on: m.sendAt, m_type: 0, position: 0, is_html: hasHtml, is_text: m.body_text !== '', is_fixed: false,
			is_mailing: true, is_campaign: false, is_dynamic: false, is_splittest: false,
			is_trackable: m.settings.open_tracking || m.settings.click_tracking, type_name: 'mailing', external_id: '',
			unsubscribe_link: '', last_version_id: '0', mailing_groups: { group_ids: [...m.groups] }, state, tags: [...m.tags],
			unsubscribe_form_id: m.settings.unsubscribe_form_id || '0',
		};
	}

	_mailing(id: unknown): Mailing {
		const m = this.mailings.get(String(id));
		if (!m) throw notFound('invalid mailing');
		return m;
	}

	/** Validates and merges a create/update body into `base`. */
	_mailingFields(body: unknown, base: Mailing): Mailing {
		if (!isPlainObject(body)) throw badRequest('invalid mailing');
		const m: Mailing = { ...base, settings: { ...base.settings }, groups: [...base.groups], tags: [...base.tags] };
		for (const f of ['name', 'subject', 'sender_name'] as const) if (body[f] !== undefined) m[f] = asString(body[f]);
		if (body.sender_email !== undefined) {
			if (!isEmail(body.sender_email)) throw badRequest('invalid sender_email');
			m.sender_email = body.sender_email.trim();
		}
		if (!m.name.trim()) throw badRequest('name is required');
		if (!m.subject.trim()) throw badRequest('subject is required');
		const content = isPlainObject(body.content) ? body.content : null;
		if (content) {
			if (content.type !== undefined) m.contentType = asString(content.type);
			if (content.html !== undefined) m.body_html = asString(content.html);
			if (content.text !== undefined) m.body_text = asString(content.text);
		}
		if (body.body_html !== undefined) m.body_html = asString(body.body_html);
		if (body.body_text !== undefined) m.body_text = asString(body.body_text);
		const receivers = isPlainObject(body.receivers) ? body.receivers : null;
		if (receivers) {
			if (receivers.groups !== undefined) m.groups = (Array.isArray(receivers.groups) ? receivers.groups : [receivers.groups]).map(String);
			if (receivers.filter !== undefined) m.filterId = asString(receivers.filter);
		}
		for (const g of m.groups) this._group(g);
		if (m.filterId && m.filterId !== '0' && !this.filters.has(m.filterId)) throw notFound('invalid filter');
		if (isPlainObject(body.settings)) {
			const s = body.settings;
			for (const k of ['editor', 'link_tracking_url', 'link_tracking_type', 'google_campaign_name', 'unsubscribe_form_id', 'campaign_id', 'category_id'] as const) {
				if (s[k] !== undefined) m.settings[k] = asString(s[k]);
			}
			if (s.editor !== undefined && !this.config.mailingEditors.includes(asString(s.editor))) throw badRequest(`invalid editor "${asString(s.editor)}"`);
			if (s.open_tracking !== undefined) m.settings.open_tracking = !!s.open_tracking;
			if (s.click_tracking !== undefined) m.settings.click_tracking = !!s.click_tracking;
		}
		if (body.tags !== undefined) m.tags = parseTags(body.tags);
		const htmlType = m.contentType === '' || m.contentType.includes('html');
		if (m.settings.open_tracking && (!htmlType || !m.body_html)) throw badRequest('open tracking requires HTML content');
		if (m.settings.google_campaign_name && m.settings.link_tracking_type !== 'google') {
			throw badRequest('google_campaign_name requires link_tracking_type google');
		}
		if (m.settings.link_tracking_type && !['google', 'intelliad', 'crconnect'].includes(m.settings.link_tracking_type)) {
			throw badRequest('invalid link_tracking_type');
		}
		m.last_changed = this._now();
		return m;
	}

	createMailing(body: unknown): Record<string, unknown> {
		const now = this._now();
		const blank: Mailing = {
			id: String(++this.seq.mailing), name: '', subject: '', sender_name: '', sender_email: '', contentType: '', body_html: '',
			body_text: '', groups: [], filterId: '', tags: [], stamp: now, last_changed: now, sendAt: 0, ready: 0, started: 0, finished: 0,
			previews: [], settings: {
				editor: 'wizard', open_tracking: false, click_tracking: false, link_tracking_url: '', link_tracking_type: '',
				google_campaign_name: '', unsubscribe_form_id: '', campaign_id: '', category_id: '',
			},
		};
		const m = this._mailingFields(body, blank);
		this.mailings.set(m.id, m);
		return this.renderMailing(m);
	}

	getMailing(id: unknown): Record<string, unknown> {
		this.settle();
		return this.renderMailing(this._mailing(id));
	}

	updateMailing(id: unknown, body: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) !== 'draft') throw badRequest('only draft mailings can be changed');
		const next = this._mailingFields(body, m);
		this.mailings.set(next.id, next);
		return this.renderMailing(next);
	}

	deleteMailing(id: unknown): true {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) === 'running') throw badRequest('a running mailing cannot be deleted');
		this.mailings.delete(m.id);
		return true;
	}

	/** `GET /mailings?state&limit&start&group_id`: object keyed by state, newest first; `start` is an offset. */
	listMailings(query: Query = {}): Record<string, unknown[]> {
		this.settle();
		const asked = asString(query.state).toLowerCase();
		if (asked && asked !== 'all' && !MAILING_STATES.includes(asked as MailingState)) throw badRequest(`invalid state "${asked}"`);
		const states = asked && asked !== 'all' ? [asked as MailingState] : MAILING_STATES;
		const limit = toInt(query.limit, 0);
		const start = Math.max(0, toInt(query.start, 0));
		const gid = query.group_id !== undefined && String(query.group_id) !== '0' ? String(query.group_id) : '';
		const all = this._listOrder(
			[...this.mailings.values()].filter((m) => !gid || m.groups.includes(gid)),
			(m) => m.stamp,
			(m) => Number(m.id),
		);
		const out: Record<string, unknown[]> = {};
		for (const s of states) {
			const list = all.filter((m) => this.mailingState(m) === s);
			out[s] = list.slice(start, limit > 0 ? start + limit : undefined).map((m) => this.renderMailing(m));
		}
		return out;
	}

	/**
	 * Mailing and report lists: newest first by default; the "list order" profile answers them oldest first, by id,
	 * or in a new random order on every request (the real API guarantees none of these).
	 */
	_listOrder<T>(items: T[], time: (item: T) => number, id: (item: T) => number): T[] {
		const order = this.config.realism.listOrder;
		if (order === 'random') {
			const out = [...items];
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(this.rng() * (i + 1));
				[out[i], out[j]] = [out[j], out[i]];
			}
			return out;
		}
		if (order === 'id') return [...items].sort((a, b) => id(a) - id(b));
		const dir = order === 'oldest' ? -1 : 1;
		return [...items].sort((a, b) => dir * (time(b) - time(a) || id(b) - id(a)));
	}

	/** `POST /mailings/{id}/release` `{time}` (0/absent/past = now). */
	releaseMailing(id: unknown, time?: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) !== 'draft') throw badRequest('mailing is not a draft');
		if (!m.groups.length && !m.filterId) throw badRequest('mailing has no receivers');
		if (!m.body_html && !m.body_text) throw badRequest('mailing has no content');
		const now = this._now();
		const t = isPlainObject(time) ? time.time : time;
		const at = t === undefined || t === null || t === '' ? now : toTimestamp(t, 'time', now);
		m.sendAt = Math.max(at, now);
		m.ready = now;
		m.last_changed = now;
		this.settle();
		return this.renderMailing(m);
	}

	/** `POST /mailings/{id}/stop`: a waiting mailing goes back to draft, a running one finishes now. */
	stopMailing(id: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		const state = this.mailingState(m);
		if (state === 'waiting') {
			m.sendAt = 0;
			m.ready = 0;
		} else if (state === 'running') this._finish(m, this._now());
		else throw badRequest('mailing is not waiting or running');
		m.last_changed = this._now();
		return this.renderMailing(m);
	}

	/** Finishes a released (or draft: released now) mailing immediately. */
	finishMailing(id: unknown): Record<string, unknown> {
		this.settle();
		const m = this._mailing(id);
		if (this.mailingState(m) === 'draft') this.releaseMailing(m.id);
		if (!m.finished) {
			if (!m.started) m.started = this._now();
			this._finish(m, this._now());
		}
		return this.renderMailing(m);
	}

	sendPreview(id: unknown, body: unknown): true {
		const m = this._mailing(id);
		const b = isPlainObject(body) ? body : {};
		const receivers = Array.isArray(b.receivers) ? b.receivers.map((e) => asString(e)) : [];
		if (!receivers.length) throw badRequest('receivers is required');
		for (const e of receivers) if (!isEmail(e)) throw badRequest('invalid email');
		m.previews.push({ receivers, previewText: asString(b.previewText), at: this._now() });
		return true;
	}

	mailingLinks(id: unknown): unknown[] {
		this.settle();
		const m = this._mailing(id);
		return (this.reports.get(m.id)?.links ?? this._links(m)).map((l) => ({ ...l }));
	}

	mailingOrders(id: unknown): unknown[] {
		const m = this._mailing(id);
		const out: unknown[] = [];
		for (const r of this._allRows()) for (const o of r.orders) if (o.mailing_id === m.id) out.push({ ...o, email: r.email });
		return out;
	}

	listChannels(): unknown[] {
		return this.channels.map((c) => ({ ...c }));
	}

	getChannel(id: unknown): unknown {
		const c = this.channels.find((x) => x.id === String(id));
		if (!c) throw notFound('invalid channel');
		return { ...c };
	}

	deleteChannel(id: unknown): true {
		this.getChannel(id);
		this.channels = this.channels.filter((x) => x.id !== String(id));
		return true;
	}
}
