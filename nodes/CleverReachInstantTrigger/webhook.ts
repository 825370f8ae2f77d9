/**
 * CleverReach's calls to the trigger's URL:
 *
 * - `GET ?secret=<s>` (webhook "setup"): the verification during a registration, answered `"<verify> <s>"` as
 *   text/plain. Nothing else, no execution.
 * - `POST` (webhook "default"): an event. `X-CR-Calltoken` must equal the call token of one of this node's
 *   registrations (constant-time comparison): otherwise 401. The body must be `{event, condition, payload}` of that
 *   registration: otherwise 400 (401 when it names another registration's event or group). Events this trigger no
 *   longer watches, and repeats of an event already emitted within DUPLICATE_WINDOW, are answered 200 and start
 *   nothing. Everything else starts one execution with one item; with "Fetch Receiver" the receiver is read first.
 *
 * Bad calls are answered here (noWebhookResponse) instead of thrown: n8n starts an execution for a webhook that throws.
 * The calls never write static data: n8n saves the whole static data after each call, so a call still running
 * while the workflow is re-activated would put back the old call tokens. Repeats are recognised in memory instead.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData, NodeApiError } from 'n8n-workflow';
import { cleverReachApiRequest } from '../shared/transport';
import type { Hook, InstantConfig } from './config';
import { DUPLICATE_WINDOW, isReceiverEvent, readConfig, readState, verifyToken } from './config';
import { sameSecret, sha256Hex } from './crypto';

interface Delivery {
	event: string;
	condition: string;
	payload: IDataObject;
}

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

function answer(res: Response, status: number, text: string): IWebhookResponseData {
	res.status(status);
	res.setHeader('content-type', 'text/plain; charset=utf-8');
	res.end(text);
	return { noWebhookResponse: true };
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** The body as `{event, condition, payload}`, or null when it is not one. */
function readDelivery(context: IWebhookFunctions): Delivery | null {
	let body: unknown = context.getBodyData();
	if (!isObject(body) || !Object.keys(body).length) {
		// A body n8n did not parse (e.g. JSON sent as text/plain).
		const raw = (context.getRequestObject() as { rawBody?: Uint8Array | string }).rawBody;
		try {
			body = raw === undefined ? undefined : JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
		} catch {
			return null;
		}
	}
	if (!isObject(body)) return null;
	const { event, condition, payload } = body;
	if (typeof event !== 'string' || !/^[a-z]+\.[a-z]+$/.test(event)) return null;
	if (!isObject(payload) || !Object.keys(payload).length) return null;
	if (condition !== undefined && condition !== null && typeof condition !== 'string' && typeof condition !== 'number') return null;
	const delivery = { event, condition: condition === undefined || condition === null ? '' : String(condition), payload };
	if (isReceiverEvent(event)) {
		const id = payload.pool_id;
		if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') return null;
		if (!delivery.condition && payload.group_id !== undefined) delivery.condition = String(payload.group_id);
		if (!/^[0-9]+$/.test(delivery.condition)) return null;
	}
	return delivery;
}

/** Whether the delivery is one the registration with that token can send: its event (or entity) and group. */
function fromHook(hook: Hook, delivery: Delivery): boolean {
	const eventMatches = hook.event === delivery.event || delivery.event.startsWith(`${hook.event}.`);
	return eventMatches && (!hook.condition || hook.condition === delivery.condition);
}

const watched = (config: InstantConfig, delivery: Delivery) =>
	config.events.includes(delivery.event) && (!isReceiverEvent(delivery.event) || config.groups.includes(delivery.condition));

/** JSON with sorted keys, so equal values give equal keys. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * Reading the receiver failed for a passing reason (CleverReach unavailable or rate-limited after the transport's
 * retries, network): the call is answered 503 without an execution, so that CleverReach delivers it again.
 */
const isTransient = (error: NodeApiError) => {
	const status = Number(error.httpCode);
	return !status || status === 429 || status >= 500;
};

