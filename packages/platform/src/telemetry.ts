/**
 * OpenTelemetry bootstrap. Import and call `startTelemetry` first in a service's
 * `instrument.ts`, before anything else is required, so http, grpc and pg are
 * instrumented. Spans are exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (sampled as OTEL_TRACES_SAMPLER says,
 * every trace by default); trace ids are generated either way, so trace
 * context still crosses REST -> gRPC -> NATS and reaches the logs.
 * Metrics are Prometheus' (/metrics, metrics.ts), not OpenTelemetry's: no
 * OTel metric is recorded or pushed unless OTEL_METRICS_EXPORTER asks for it.
 */
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { registerTelemetryShutdown, stopTelemetry } from './telemetry-shutdown';

export { stopTelemetry };

let sdk: NodeSDK | undefined;

export function startTelemetry(serviceName: string): void {
  if (sdk) return;
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    traceExporter: endpoint ? new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) : undefined,
    // Without an exporter no span is recorded: each still gets its trace and
    // span ids (so they reach logs, calls and events), but nothing collects
    // attributes, events or timings that would only be dropped. That was
    // several percent of a request's CPU (docs/benchmarks.md).
    sampler: endpoint ? undefined : new tracing.AlwaysOffSampler(),
    spanProcessors: endpoint ? undefined : [new tracing.NoopSpanProcessor()],
    // Unset, the SDK would record every instrumentation's metrics and push them
    // to localhost:4318 each minute (nothing listens there in a closed network).
    metricReaders: process.env.OTEL_METRICS_EXPORTER ? undefined : [],
    instrumentations: [
      // Health probes and metrics scrapes would drown real traffic.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') }),
      // No Express instrumentation: it wraps every middleware; the edges name their spans (request-span.ts).
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch'] }),
      // Statement spans only when they are exported: they are leaves (no trace
      // context passes through them), and wrapping every query and pool event
      // cost a few percent of each service's CPU. No values: personal data.
      ...(endpoint ? [new PgInstrumentation({ enhancedDatabaseReporting: false })] : []),
    ],
  });
  sdk.start();
  registerTelemetryShutdown(async () => {
    await sdk?.shutdown();
    sdk = undefined;
  });
}
