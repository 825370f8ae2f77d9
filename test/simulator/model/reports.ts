/**
 * Reports of finished mailings, and what receivers do with a mailing (open, click, bounce, unsubscribe).
 */
import { notFound } from '../errors.ts';
import type { RecipientStat, Report, Row } from '../types.ts';
import { asString, emailKey, toInt } from '../values.ts';
import { MailingsModel } from './mailings.ts';
import { pageOf } from './store.ts';
import type { Query } from './store.ts';

const REPORT_RECEIVER_TYPES = ['sent', 'opened', 'notopened', 'clicked', 'notclicked', 'bounced', 'unsubscribed'];

export class ReportsModel extends MailingsModel {
	_report(id: unknown): Report {
		this.settle();
		const r = this.reports.get(String(id));
		if (!r) throw notFound('invalid report');
		return r;
	}

	_recipient(mailingId: unknown, email: unknown): { rep: Report; stat: RecipientStat } {
		const rep = this._report(mailingId);
		const key = emailKey(asString(email));
		const stat = [...rep.recipients.values()].find((s) => emailKey(s.email) === key);
		if (!stat) throw notFound('invalid receiver');
		return { rep, stat };
	}

	_reportStats(rep: Report): Record<string, number> {
		let sent = 0, bounced = 0, opened = 0, opens = 0, clicked = 0, clicks = 0, unsub = 0;
		for (const s of rep.recipients.values()) {
			sent++;
			if (s.bounced) bounced++;
			if (s.opened) opened++;
			opens += s.opens;
			if (s.clicked) clicked++;
			clicks += s.clicks.length;
			if (s.unsubscribed) unsub++;
		}
		return {
			sent, delivered: sent - bounced, unique_opened: opened, opened: opens, unique_clicks: clicked, clicks,
			bounced, unsubscribed: unsub, spam: 0,
		};
	}

	renderReport(rep: Report): Record<string, unknown> {
		const m = this.mailings.get(rep.id);
		return {
			id: rep.id, name: m?.name ?? '', subject: m?.subject ?? '', sender_name: m?.sender_name ?? '', sender_email: m?.sender_email ?? '',
			started: rep.started, finished: rep.finished, mailing_groups: { group_ids: [...(m?.groups ?? [])] },
			stats: { [this.config.reportStatsKey]: this._reportStats(rep) },
		};
	}

	/** `GET /reports?start&end&page&pagesize` (≤ reportsMaxPageSize); start/end filter on `finished`. */
	listReports(query: Query = {}): unknown[] {
		this.settle();
		const start = toInt(query.start, 0);
		const end = toInt(query.end, 0);
		const { page, pagesize } = this._paging(query, this.config.reportsMaxPageSize);
		const list = this._listOrder(
			[...this.reports.values()].filter((r) => r.finished >= start && (!end || r.finished <= end)),
			(r) => r.finished,
			(r) => Number(r.id),
		);
		return pageOf(list, page, pagesize).map((r) => this.renderReport(r));
	}

	getReport(id: unknown): unknown {
		return this.renderReport(this._report(id));
	}

	deleteReport(id: unknown): true {
		this.reports.delete(this._report(id).id);
		return true;
	}

	reportLinks(id: unknown): unknown[] {
		const rep = this._report(id);
		const links = rep.links.map((l) => {
			let total = 0, unique = 0;
			for (const s of rep.recipients.values()) {
				const n = s.clicks.filter((c) => c === l.id).length;
				total += n;
				if (n) unique++;
			}
			return { id: l.id, link: l.link, total_clicks: total, unique_clicks: unique };
		});
		return [{ mailing_id: rep.id, links }];
	}

	reportDaily(id: unknown): unknown[] {
		const rep = this._report(id);
		const days = new Map<string, Record<string, number | string>>();
		const day = (t: number): Record<string, number | string> => {
			const d = new Date(t * 1000).toISOString().slice(0, 10);
			if (!days.has(d)) days.set(d, { date: d, sent: 0, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0 });
			return days.get(d) as Record<string, number | string>;
		};
		const inc = (t: number, k: string): void => {
			if (t) day(t)[k] = (day(t)[k] as number) + 1;
		};
		for (const s of rep.recipients.values()) {
			inc(s.sent, 'sent');
			inc(s.opened, 'opened');
			inc(s.clicked, 'clicked');
			inc(s.bounced, 'bounced');
			inc(s.unsubscribed, 'unsubscribed');
		}
		return [...days.values()].sort((a, b) => (String(a.date) < String(b.date) ? -1 : 1));
	}

	/** `GET /reports/{id}/receivers/{type}?detail&from&to&linkid&page&pagesize`. */
	reportReceivers(id: unknown, type: unknown, query: Query = {}): unknown[] {
		const rep = this._report(id);
		const t = asString(type).toLowerCase();
		if (!REPORT_RECEIVER_TYPES.includes(t)) throw notFound('invalid type');
		const from = toInt(query.from, 0);
		const to = toInt(query.to, 0);
		const link = query.linkid !== undefined ? asString(query.linkid) : '';
		const when = (s: RecipientStat): number => {
			if (t === 'sent' || t.startsWith('not')) return s.sent;
			return t === 'opened' ? s.opened : t === 'clicked' ? s.clicked : t === 'bounced' ? s.bounced : s.unsubscribed;
		};
		const matches = (s: RecipientStat): boolean => {
			if (t === 'notopened') return !s.opened;
			if (t === 'notclicked') return !s.clicked;
			if (t === 'clicked' && link) return s.clicks.includes(link);
			return when(s) > 0;
		};
		const stats = [...rep.recipients.values()].filter((s) => matches(s) && when(s) >= from && (!to || when(s) <= to));
		const rows = stats.map((s) => this.rowsById.get(s.rowId)).filter((r): r is Row => r !== undefined);
		return this._page(rows, query);
	}

	/** Ground-truth helpers for reports: a receiver opens / clicks / bounces / unsubscribes from a finished mailing. */
	openMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		const now = this._now();
		stat.opened = stat.opened || now;
		stat.opens++;
		const row = this.rowsById.get(stat.rowId);
		if (row) this._event(row, 'mail_open', String(mailingId), '127.0.0.1', String(mailingId));
		this._touch();
		return true;
	}

	clickMailing(mailingId: unknown, email: unknown, linkId?: unknown): true {
		const { rep, stat } = this._recipient(mailingId, email);
		const link = linkId !== undefined ? asString(linkId) : rep.links[0]?.id ?? '0';
		const now = this._now();
		if (!stat.opened) {
			stat.opened = now;
			stat.opens++;
		}
		stat.clicked = stat.clicked || now;
		stat.clicks.push(link);
		const row = this.rowsById.get(stat.rowId);
		if (row) this._event(row, 'mail_click', link, '', String(mailingId));
		this._touch();
		return true;
	}

	bounceMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		stat.bounced = stat.bounced || this._now();
		if (this.rowsById.has(stat.rowId)) this.bounce(stat.email, stat.groupId, String(mailingId));
		return true;
	}

	unsubscribeMailing(mailingId: unknown, email: unknown): true {
		const { stat } = this._recipient(mailingId, email);
		stat.unsubscribed = stat.unsubscribed || this._now();
		if (this.rowsById.has(stat.rowId)) this.unsubscribe(stat.groupId, stat.email, String(mailingId));
		return true;
	}
}
