import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/lib/infra';
import { mailSinkArgs, mailSinkBinary, mailSinkInstalled, mailSinkUrls } from '../../src/lib/mail-sink';
import { ManagedProcess } from '../../src/lib/processes';

/** The run's mail sink, as the tests see it (TestContext.mailSink). */
export interface MailSinkInfo {
  smtpPort: number;
  webPort: number;
  /** maildev's REST API: GET /api/email lists every received mail */
  apiUrl: string;
  inboxUrl: string;
  /** where the notification service drops postcard batches in this run */
  postcardOutboxDir: string;
}

/**
 * Starts maildev on free ports for the test run (global setup); undefined when
 * it is not installed. The environment the notification service needs to use it
 * comes from notificationTestEnv().
 */
export async function startTestMailSink(repoRoot: string, logDir: string): Promise<{ proc: ManagedProcess; info: MailSinkInfo } | undefined> {
  if (!mailSinkInstalled(repoRoot)) return undefined;
  const ports = { smtpPort: await freePort(), webPort: await freePort() };
  const urls = mailSinkUrls(ports);
  const proc = new ManagedProcess({ name: 'maildev', command: mailSinkBinary(repoRoot), args: mailSinkArgs(ports), cwd: repoRoot, readyUrl: urls.api, output: 'silent' });
  const log = fs.createWriteStream(path.join(logDir, 'maildev.log'));
  proc.on('line', (line: string) => log.write(`${line}\n`));
  proc.start();
  await proc.waitReady(30_000);
  const postcardOutboxDir = path.join(logDir, 'postcard-outbox');
  return { proc, info: { ...ports, apiUrl: urls.api, inboxUrl: urls.inbox, postcardOutboxDir } };
}

export function notificationTestEnv(sink: MailSinkInfo | undefined, logDir: string): Record<string, string> {
  return {
    ...(sink ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.smtpPort) } : {}),
    POSTCARD_OUTBOX_DIR: sink?.postcardOutboxDir ?? path.join(logDir, 'postcard-outbox'),
  };
}
