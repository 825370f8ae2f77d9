/** Backoff waits requested by the transport during a test (milliseconds), see setup.ts. */
export const sleeps: number[] = [];

/** Called for every recorded wait, e.g. to advance the simulator's clock by the same time. */
export const sleepListeners: Array<(ms: number) => void | Promise<void>> = [];
