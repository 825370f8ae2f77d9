/**
 * Sign-up forms (and the double opt-in mails they send) and the blacklists.
 */
import { badRequest, notFound } from '../errors.ts';
import type { BlacklistEntry, Form } from '../types.ts';
import { asString, emailKey, isEmail, isPlainObject } from '../values.ts';
import { GroupsModel } from './groups.ts';


export class FormsModel extends GroupsModel {
	renderForm(f: Form): Record<string, unknown> {
		return { id: f.id, name: f.name, customer_tables_id: f.customer_tables_id, type: f.type, description: f.description, title: f.title, stamp: f.stamp };
	}

	_form(id: unknown): Form {
		const f = this.forms.get(String(id));
		if (!f) throw notFound('invalid form');
		return f;
	}

	listForms(groupId?: unknown): unknown[] {
		const gid = groupId === undefined ? '' : this._group(groupId).id;
		return [...this.forms.values()].filter((f) => !gid || f.customer_tables_id === gid).map((f) => this.renderForm(f));
	}

	getForm(id: unknown): unknown {
		return this.renderForm(this._form(id));
	}

	/** `POST /forms/{group_id}/createfromtemplate/{type}`. */
	createForm(groupId: unknown, type: unknown = 'default', body: unknown = {}): unknown {
		const g = this._group(groupId);
		const b = isPlainObject(body) ? body : {};
		const f: Form = {
			id: String(++this.seq.form), name: asString(b.name, `${g.name} form`), customer_tables_id: g.id, type: asString(type, 'default'),
			description: asString(b.description), title: asString(b.title, asString(b.name, g.name)), stamp: this._now(),
		};
		this.forms.set(f.id, f);
		this._notify({ entity: 'form', kind: 'created', id: f.id, groupId: g.id });
		return this.renderForm(f);
	}

	formCode(id: unknown): string {
		const f = this._form(id);
		return `<form class="layout_form cr_form cr_font" action="https://${this.account.login_domain}/f/${this.account.id}-${f.id}/wcs/" method="post" target="_blank"><div class="cr_body"><h2>${f.title}</h2><input type="email" name="email" required><button type="submit">Subscribe</button></div></form>`;
	}

	/** `POST /forms/{id}/send/activate|deactivate` `{email, doidata}`: records the DOI mail; 404 if the email is not in the form's group. */
	sendDoi(formId: unknown, kind: 'activate' | 'deactivate', body: unknown): true {
		const f = this._form(formId);
		const b = isPlainObject(body) ? body : {};
		if (!isEmail(b.email)) throw badRequest('invalid email');
		const row = this._row(f.customer_tables_id, b.email);
		this.doiMails.push({
			kind, formId: f.id, groupId: f.customer_tables_id, email: row.email,
			doidata: isPlainObject(b.doidata) ? { ...b.doidata } : {}, at: this._now(),
		});
		return true;
	}

	_blacklist(groupId: unknown = '0'): Map<string, BlacklistEntry> {
		const gid = String(groupId ?? '0') || '0';
		if (gid !== '0') this._group(gid);
		if (!this.blacklists.has(gid)) this.blacklists.set(gid, new Map());
		return this.blacklists.get(gid) as Map<string, BlacklistEntry>;
	}

	_blacklisted(email: string, groupId = ''): boolean {
		const key = emailKey(email);
		return !!this.blacklists.get('0')?.has(key) || (!!groupId && !!this.blacklists.get(groupId)?.has(key));
	}

	listBlacklist(groupId: unknown = '0'): BlacklistEntry[] {
		return [...this._blacklist(groupId).values()].map((e) => ({ ...e }));
	}

	getBlacklisted(email: unknown, groupId: unknown = '0'): BlacklistEntry {
		const e = this._blacklist(groupId).get(emailKey(asString(email)));
		if (!e) throw notFound('email not blacklisted');
		return { ...e };
	}

	addBlacklist(body: unknown, groupId: unknown = '0'): BlacklistEntry {
		const b = isPlainObject(body) ? body : { email: body };
		if (!isEmail(b.email)) throw badRequest('invalid email');
		const list = this._blacklist(groupId);
		const key = emailKey(b.email);
		const entry: BlacklistEntry = list.get(key) ?? { email: b.email.trim(), comment: '', stamp: this._now(), isLocked: false };
		if (b.comment !== undefined) entry.comment = asString(b.comment);
		if (b.isLocked !== undefined) entry.isLocked = !!b.isLocked;
		list.set(key, entry);
		return { ...entry };
	}

	updateBlacklist(email: unknown, body: unknown, groupId: unknown = '0'): BlacklistEntry {
		const b = isPlainObject(body) ? body : {};
		const target = email ?? b.email;
		this.getBlacklisted(target, groupId);
		return this.addBlacklist({ ...b, email: asString(target) }, groupId);
	}

	removeBlacklist(email: unknown, groupId: unknown = '0'): true {
		const list = this._blacklist(groupId);
		if (!list.delete(emailKey(asString(email)))) throw notFound('email not blacklisted');
		return true;
	}

	/** `POST /blacklist/validate` `{emails:[...]}` → the emails that are valid and not blacklisted. */
	validateEmails(body: unknown): string[] {
		const emails = isPlainObject(body) && Array.isArray(body.emails) ? body.emails : Array.isArray(body) ? body : [];
		return emails.map((e) => asString(e)).filter((e) => isEmail(e) && !this._blacklisted(e));
	}
}
