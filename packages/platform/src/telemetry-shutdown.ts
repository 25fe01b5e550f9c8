/**
 * How the kit flushes telemetry on shutdown without loading the OpenTelemetry
 * SDK itself: `startTelemetry` (telemetry.ts, loaded only by a service's
 * instrument.ts) registers its SDK's shutdown here. Tools and tests that import
 * the platform but never start telemetry (the CLI, the bench) do not pay for
 * loading the SDK.
 */
let flush: (() => Promise<void>) | undefined;

export function registerTelemetryShutdown(fn: () => Promise<void>): void {
  flush = fn;
}

/** Flushes and stops the SDK if one was started; otherwise does nothing. */
export async function stopTelemetry(): Promise<void> {
  const fn = flush;
  flush = undefined;
  await fn?.().catch(() => undefined);
}
