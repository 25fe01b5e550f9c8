import { createLogger, type Logger } from '@kessai/platform';

export interface LoggedWarning {
  message: string;
  /** a consumer's pull status (`consumer pull status` lines) */
  status?: { type: string };
}

/** A logger at warn level whose lines are kept, parsed, for the test to read. */
export function warningLog(): { logger: Logger; warnings: LoggedWarning[] } {
  const warnings: LoggedWarning[] = [];
  const logger = createLogger({ service: 'probe', level: 'warn', destination: { write: (line: string) => void warnings.push(JSON.parse(line)) } });
  return { logger, warnings };
}
