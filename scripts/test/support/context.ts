import fs from 'node:fs';
import path from 'node:path';
import type { MailSinkInfo } from './mail-sink';

/** What the jest global setup started for this run (one database, one subject prefix). */
export interface TestContext {
  runId: string;
  repoRoot: string;
  adminUrl: string;
  dbName: string;
  natsUrl: string;
  prefix: string;
  logDir: string;
  /** the run's mail sink (maildev), when installed */
  mailSink?: MailSinkInfo;
  /** the run's shared bank simulator (every service's PARTNER_BANK_URL), when tools/bank-simulator is built */
  bank?: { url: string; schema: string };
  services: Record<string, { grpcAddr: string; opsUrl: string; databaseUrl: string; env: Record<string, string>; httpUrl?: string }>;
}

export const CONTEXT_ENV = 'KESSAI_TEST_CONTEXT';

export function testContext(): TestContext {
  const file = process.env[CONTEXT_ENV];
  if (!file || !fs.existsSync(file)) throw new Error('no test context: run the tests through jest (npm test), whose global setup starts the mesh');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestContext;
}

export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}
