/**
 * CleverReach's eventhooks (`/hooks/eventhook`, no `/v3`), as the reference (§9) and the evidence (§3 "Webhooks")
 * describe them, plus the faults a receiver of eventhooks has to survive:
 *
 * - `POST /hooks/eventhook {url, event, condition, verify}`: `verify` must be 10–50 characters; before the POST
 *   answers, the URL is called with `GET ?secret=<s>` and must answer 200 with `"<verify> <s>"`. The answer is
 *   `{success: true, call_token, secret}`. A registration for the same url, event and condition replaces the
 *   older one (unconfirmed).
 * - `GET /hooks/eventhook`: the registrations `[{id, url, event, condition}]` (the endpoint is unconfirmed, the
 *   shape a guess; no tokens in it).
 * - `DELETE /hooks/eventhook/{event}?condition=<id>`: `options.deleteSemantics` decides which reading holds:
 *   `condition` removes every registration of that event and condition (any URL), `event` every registration of
 *   that event (the documentation's "This deletes all registration for the event"). 404 when nothing matched.
 * - Delivery: every receiver, group and form write of the model (`Model.changeListeners`) is sent to each matching
 *   registration as `POST <url>` with `X-CR-Calltoken: <call_token>` and `{condition, event, payload}`; receiver
 *   payloads are `{group_id, pool_id}`, form `{form_id}`, group `{group_id}`. A write can raise several events
 *   (a new active receiver: `receiver.created` and `receiver.subscribed`).
 * - Faults (`options`): `duplicates` extra copies of each delivery (at-least-once), `hold` keeps deliveries until
 *   `release('fifo' | 'lifo')` (out of order), `attempts`/`retryDelayMs` retry deliveries that got no 2xx, and
 *   every call is recorded in `calls` with wall-clock times (for latency figures).
 *
 * Delivery is pluggable: `transport` makes the HTTP calls (real HTTP by default, as the server/CLI needs; unit tests
 * plug in n8n's webhook machinery in-process). The HTTP routes are in routes.ts, the admin routes in admin.ts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Clock } from './clock.ts';
import { SimError } from './errors.ts';
import type { Model, ModelChange } from './model.ts';
import { isPlainObject } from './values.ts';

/** Event names per entity; registering the entity name (`receiver`) covers all of its events. */
export const EVENTHOOK_EVENTS: Record<string, string[]> = {
	receiver: ['subscribed', 'unsubscribed', 'created', 'updated', 'deleted'],
	form: ['created', 'updated', 'deleted'],
	filter: ['created', 'updated', 'deleted'],
	group: ['created', 'updated', 'deleted'],
	automation: ['activated', 'deactivated', 'deleted'],
};

const KNOWN_EVENTS = new Set(
	Object.entries(EVENTHOOK_EVENTS).flatMap(([entity, events]) => [entity, ...events.map((e) => `${entity}.${e}`)]),
);

export interface EventhookCall {
	method: 'GET' | 'POST';
	url: string;
	headers: Record<string, string>;
	body?: string;
}

export interface EventhookAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Makes one HTTP call of the eventhook system; throws when there is no answer (refused, reset, timeout). */
export type EventhookTransport = (call: EventhookCall, timeoutMs: number) => Promise<EventhookAnswer>;

export interface EventhookRegistration {
	id: string;
	url: string;
	event: string;
	/** Group id for receiver events; '' when registered without one. */
	condition: string;
	verify: string;
	callToken: string;
	secret: string;
	/** Wall clock (ms) when the registration POST answered, after the verification call. */
	answeredAt: number;
}

export interface EventhookOptions {
	deleteSemantics: 'condition' | 'event';
	/** Extra copies of every delivery, sent after the first one (at-least-once delivery). */
	duplicates: number;
	/** Keep deliveries until `release()` (to deliver them late, or in reverse order). */
	hold: boolean;
	/** Calls per delivery until one answers 2xx (1 = no retry). */
	attempts: number;
	retryDelayMs: number;
	/** Per call, the verification call included. */
	timeoutMs: number;
}

export function defaultEventhookOptions(): EventhookOptions {
	return { deleteSemantics: 'event', duplicates: 0, hold: false, attempts: 3, retryDelayMs: 1000, timeoutMs: 10_000 };
}

/** One call the eventhook system made (verification or delivery), with wall-clock times in ms. */
export interface EventhookCallRecord {
	kind: 'verify' | 'event';
	/** Deliveries: the same for every attempt and copy of one event for one registration. */
	delivery?: number;
	registrationId?: string;
	url: string;
	event?: string;
	condition?: string;
	payload?: Record<string, string>;
	attempt: number;
	/** 0 = the first delivery, 1… = duplicate copies. */
	copy: number;
	/** HTTP status, 0 when there was no answer; -1 when the registration was gone before the call. */
	status: number;
	error?: string;
	/** Start of the answer's body (200 characters). */
	answer?: string;
	/** When the model write happened (deliveries) or the registration POST arrived (verification). */
	changedAt: number;
	sentAt: number;
	doneAt: number;
}

