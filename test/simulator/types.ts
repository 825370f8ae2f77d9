/** Shapes stored by the model (the JSON shapes returned by the API are built in model.ts `render*`). */
import type { AttrType } from './values.ts';

export interface Group {
	id: string;
	name: string;
	locked: boolean;
	backup: boolean;
	receiver_info: string;
	stamp: number;
	last_mailing: number;
	last_changed: number;
}

export interface Attribute {
	id: number;
	groups_id: number;
	name: string;
	description: string;
	preview_value: string;
	default_value: string;
	type: AttrType;
}

export interface ReceiverEvent {
	stamp: number;
	type: string;
	type_id: string;
	value: string;
	mailing_id: string;
	groups_id: string;
}

export interface OrderItem {
	order_id: string;
	product_id: string;
	product: string;
	stamp: number;
	price: number;
	currency: string;
	quantity: number;
	product_source: string;
	brand: string;
	product_category: string;
	attributes: string;
	mailing_id: string;
}

/** One receiver row = one (group, email) pair. */
export interface Row {
	/** Numeric id (for fast sorting); `id` is its string form. */
	n: number;
	id: string;
	email: string;
	/** Lower-cased email. */
	key: string;
	groupId: string;
	imported: number;
	bounced: number;
	activated: number;
	registered: number;
	deactivated: number;
	last_ip: string;
	last_location: string;
	last_client: string;
	last_changed: number;
	points: number;
	stars: number;
	source: string;
	/** Group-local attribute values by attribute name. */
	attrs: Record<string, string>;
	/** Global attribute values, one object shared by all rows with the same email. */
	globals: Record<string, string>;
	tags: string[];
	events: ReceiverEvent[];
	orders: OrderItem[];
	/** Unsubscribed through CleverReach itself (link in a mail): an API write of `activated` cannot undo it. */
	unsubscribedBySystem: boolean;
}

export interface FilterRule {
	operator?: string;
	field: string;
	logic: string;
	condition: string;
}

export interface Filter {
	id: string;
	groupId: string;
	name: string;
	operator: string;
	rules: FilterRule[];
	stamp: number;
}

export interface Form {
	id: string;
	name: string;
	customer_tables_id: string;
	type: string;
	description: string;
	title: string;
	stamp: number;
}

export interface DoiMail {
	kind: 'activate' | 'deactivate';
	formId: string;
	groupId: string;
	email: string;
	doidata: Record<string, unknown>;
	at: number;
}

export interface BlacklistEntry {
	email: string;
	comment: string;
	stamp: number;
	isLocked: boolean;
}

export interface MailingSettings {
	editor: string;
	open_tracking: boolean;
	click_tracking: boolean;
	link_tracking_url: string;
	link_tracking_type: string;
	google_campaign_name: string;
	unsubscribe_form_id: string;
	campaign_id: string;
	category_id: string;
}

export interface Mailing {
	id: string;
	name: string;
	subject: string;
	sender_name: string;
	sender_email: string;
	contentType: string;
	body_html: string;
	body_text: string;
	groups: string[];
	filterId: string;
	settings: MailingSettings;
	tags: string[];
	stamp: number;
	last_changed: number;
	/** Release time (0 = draft). */
	sendAt: number;
	ready: number;
	started: number;
	finished: number;
	previews: Array<{ receivers: string[]; previewText: string; at: number }>;
}

export interface RecipientStat {
	rowId: string;
	email: string;
	groupId: string;
	sent: number;
	opened: number;
	opens: number;
	clicked: number;
	clicks: string[];
	bounced: number;
	unsubscribed: number;
}

export interface Report {
	id: string;
	started: number;
	finished: number;
	links: Array<{ id: string; link: string }>;
	recipients: Map<string, RecipientStat>;
}

export type MailingState = 'draft' | 'waiting' | 'running' | 'finished';