/** The item, or null when the receiver could not be read for a passing reason (see isTransient). */
async function toItem(context: IWebhookFunctions, config: InstantConfig, delivery: Delivery): Promise<IDataObject | null> {
	const { event, condition, payload } = delivery;
	if (event.startsWith('form.')) return { event, formId: String(payload.form_id ?? ''), payload };
	if (event.startsWith('group.')) return { event, groupId: String(payload.group_id ?? condition), payload };
	const receiverId = String(payload.pool_id);
	const item: IDataObject = { event, groupId: condition, receiverId };
	if (config.fetchReceiver && event !== 'receiver.deleted') {
		try {
			item.receiver = await cleverReachApiRequest.call(
				context,
				'GET',
				`/groups.json/${encodeURIComponent(condition)}/receivers/${encodeURIComponent(receiverId)}`,
				{ notFoundMessage: `Receiver ${receiverId} is not in group ${condition} any more (deleted or moved since the event)` },
			);
		} catch (error) {
			if (isTransient(error as NodeApiError)) return null;
			// Gone, or not readable with this credential: the event still counts, the workflow sees why.
			item.receiver = null;
			item.receiverError = (error as NodeApiError).message;
		}
	}
	item.payload = payload;
	return item;
}

/**
 * What makes two deliveries the same event. CleverReach's calls carry no event ID and its payloads only IDs, so it
 * is the event and its payload; for `receiver.updated` with the receiver read, also the receiver's state (without its
 * activity log): a redelivery reads the same state, a real second change a new one. Keys never depend on whether the
 * read worked, so copies of one delivery always share one key (an update also records the plain key, which is what
 * a copy arriving after the receiver was deleted has).
 */
async function eventKeys(item: IDataObject, delivery: Delivery): Promise<string[]> {
	const plain = (await sha256Hex(canonical(delivery))).slice(0, 32);
	if (delivery.event !== 'receiver.updated' || !isObject(item.receiver)) return [plain];
	const state = { ...delivery, receiver: { ...item.receiver, events: undefined, orders: undefined } };
	return [(await sha256Hex(canonical(state))).slice(0, 32), plain];
}

/**
 * Recently emitted events in this n8n process: `<registration>:<event key>` → expiry (ms), in insertion (= expiry)
 * order, at most DUPLICATE_WINDOW.maxKeys. Checked and set without an `await` in between, so two copies of one
 * delivery arriving together cannot both pass.
 */
const recent = new Map<string, number>();

/** Whether `keys[0]` is new; records all `keys` when it is. */
function firstTime(keys: string[], now: number): boolean {
	for (const [k, until] of recent) {
		if (until > now) break;
		recent.delete(k);
	}
	if (recent.has(keys[0])) return false;
	for (const key of keys) {
		recent.delete(key);
		recent.set(key, now + DUPLICATE_WINDOW.ms);
	}
	while (recent.size > DUPLICATE_WINDOW.maxKeys) recent.delete(recent.keys().next().value as string);
	return true;
}

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	if (this.getWebhookName() === 'setup') {
		const secret = (this.getQueryData() as IDataObject).secret;
		if (typeof secret !== 'string' || !/^[\w.~-]{1,200}$/.test(secret)) {
			return answer(res, 400, 'Bad Request: this URL answers CleverReach\'s verification call (GET ?secret=…)');
		}
		let verify: string;
		try {
			verify = await verifyToken(this);
		} catch (error) {
			return answer(res, 500, `Internal Server Error: ${(error as Error).message}`);
		}
		return answer(res, 200, `${verify} ${secret}`);
	}

	const header = this.getHeaderData()['x-cr-calltoken'];
	const presented = Array.isArray(header) ? header[0] : header;
	const state = readState(this);
	let hook: Hook | undefined;
	if (typeof presented === 'string' && presented) {
		// Every token is compared (no early exit), each in constant time.
		for (const h of state.hooks) if (sameSecret(h.token, presented) && !hook) hook = h;
	}
	if (!hook) return answer(res, 401, 'Unauthorized');
	const delivery = readDelivery(this);
	if (!delivery) return answer(res, 400, 'Bad Request: expected a JSON body {"event", "condition", "payload"}');
	if (!fromHook(hook, delivery)) return answer(res, 401, 'Unauthorized');

	const config = readConfig(this, false);
	if (!watched(config, delivery)) return answer(res, 200, 'Ignored: this trigger does not watch that event');
	const item = await toItem(this, config, delivery);
	if (!item) return answer(res, 503, 'Service Unavailable: could not read the receiver from CleverReach, deliver again later');
	const scope = (await sha256Hex(hook.token)).slice(0, 16);
	const keys = (await eventKeys(item, delivery)).map((key) => `${scope}:${key}`);
	if (!firstTime(keys, Date.now())) return answer(res, 200, 'Ignored: repeated delivery');
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