interface Delivery {
	id: number;
	registration: EventhookRegistration;
	event: string;
	condition: string;
	payload: Record<string, string>;
	changedAt: number;
}

const token = (bytes: number) => randomBytes(bytes).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Real HTTP(S) calls (node:http/https), used by the server and the CLI. */
export const httpTransport: EventhookTransport = (call, timeoutMs) =>
	new Promise((resolve, reject) => {
		const url = new URL(call.url);
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(url, { method: call.method, headers: call.headers, timeout: timeoutMs }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
				resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
			});
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(call.body);
	});

/** The events one model write raises, with the group they belong to and their payload. */
function eventsOf(change: ModelChange): Array<{ entity: string; event: string; groupId: string; payload: Record<string, string> }> {
	if (change.entity !== 'receiver') {
		const payload: Record<string, string> = change.entity === 'form' ? { form_id: change.id } : { group_id: change.id };
		return [{ entity: change.entity, event: `${change.entity}.${change.kind}`, groupId: change.groupId, payload }];
	}
	const { row, kind, wasActive } = change;
	const active = row.activated > 0 && row.deactivated === 0 && row.bounced === 0;
	const names =
		kind === 'deleted'
			? ['deleted']
			: kind === 'created'
				? ['created', ...(active ? ['subscribed'] : [])]
				: ['updated', ...(!wasActive && active ? ['subscribed'] : []), ...(wasActive && !active && row.deactivated > 0 ? ['unsubscribed'] : [])];
	const payload = { group_id: row.groupId, pool_id: row.id };
	return names.map((name) => ({ entity: 'receiver', event: `receiver.${name}`, groupId: row.groupId, payload }));
}

export class Eventhooks {
	registrations: EventhookRegistration[] = [];
	calls: EventhookCallRecord[] = [];
	options: EventhookOptions = defaultEventhookOptions();
	transport: EventhookTransport = httpTransport;
	private held: Delivery[] = [];
	private running = new Set<Promise<void>>();
	private seq = { registration: 0, delivery: 0 };
	private readonly model: Model;
	private readonly clock: Clock;

	constructor(model: Model, clock: Clock) {
		this.model = model;
		this.clock = clock;
		model.changeListeners.push((change) => this.onChange(change));
	}

	/** `POST /hooks/eventhook`: validates, calls the URL for the verification, then registers. */
	async register(body: unknown): Promise<{ success: true; call_token: string; secret: string }> {
		if (!isPlainObject(body)) throw new SimError(400, 'invalid body');
		const url = typeof body.url === 'string' ? body.url.trim() : '';
		if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new SimError(400, 'invalid url');
		const event = typeof body.event === 'string' ? body.event.trim() : '';
		if (!KNOWN_EVENTS.has(event)) throw new SimError(400, 'invalid event');
		const verify = typeof body.verify === 'string' ? body.verify : '';
		if (verify.length < 10 || verify.length > 50) throw new SimError(400, 'verify must be 10 to 50 signs long');
		const condition = body.condition === undefined || body.condition === null ? '' : String(body.condition).trim();
		if (condition && event.startsWith('receiver')) this.model.getGroup(condition);

		const secret = token(16);
		const started = Date.now();
		const record: EventhookCallRecord = { kind: 'verify', url, event, condition, attempt: 1, copy: 0, status: 0, changedAt: started, sentAt: started, doneAt: 0 };
		this.calls.push(record);
		let verified = false;
		try {
			const target = new URL(url);
			target.searchParams.set('secret', secret);
			const answer = await this.transport({ method: 'GET', url: target.toString(), headers: { 'user-agent': 'CleverReach eventhook simulator' } }, this.options.timeoutMs);
			record.status = answer.status;
			record.answer = answer.body.slice(0, 200);
			verified = answer.status === 200 && answer.body.trim() === `${verify} ${secret}`;
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		}
		record.doneAt = Date.now();
		if (!verified) throw new SimError(400, 'url verification failed');

		const registration: EventhookRegistration = {
			id: String(++this.seq.registration), url, event, condition, verify, callToken: token(32), secret: token(16), answeredAt: 0,
		};
		this.registrations = [
			...this.registrations.filter((r) => !(r.url === url && r.event === event && r.condition === condition)),
			registration,
		];
		registration.answeredAt = Date.now();
		return { success: true, call_token: registration.callToken, secret: registration.secret };
	}

