/**
 * scripts/progress.sh: the long install steps (bootstrap's npm install, n8n's install, the sqlite3 build, Node's
 * headers) print a line at least every 15 s, and the step's exit status is kept. Run here with a 1 s interval.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/progress.sh', import.meta.url));

/** Runs `with_progress step <command>` and returns its exit status and each stderr line with the time it came. */
function withProgress(command: string, every: number): Promise<{ status: number | null; lines: Array<{ at: number; text: string }> }> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn('bash', ['-c', `source "$0"; with_progress step bash -c "$1"`, script, command], {
			env: { ...process.env, PROGRESS_EVERY: String(every) },
		});
		const lines: Array<{ at: number; text: string }> = [];
		child.stderr.on('data', (d) => {
			for (const text of String(d).split('\n').filter(Boolean)) lines.push({ at: Date.now() - started, text });
		});
		child.on('close', (status) => resolve({ status, lines }));
	});
}

describe('with_progress (scripts/progress.sh)', () => {
	it('prints the step with its elapsed time at least every interval while it runs, and returns its status', async () => {
		const { status, lines } = await withProgress('sleep 4.5; exit 3', 1);
		expect(status).toBe(3);
		expect(lines).toHaveLength(4);
		const seconds = lines.map((l) => Number(/^step … (\d+) s$/.exec(l.text)?.[1]));
		expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
		expect(seconds[3]).toBeGreaterThanOrEqual(4);
		// The ticker sleeps the interval itself: a line every interval, however long the step's own turns take.
		const gaps = [lines[0].at, ...lines.slice(1).map((l, i) => l.at - lines[i].at)];
		for (const gap of gaps) expect(gap).toBeLessThan(1_500);
	});


	it('a quick step prints nothing and does not wait for the ticker', async () => {
		const started = Date.now();
		const { status, lines } = await withProgress('true', 2);
		expect(status).toBe(0);
		expect(lines).toEqual([]);
		expect(Date.now() - started).toBeLessThan(1_500);
	});
});
