/**
 * Keeps a simulated account across restarts (`npm run dev:sandbox`): every successful write request is appended to a
 * journal file, one JSON line each with CleverReach's time of the request, and a new simulator replays the journal
 * at those times on top of the same seed. Ids, timestamps and the event log come out as they were, so a trigger's
 * cursor stored in n8n still fits the account after a restart (replayed rows are not "new" again).
 * Not journaled: reads (also the read-only POSTs), OAuth, eventhook registrations (n8n registers them again when it
 * activates the workflow) and failed requests.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SimRequest, SimResponse, Simulator } from './api.ts';

interface Header {
	journal: 1;
	/** CleverReach's time when the account was seeded (ms). */
	seededAtMs: number;
}
interface Entry {
	atMs: number;
	method: string;
	url: string;
	contentType?: string;
	body?: string;
}

const NOT_JOURNALED = /^\/(?:oauth|hooks|__sim)\/|^\/v3\/(?:oauth|debug)\/|\/(?:filter|isvalid|validate)(?:\.json)?$/;

function journaled(req: SimRequest, res: SimResponse): boolean {
	const method = req.method.toUpperCase();
	if (method === 'GET' || method === 'HEAD' || res.status >= 400 || res.fault) return false;
	return !NOT_JOURNALED.test(new URL(req.url, 'http://sim').pathname);
}

const moveTo = (sim: Simulator, ms: number) => sim.clock.advanceMs(ms - sim.clock.nowMs());

/**
 * Restores the account from `file` (seeding it with `seed` at the journal's original time) or, when there is no
 * journal yet, seeds it now and starts one; from then on every write is appended. Returns what `seed` returned and
 * how many journaled writes were replayed (and how many of them failed, which only a changed simulator causes).
 */
export async function useJournal<T>(sim: Simulator, file: string, seed: () => T): Promise<{ seeded: T; replayed: number; failed: number }> {
	const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
	const header = lines.length ? (JSON.parse(lines[0]) as Header) : null;
	let replayed = 0;
	let failed = 0;
	let seeded: T;
	if (header?.journal === 1) {
		const resumeAtMs = sim.clock.nowMs();
		moveTo(sim, header.seededAtMs);
		seeded = seed();
		let lastMs = header.seededAtMs;
		for (const line of lines.slice(1)) {
			const entry = JSON.parse(line) as Entry;
			moveTo(sim, entry.atMs);
			lastMs = entry.atMs;
			const { access_token: token } = sim.oauth.issueToken({ refresh: false });
			const headers = { authorization: `Bearer ${token}`, 'content-type': entry.contentType };
			const res = await sim.handle({ method: entry.method, url: entry.url, headers, body: entry.body });
			replayed++;
			if (res.status >= 400) failed++;
		}
		// Back to CleverReach's present (a real clock: this machine's time; a manual one: where it was, or later).
		moveTo(sim, Math.max(sim.clock.mode === 'real' ? Date.now() : resumeAtMs, lastMs));
		sim.resetLog();
	} else {
		writeFileSync(file, `${JSON.stringify({ journal: 1, seededAtMs: sim.clock.nowMs() } satisfies Header)}\n`);
		seeded = seed();
	}
	const handle = sim.handle.bind(sim);
	sim.handle = async (req: SimRequest): Promise<SimResponse> => {
		const atMs = sim.clock.nowMs();
		const res = await handle(req);
		if (journaled(req, res)) {
			const type = req.headers['content-type'];
			const entry: Entry = { atMs, method: req.method, url: req.url, contentType: Array.isArray(type) ? type[0] : type, body: req.body };
			appendFileSync(file, `${JSON.stringify(entry)}\n`);
		}
		return res;
	};
	return { seeded, replayed, failed };
}
