import { SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Runs a use case inside a named span (`<service>.<use case>`, e.g.
 * `billing.create_bill`), so a trace shows the business step and not only the
 * gRPC and SQL spans around it. Attributes must never carry personal data:
 * ids, counts and statuses only.
 */
export async function useCase<T>(name: string, work: () => Promise<T>, attributes: Record<string, string | number | boolean> = {}): Promise<T> {
  return trace.getTracer('kessai').startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
