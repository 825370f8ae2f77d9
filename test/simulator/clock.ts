/**
 * CleverReach's clock. `now()` is unix seconds (what the API shows); `nowMs()` keeps milliseconds so that a test
 * harness can let requests and waits take time. `manual` only moves when told to; `real` follows Date.now() plus an
 * offset. Listeners hear every move of a manual clock (the test harness keeps n8n's clock in step with it).
 */
export type ClockMode = 'manual' | 'real';

export const DEFAULT_START = 1_700_000_000;

export class Clock {
	mode: ClockMode;
	private currentMs: number;
	private offsetMs = 0;
	private listeners: Array<(nowMs: number) => void> = [];

	constructor(mode: ClockMode = 'manual', start: number = DEFAULT_START) {
		this.mode = mode;
		this.currentMs = Math.floor(start) * 1000;
	}

	now(): number {
		return Math.floor(this.nowMs() / 1000);
	}

	nowMs(): number {
		return this.mode === 'real' ? Date.now() + this.offsetMs : this.currentMs;
	}

	advance(seconds: number): number {
		this.advanceMs(Math.floor(seconds) * 1000);
		return this.now();
	}

	advanceMs(ms: number): number {
		if (this.mode === 'real') this.offsetMs += Math.floor(ms);
		else this.currentMs += Math.floor(ms);
		this.notify();
		return this.nowMs();
	}

	set(unix: number): number {
		if (this.mode === 'real') this.offsetMs = Math.floor(unix) * 1000 - Date.now();
		else this.currentMs = Math.floor(unix) * 1000;
		this.notify();
		return this.now();
	}

	/** Calls `listener` with the new time after every move (and once now); returns the unsubscribe function. */
	onChange(listener: (nowMs: number) => void): () => void {
		this.listeners.push(listener);
		listener(this.nowMs());
		return () => {
			this.listeners = this.listeners.filter((l) => l !== listener);
		};
	}

	private notify(): void {
		for (const listener of this.listeners) listener(this.nowMs());
	}
}
