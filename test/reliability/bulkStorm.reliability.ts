/**
 * Bulk under faults: 10,000 receivers upserted into five groups in one execution (Continue On Fail on), while
 * the simulator refuses random upsertplus batches (429 with Retry-After, 500, 502, 503, connection resets,
 * timeouts), refuses batches of more than 800 rows (413, so every batch of 1000 is halved), cannot list the
 * attribute definitions (so type checks happen server-side) and some rows are invalid. Every input item must end
 * as exactly one success or one error item, paired to it, and the simulator's final state must hold exactly the
 * successes, with the values that were sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { RETRY_POLICY } from '../../nodes/shared/transport';
import { sleeps } from '../harness/sleeps';
import { rl, useSimulator } from '../harness/simulator';
import type { Simulator } from '../simulator/index.ts';
import { mulberry32 } from '../simulator/index.ts';
import { recordRun, trackSecrets } from './secrets';

const cr = useSimulator();
trackSecrets(cr);

const ITEMS = 10_000;
const GROUPS = 5;
const UPSERT = /^\/v3\/groups\/\d+\/receivers\/upsertplus$/;

type Kind = 'ok' | 'bad-email' | 'bad-number' | 'duplicate';

interface Input extends IDataObject {
	email: string;
	group: string;
	points: string;
	kind: Kind;
}

function buildInput(sim: Simulator, seed: number): Input[] {
	const random = mulberry32(seed);
	const groups = Array.from({ length: GROUPS }, (_, g) => sim.model.createGroup({ name: `Storm ${g}` }).id);
	sim.model.createAttribute({ name: 'points', type: 'number' });
	const input: Input[] = [];
	for (let i = 0; i < ITEMS; i++) {
		const group = groups[Math.floor(random() * GROUPS)];
		const roll = random();
		let kind: Kind = 'ok';
		let email = `user${i}@storm.example.com`;
		let points = String(i);
		if (roll < 0.001) {
			kind = 'bad-email';
			email = `user${i}.storm.example.com`;
		} else if (roll < 0.002) {
			kind = 'bad-number';
			points = `${i} points`;
		} else if (roll < 0.003 && i > 0) {
			// The same email again in the same group, later in the input: both items get the last item's answer.
			const earlier = input[Math.floor(random() * input.length)];
			if (earlier.kind === 'ok') {
				kind = 'duplicate';
				email = earlier.email.toUpperCase();
				points = earlier.points;
				input.push({ email, group: earlier.group, points, kind });
				continue;
			}
		}
		input.push({ email, group, points, kind });
	}
	return input;
}

describe('bulk storm', () => {
	it('10,000 receivers under random batch faults: every item answered exactly once, state matches the successes', async () => {
		const input = buildInput(cr.sim, 20_260_611);
		cr.sim.config.upsertBatchLimit = 800;
		// The attribute definitions cannot be read: values go unchecked to CleverReach, which skips bad rows.
		cr.sim.faults.add({ method: 'GET', path: '/v3/attributes', status: 500, times: Infinity });
		cr.sim.faults.random({
			seed: 7,
			rate: 0.3,
			path: UPSERT,
			kinds: [429, 429, 500, 502, 503, 'reset', 'timeout'],
			retryAfter: 2,
			delayMs: 2,
		});

		const result = await cr.run(
			{
				resource: 'receiver',
				operation: 'upsert',
				groupId: rl('={{ $json.group }}'),
				email: '={{ $json.email }}',
				activation: 'active',
				globalAttributes: { attribute: [{ name: 'points', value: '={{ $json.points }}' }] },
			},
			input,
			{ continueOnFail: true },
		);
		recordRun('bulk storm', result);
		expect(result.error).toBeUndefined();
		const items = result.items ?? [];

		// Exactly one output item per input item, in input order, each paired to its item.
		expect(items).toHaveLength(ITEMS);
		const answered = new Map<number, IDataObject>();
		for (const item of items) {
			const paired = item.pairedItem as { item: number };
			expect(answered.has(paired.item)).toBe(false);
			answered.set(paired.item, item.json);
		}
		const lost = input.filter((_, i) => !answered.has(i)).length;

		let ok = 0;
		let errors = 0;
		const messages = new Set<string>();
		const expected = new Map<string, string>(); // "<group>|<email>" → points
		input.forEach((row, i) => {
			const json = answered.get(i)!;
			if (json.error !== undefined) {
				errors++;
				expect(typeof json.error).toBe('string');
				if (row.kind === 'bad-email') expect(json.error).toBe(`Email "${row.email}" is not a valid email address`);
				// A bad row in a batch that failed as a whole gets the batch's error instead.
				const message = String(json.error);
				if (row.kind === 'bad-number' && !message.startsWith('CleverReach is unavailable')) {
					expect(message).toBe(`CleverReach did not accept receiver "${row.email}"`);
				}
				messages.add(message.replace(/"[^"]*"/g, '"…"').replace(/\d+ attempts over \d+ s/, 'N attempts over T s'));
				return;
			}
			ok++;
			expect(row.kind === 'bad-email' || row.kind === 'bad-number').toBe(false);
			expect(String(json.email).toLowerCase()).toBe(row.email.toLowerCase());
			expect(json.group_id).toBe(row.group);
			expect((json.global_attributes as IDataObject).points).toBe(row.points);
			expected.set(`${row.group}|${row.email.toLowerCase()}`, row.points);
		});

		// The simulator holds exactly the successes, with the values sent.
		const actual = new Map<string, string>();
		for (const group of new Set(input.map((r) => r.group))) {
			const rows = cr.sim.model.listReceivers(group, { pagesize: 5000, page: 0 }) as IDataObject[];
			const more = cr.sim.model.listReceivers(group, { pagesize: 5000, page: 1 }) as IDataObject[];
			for (const r of [...rows, ...more]) {
				actual.set(`${group}|${String(r.email).toLowerCase()}`, String((r.global_attributes as IDataObject).points));
			}
		}
		expect(actual.size).toBe(expected.size);
		expect(actual).toEqual(expected);

		// Every bad row failed, and the faults really happened: retried batches, refused batches, halved batches.
		expect(input.filter((r, i) => r.kind.startsWith('bad') && answered.get(i)!.error === undefined)).toEqual([]);
		const upserts = cr.sim.requests({ method: 'POST', path: UPSERT });
		const faulted = upserts.filter((e) => e.fault || e.status >= 400);
		expect(upserts.some((e) => e.status === 413)).toBe(true);
		expect(faulted.filter((e) => e.status === 429).length).toBeGreaterThan(0);
		expect(faulted.filter((e) => e.fault === 'reset' || e.fault === 'timeout').length).toBeGreaterThan(0);
		expect(sleeps).toContain(2000); // Retry-After: 2 honoured
		expect(sleeps.every((ms) => ms <= RETRY_POLICY.maxDelayMs)).toBe(true);
		expect(errors).toBeGreaterThan(input.filter((r) => r.kind.startsWith('bad')).length); // whole batches failed too
		expect(ok).toBeGreaterThan(ITEMS / 2);
		// Batch failures are told in user terms; nothing else (e.g. a raw exception) reaches the items.
		expect([...messages].sort()).toEqual([
			'CleverReach did not accept receiver "…"',
			// A plain upsert is idempotent: the error says it may have been applied and that running it again is safe.
			'CleverReach is unavailable (HTTP 500): Internal Server Error. It may have been applied; running it again is safe.',
			'CleverReach is unavailable (HTTP 500) (gave up after N attempts over T s): Internal Server Error. It may have been applied; running it again is safe.',
			'Email "…" is not a valid email address',
		].sort());
		expect(lost).toBe(0);
		console.log(`bulk storm: items=${ITEMS} ok=${ok} errors=${errors} lost=${lost}`);
	});

	it('batches that were applied before the connection broke are retried to the same result (idempotent upsert)', async () => {
		const group = cr.sim.model.createGroup({ name: 'Applied' }).id;
		const input = Array.from({ length: 3000 }, (_, i) => ({ email: `applied${i}@example.com`, n: String(i) }));
		cr.sim.model.createAttribute({ name: 'points', type: 'number' });
		for (const kind of ['reset', 'timeout'] as const) {
			cr.sim.faults.add({ method: 'POST', path: UPSERT, kind, delayMs: 2, afterApply: true, times: 2 });
		}
		cr.sim.faults.add({ method: 'POST', path: UPSERT, status: 502, afterApply: true, times: 1 });
		const result = await cr.run(
			{
				resource: 'receiver',
				operation: 'upsert',
				groupId: rl(group),
				email: '={{ $json.email }}',
				activation: 'active',
				globalAttributes: { attribute: [{ name: 'points', value: '={{ $json.n }}' }] },
			},
			input,
			{ continueOnFail: true },
		);
		recordRun('bulk applied faults', result);
		expect(result.items?.filter((i) => i.json.error !== undefined)).toEqual([]);
		expect(result.items?.map((i) => (i.pairedItem as { item: number }).item)).toEqual(input.map((_, i) => i));
		const upserts = cr.sim.requests({ method: 'POST', path: UPSERT });
		expect(upserts.filter((e) => e.fault || e.status >= 400)).toHaveLength(5);
		expect(cr.sim.model.groupStats(group).total_count).toBe(3000);
		const sample = cr.sim.model.getReceiver(group, 'applied2999@example.com') as IDataObject;
		expect((sample.global_attributes as IDataObject).points).toBe('2999');
	});
});
