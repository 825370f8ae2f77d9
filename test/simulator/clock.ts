/** Simulator clock in unix seconds. `manual` only moves when told to; `real` follows Date.now() plus an offset. */
export type ClockMode = 'manual' | 'real';

export const DEFAULT_START = 1_700_000_000;

export class Clock {
	mode: ClockMode;
	private current: number;
	private offset = 0;

	constructor(mode: ClockMode = 'manual', start: number = DEFAULT_START) {
		this.mode = mode;
		this.current = Math.floor(start);
	}

	now(): number {
		if (this.mode === 'real') return Math.floor(Date.now() / 1000) + this.offset;
		return this.current;
	}

	advance(seconds: number): number {
		if (this.mode === 'real') this.offset += Math.floor(seconds);
		else this.current += Math.floor(seconds);
		return this.now();
	}

	set(unix: number): number {
		if (this.mode === 'real') this.offset = Math.floor(unix) - Math.floor(Date.now() / 1000);
		else this.current = Math.floor(unix);
		return this.now();
	}
}
