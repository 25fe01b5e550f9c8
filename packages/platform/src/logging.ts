import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths redacted from every log line: personal data never reaches the logs. */
export const REDACTED_PATHS = [
  'name', '*.name', '*.*.name',
  'name_kana', '*.name_kana', '*.nameKana', 'nameKana',
  'email', '*.email', '*.*.email',
  'phone', '*.phone', '*.*.phone',
  'address', '*.address', '*.postal_address', '*.postalAddress',
  'account_number', '*.account_number', '*.accountNumber', 'accountNumber', '*.*.accountNumber', '*.*.account_number',
  'holder_name', '*.holder_name', '*.holderName', 'holderName',
  'payer_name_kana', '*.payer_name_kana', '*.payerNameKana',
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'password', '*.password', 'secret', '*.secret', 'api_key', '*.api_key', '*.apiKey',
];

const SEVERITY: Record<string, string> = {
  trace: 'DEBUG', debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR', fatal: 'CRITICAL',
};

export interface LoggerOptions {
  service: string;
  level?: string;
  /** for tests: where to write (defaults to stdout) */
  destination?: pino.DestinationStream;
}

/** pino JSON logs with `severity`, the service name and the active trace id. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: {
        level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT', level: label }),
      },
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const ctx = span.spanContext();
        return isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
      },
    },
    options.destination,
  );
}
