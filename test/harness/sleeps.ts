/** Backoff waits requested by the transport during a test (milliseconds), see setup.ts. */
export const sleeps: number[] & { listeners: Array<(ms: number) => void | Promise<void>> } = Object.assign([], {
	listeners: [] as Array<(ms: number) => void | Promise<void>>,
});
