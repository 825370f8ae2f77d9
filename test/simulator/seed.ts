/** Demo data and fast bulk creation. */
import type { Simulator } from './api.ts';
import type { Row } from './types.ts';

export interface AddReceiversOptions {
	/** Email local-part prefix (default `user`); emails are `<prefix><i>@<domain>`. */
	prefix?: string;
	domain?: string;
	/** Index of the first receiver (default 0). */
	offset?: number;
	/** Share of inactive rows (activated = 0), 0..1; every n-th row, deterministic. */
	inactiveShare?: number;
	/** Share of unsubscribed rows (deactivated > 0). */
	unsubscribedShare?: number;
	/** Share of bounced rows. */
	bouncedShare?: number;
	/** Tags put on every row. */
	tags?: string[];
	/** Global attribute values for every row (the attributes must exist). */
	globals?: Record<string, string>;
	/** `registered` of row i is `now - spreadSeconds * (n - i) / n`, so later rows are newer (default 30 days). */
	spreadSeconds?: number;
	source?: string;
}

function every(share: number | undefined): number {
	return share && share > 0 ? Math.max(1, Math.round(1 / share)) : 0;
}

/** Creates `n` receivers in a group without per-row validation (100,000 rows in well under a second). */
export function addReceivers(sim: Simulator, groupId: string, n: number, opts: AddReceiversOptions = {}): number {
	const now = sim.clock.now();
	const spread = opts.spreadSeconds ?? 30 * 86400;
	const inactive = every(opts.inactiveShare);
	const unsub = every(opts.unsubscribedShare);
	const bounced = every(opts.bouncedShare);
	const rows: Array<Partial<Row> & { email: string }> = [];
	const offset = opts.offset ?? 0;
	for (let i = 0; i < n; i++) {
		const k = offset + i;
		const registered = now - Math.floor((spread * (n - i)) / Math.max(1, n));
		const row: Partial<Row> & { email: string } = {
			email: `${opts.prefix ?? 'user'}${k}@${opts.domain ?? 'example.com'}`,
			registered,
			activated: inactive && k % inactive === inactive - 1 ? 0 : registered,
			last_changed: registered,
			source: opts.source ?? 'bulk',
		};
		if (unsub && k % unsub === 0) row.deactivated = registered + 60;
		if (bounced && k % bounced === 1) row.bounced = registered + 120;
		if (opts.tags) row.tags = opts.tags;
		if (opts.globals) row.globals = opts.globals;
		rows.push(row);
	}
	return sim.model.bulkInsert(groupId, rows);
}

export interface DemoIds {
	groups: string[];
	forms: string[];
	mailings: { drafts: string[]; finished: string };
	filter: string;
}

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Kira', 'Lukas'];
const LAST = ['Schmidt', 'Meyer', 'Weber', 'Fischer', 'Wagner', 'Becker'];
const GENDERS = ['female', 'male', 'female', 'male', 'female', 'male', 'female', 'male', 'female', 'male', 'female', 'diverse'];

/** 3 groups with a dozen receivers each (active, inactive, unsubscribed, bounced), attributes of every type, tags, orders, forms, mailings, a report, a blacklist entry. */
export function seedDemo(sim: Simulator): DemoIds {
	const m = sim.model;
	const now = sim.clock.now();
	for (const [name, type] of [['firstname', 'text'], ['lastname', 'text'], ['birthday', 'date'], ['gender', 'gender'], ['customer_number', 'number']]) {
		m.createAttribute({ name, type, description: name.replace('_', ' ') });
	}
	const groups = ['Newsletter', 'Customers', 'Events'].map((name) => m.createGroup({ name }).id);
	m.createAttribute({ name: 'interest', type: 'text', description: 'Interest' }, groups[0]);
	m.createAttribute({ name: 'score', type: 'number', description: 'Score' }, groups[0]);
	m.createAttribute({ name: 'customer_since', type: 'date', description: 'Customer since' }, groups[1]);
	m.createAttribute({ name: 'loyalty', type: 'number', description: 'Loyalty points' }, groups[1]);
	m.createAttribute({ name: 'salutation', type: 'gender', description: 'Salutation' }, groups[2]);

	groups.forEach((gid, gi) => {
		FIRST.forEach((first, i) => {
			const email = `${first.toLowerCase()}.${LAST[i % LAST.length].toLowerCase()}${gi ? gi : ''}@example.com`;
			const registered = now - (30 - i) * 86400 - gi * 3600;
			const local: Record<string, string> = gi === 0 ? { interest: i % 2 ? 'tech' : 'travel', score: String(i * 5) }
				: gi === 1 ? { customer_since: `202${i % 5}-0${(i % 9) + 1}-15`, loyalty: String(i * 10) } : { salutation: GENDERS[i] };
			m.addReceiver(gid, {
				email, registered, activated: i % 6 === 5 ? 0 : registered, source: gi === 1 ? 'Shop' : 'Website',
				global_attributes: {
					firstname: first, lastname: LAST[i % LAST.length], birthday: `19${80 + i}-0${(i % 9) + 1}-1${i % 9}`,
					gender: GENDERS[i], customer_number: String(1000 + i),
				},
				attributes: local,
				tags: [i % 2 ? 'Shop.VIP' : 'Website.Newsletter', ...(i % 3 === 0 ? ['sale'] : [])],
				orders: gi === 1 && i < 6 ? [{ order_id: `ORD-${100 + i}`, product_id: `P${i}`, product: `Product ${i}`, price: 9.99 + i, currency: 'EUR', quantity: 1, stamp: registered + 600 }] : undefined,
			});
			if (i === 7) m.unsubscribe(gid, email);
			if (i === 8) m.deactivate(gid, email);
			if (i === 9) m.bounce(email, gid);
		});
	});

	const forms = groups.map((gid, i) => (m.createForm(gid, 'default', { name: `${['Newsletter', 'Customers', 'Events'][i]} sign-up` }) as { id: string }).id);
	const filter = (m.createFilter(groups[0], { name: 'VIPs', operator: 'AND', rules: [{ field: 'tags', logic: 'contains', condition: 'VIP' }] }) as { id: string }).id;
	const content = (title: string): Record<string, string> => ({
		type: 'html/text', html: `<html><body><h1>${title}</h1><a href="https://example.com/shop">Shop</a> <a href="https://example.com/blog">Blog</a></body></html>`, text: title,
	});
	const base = { sender_name: 'Simulator', sender_email: 'news@example.com', settings: { editor: 'advanced', open_tracking: true, click_tracking: true } };
	const drafts = ['Spring Sale', 'Event Invitation'].map(
		(name, i) => m.createMailing({ ...base, name, subject: name, content: content(name), receivers: { groups: [groups[i]] } }).id as string,
	);
	const finished = m.createMailing({ ...base, name: 'Welcome', subject: 'Welcome to our newsletter', content: content('Welcome'), receivers: { groups: [groups[0]] } }).id as string;
	m.finishMailing(finished);
	const sent = m.reportReceivers(finished, 'sent', { pagesize: 100 }) as Array<{ email: string }>;
	sent.slice(0, 6).forEach((r, i) => {
		m.openMailing(finished, r.email);
		if (i < 3) m.clickMailing(finished, r.email);
	});
	m.addBlacklist({ email: 'spam@example.org', comment: 'complained' });
	return { groups, forms, mailings: { drafts, finished }, filter };
}
