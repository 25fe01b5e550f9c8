import { trace } from '@opentelemetry/api';

/**
 * Names the active HTTP server span after its route (`POST /v1/bills/:id`)
 * and sets `http.route`: what the Express instrumentation did, without its
 * wrapper around every middleware, which cost more than a few percent of an
 * edge request's CPU (docs/benchmarks.md). Call it in the route's handler.
 */
export function nameRequestSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  span.updateName(`${method.toUpperCase()} ${route}`);
  span.setAttribute('http.route', route);
}