	/** `GET /hooks/eventhook`. */
	list(): Array<{ id: string; url: string; event: string; condition: string }> {
		return this.registrations.map(({ id, url, event, condition }) => ({ id, url, event, condition }));
	}

	/** `DELETE /hooks/eventhook/{event}?condition=`, in the reading `options.deleteSemantics` selects. */
	remove(event: string, condition?: unknown): true {
		const wanted = condition === undefined || condition === null || condition === '' ? undefined : String(condition);
		const byCondition = this.options.deleteSemantics === 'condition' && wanted !== undefined;
		const hit = this.registrations.filter((r) => r.event === event && (!byCondition || r.condition === wanted));
		if (!hit.length) throw new SimError(404, 'no registration for this event');
		this.registrations = this.registrations.filter((r) => !hit.includes(r));
		return true;
	}

	/** Turns a model write into deliveries, one per matching registration and event. */
	private onChange(change: ModelChange): void {
		if (!this.registrations.length) return;
		const changedAt = Date.now();
		for (const { entity, event, groupId, payload } of eventsOf(change)) {
			for (const registration of this.registrations) {
				if (registration.event !== event && registration.event !== entity) continue;
				if (registration.condition && registration.condition !== groupId) continue;
				const delivery: Delivery = {
					id: ++this.seq.delivery, registration, event, condition: registration.condition || groupId, payload, changedAt,
				};
				if (this.options.hold) this.held.push(delivery);
				else this.start(delivery);
			}
		}
	}

	/** Sends the held deliveries, oldest first (`fifo`) or newest first (`lifo`). */
	release(order: 'fifo' | 'lifo' = 'fifo'): number {
		const batch = order === 'lifo' ? [...this.held].reverse() : [...this.held];
		this.held = [];
		for (const delivery of batch) this.start(delivery);
		return batch.length;
	}

	get heldCount(): number {
		return this.held.length;
	}

	/** Resolves once no delivery is in flight any more (held ones stay held). */
	async settled(): Promise<void> {
		while (this.running.size) await Promise.allSettled([...this.running]);
	}

	private start(delivery: Delivery): void {
		const run = (async () => {
			for (let copy = 0; copy <= this.options.duplicates; copy++) await this.deliver(delivery, copy);
		})();
		this.running.add(run);
		void run.finally(() => this.running.delete(run));
	}

	private async deliver(delivery: Delivery, copy: number): Promise<void> {
		const { registration } = delivery;
		const body = JSON.stringify({ condition: delivery.condition, event: delivery.event, payload: delivery.payload });
		for (let attempt = 1; attempt <= Math.max(1, this.options.attempts); attempt++) {
			const record: EventhookCallRecord = {
				kind: 'event', delivery: delivery.id, registrationId: registration.id, url: registration.url, event: delivery.event,
				condition: delivery.condition, payload: delivery.payload, attempt, copy, status: 0, changedAt: delivery.changedAt, sentAt: Date.now(), doneAt: 0,
			};
			this.calls.push(record);
			if (!this.registrations.includes(registration)) {
				record.status = -1;
				record.error = 'registration deleted before the call';
				record.doneAt = record.sentAt;
				return;
			}
			try {
				const answer = await this.transport(
					{
						method: 'POST',
						url: registration.url,
						headers: { 'content-type': 'application/json', 'x-cr-calltoken': registration.callToken, 'user-agent': 'CleverReach eventhook simulator' },
						body,
					},
					this.options.timeoutMs,
				);
				record.status = answer.status;
				record.answer = answer.body.slice(0, 200);
			} catch (error) {
				record.error = error instanceof Error ? error.message : String(error);
			}
			record.doneAt = Date.now();
			if (record.status >= 200 && record.status < 300) return;
			if (attempt < this.options.attempts) await sleep(this.options.retryDelayMs);
		}
	}

	/** A call the tests make up (forged or malformed deliveries): sent as given, recorded like the others. */
	async send(call: { url: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<EventhookAnswer> {
		const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
		if (call.token !== undefined) headers['x-cr-calltoken'] = call.token;
		const body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body ?? {});
		const now = Date.now();
		const record: EventhookCallRecord = { kind: 'event', url: call.url, attempt: 1, copy: 0, status: 0, changedAt: now, sentAt: now, doneAt: 0 };
		this.calls.push(record);
		try {
			const answer = await this.transport({ method: 'POST', url: call.url, headers, body }, this.options.timeoutMs);
			record.status = answer.status;
			record.answer = answer.body.slice(0, 200);
			return answer;
		} finally {
			record.doneAt = Date.now();
		}
	}

	/** Sim-clock time, for callers that log against the request log. */
	now(): number {
		return this.clock.now();
	}
}
