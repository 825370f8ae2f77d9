/** Timing, memory and statistics helpers of the bench. */
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `global.gc` without restarting the process with --expose-gc (the flag must be set before the context exists).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Full garbage collection, twice (the second one frees what finalizers of the first released). */
export function gc(): void {
	collect();
	collect();
}

export function median(values: number[]): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 2): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** TLS connections opened by this process so far (https agents call `tls.connect` once per new connection). */
export let tlsConnections = 0;
const connect = tls.connect;
tls.connect = function (this: unknown, ...args: unknown[]) {
	tlsConnections++;
	return (connect as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
} as typeof tls.connect;

/**
 * Wall time of `fn` in milliseconds and the TLS connections it opened; by default after a full GC (so one run's
 * garbage is not collected in the next; skipped for short operations, where two full GCs would dominate the bench).
 */
export async function timed<T>(
	fn: () => Promise<T>,
	collectFirst = true,
): Promise<{ ms: number; value: T; connections: number }> {
	if (collectFirst) gc();
	const before = tlsConnections;
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value, connections: tlsConnections - before };
}

export interface MemoryResult<T> {
	value: T;
	ms: number;
	/** Highest heapUsed seen while `fn` ran, minus heapUsed after a full GC before it (bytes). */
	peakHeapGrowth: number;
	/** Same for heapUsed + external + arrayBuffers (response buffers live outside the JS heap). */
	peakTotalGrowth: number;
	/** Highest RSS minus RSS before (bytes). */
	peakRssGrowth: number;
	/** heapUsed after `fn` and a full GC, with its result still referenced, minus the baseline (bytes). */
	retainedHeap: number;
}

/** Runs `fn`, sampling memory every 2 ms (and at the end) to find the peak. */
export async function withMemory<T>(fn: () => Promise<T>): Promise<MemoryResult<T>> {
	gc();
	const base = process.memoryUsage();
	const baseTotal = base.heapUsed + base.external + base.arrayBuffers;
	let peakHeap = base.heapUsed;
	let peakTotal = baseTotal;
	let peakRss = base.rss;
	const sample = () => {
		const m = process.memoryUsage();
		peakHeap = Math.max(peakHeap, m.heapUsed);
		peakTotal = Math.max(peakTotal, m.heapUsed + m.external + m.arrayBuffers);
		peakRss = Math.max(peakRss, m.rss);
	};
	const timer = setInterval(sample, 2);
	const start = performance.now();
	let value: T;
	try {
		value = await fn();
	} finally {
		clearInterval(timer);
	}
	const ms = performance.now() - start;
	sample();
	gc();
	const retainedHeap = process.memoryUsage().heapUsed - base.heapUsed;
	return {
		value,
		ms,
		peakHeapGrowth: peakHeap - base.heapUsed,
		peakTotalGrowth: peakTotal - baseTotal,
		peakRssGrowth: peakRss - base.rss,
		retainedHeap,
	};
}

export const MB = 1024 * 1024;
