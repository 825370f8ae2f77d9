import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useJournal } from './journal.ts';
import { seedDemo, Simulator } from './index.ts';

let dir: string;
let file: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'cr-journal-'));
	file = join(dir, 'account.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A simulator as `npm run dev:sandbox` starts it: demo data, the account kept in the journal. */
async function start(startAt = 1_700_000_000) {
	const sim = new Simulator({ start: startAt });
	const restored = await useJournal(sim, file, () => seedDemo(sim));
	const { access_token: token } = sim.oauth.issueToken();
	const call = async (method: string, url: string, body?: unknown) => {
		const res = await sim.handle({
			method,
			url: `/v3${url}`,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: res.status, data: res.body ? JSON.parse(res.body) : null };
	};
	return { sim, restored, call };
}

describe('simulator journal (sandbox account across restarts)', () => {
	it('a restarted simulator has the changes of the earlier run, with their ids and times, and only those', async () => {
		const first = await start();
		const group = (await first.call('POST', '/groups.json', { name: 'Webinar' })).data as { id: number };
		first.sim.clock.advance(120);
		const anna = { email: 'new.person@example.com', registered: first.sim.clock.now(), activated: first.sim.clock.now() };
		expect((await first.call('POST', `/groups.json/${group.id}/receivers/upsert`, [anna])).status).toBe(200);
		first.sim.clock.advance(60);
		const demoGroup = first.restored.seeded.groups[0];
		expect((await first.call('PUT', `/groups.json/${demoGroup}/receivers/anna.schmidt@example.com/deactivate`)).status).toBe(200);
		expect((await first.call('DELETE', '/groups.json/999999')).status).toBe(404); // failed: not journaled
		await first.call('POST', '/receivers/filter.json', { groups: [group.id], rules: [] }); // a read: not journaled
		const before = {
			groups: (await first.call('GET', '/groups.json')).data,
			receivers: (await first.call('GET', `/groups.json/${group.id}/receivers`)).data,
			demo: (await first.call('GET', `/groups.json/${demoGroup}/receivers`)).data,
			history: first.sim.model.history.changes.length,
		};
		const journaled = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as { method: string; url: string });
		expect(journaled.map((e) => e.url)).not.toContain('/v3/receivers/filter.json');
		expect(journaled.map((e) => e.url)).not.toContain('/v3/groups.json/999999');
		expect(journaled.length).toBeGreaterThanOrEqual(2);

		// The restart: a new process whose clock is later (n8n keeps polling meanwhile).
		const second = await start(1_700_000_000 + 3600);
		expect(second.restored).toMatchObject({ replayed: journaled.length, failed: 0 });
		expect(second.sim.log).toEqual([]);
		expect(second.sim.clock.now()).toBeGreaterThanOrEqual(1_700_000_000 + 3600);
		expect((await second.call('GET', '/groups.json')).data).toEqual(before.groups);
		expect((await second.call('GET', `/groups.json/${group.id}/receivers`)).data).toEqual(before.receivers);
		expect((await second.call('GET', `/groups.json/${demoGroup}/receivers`)).data).toEqual(before.demo);
		expect(second.sim.model.history.changes.length).toBe(before.history);

		// Writes after the restart go on into the same journal.
		await second.call('POST', '/groups.json', { name: 'After restart' });
		const third = await start(1_700_000_000 + 7200);
		const names = ((await third.call('GET', '/groups.json')).data as Array<{ name: string }>).map((g) => g.name);
		expect(names).toEqual(expect.arrayContaining(['Webinar', 'After restart']));
	});

	it('without a journal (or after deleting it: --reset) the account is the seed again', async () => {
		const first = await start();
		await first.call('POST', '/groups.json', { name: 'Webinar' });
		rmSync(file);
		const fresh = await start();
		expect(fresh.restored).toMatchObject({ replayed: 0, failed: 0 });
		const names = ((await fresh.call('GET', '/groups.json')).data as Array<{ name: string }>).map((g) => g.name);
		expect(names.sort()).toEqual(['Customers', 'Events', 'Newsletter']);
	});
});
