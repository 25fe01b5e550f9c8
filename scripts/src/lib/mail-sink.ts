// The local mail sink: maildev (npm), an SMTP server with a web inbox and a
// REST API (/api/email). ESM-only, so it runs as a child process. `npm start`
// runs it on 1025/1080 (scripts/src/extras.ts); the test harness on free ports.
import fs from 'node:fs';
import path from 'node:path';

export interface MailSinkPorts {
  smtpPort: number;
  webPort: number;
}

export function mailSinkBinary(repoRoot: string): string {
  return path.join(repoRoot, 'node_modules', '.bin', 'maildev');
}

export function mailSinkInstalled(repoRoot: string): boolean {
  return fs.existsSync(mailSinkBinary(repoRoot));
}

/** Command line of the sink: loopback only, mail kept in memory unless a directory is given. */
export function mailSinkArgs(ports: MailSinkPorts, mailDirectory?: string): string[] {
  const args = ['--smtp', String(ports.smtpPort), '--web', String(ports.webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'];
  if (mailDirectory) args.push('--mail-directory', mailDirectory);
  return args;
}

export function mailSinkUrls(ports: MailSinkPorts): { inbox: string; api: string } {
  return { inbox: `http://127.0.0.1:${ports.webPort}/`, api: `http://127.0.0.1:${ports.webPort}/api/email` };
}
