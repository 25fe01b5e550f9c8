// Extra processes `npm start` runs beside the services: the mail sink, the partner
// simulators in tools/, … Add an entry to the list below; start.ts starts each one
// after the services, waits for its readiness URL and prints its line in the table.
import { DEV_BANK_SIMULATOR_PORT, DEV_PARTNER_BANK, SIMBANK_DEV_SECRET } from './lib/partner-bank';
import { mailSinkArgs, mailSinkBinary, mailSinkInstalled, mailSinkUrls } from './lib/mail-sink';
import fs from 'node:fs';
import path from 'node:path';

export interface ExtrasContext {
  repoRoot: string;
  adminUrl: string;
  natsUrl: string;
  /** DATABASE_URL of each bootstrapped service, by service name */
  databaseUrls: Record<string, string>;
}

export interface ExtraProcess {
  /** the `[name]` prefix of its log lines */
  name: string;
  /** e.g. process.execPath, or a path under node_modules/.bin */
  command: string;
  args?: string[];
  cwd?: string;
  /** merged over the runner's environment */
  env?: Record<string, string>;
  /** polled until it answers 200; omit for processes without one */
  readyUrl?: string;
  readyTimeoutMs?: number;
  /** what to print in the "where everything listens" table, e.g. 'SMTP 1025, inbox http://127.0.0.1:1080' */
  banner: string;
  /** start it only when this says so (e.g. when its tools/ folder is built) */
  enabled?: boolean;
  /** `pretty` (default) parses pino JSON lines; `raw` for non-pino output */
  output?: 'pretty' | 'raw';
}

/**
 * The list. Example of an entry (the mail sink, once `maildev` is a dependency):
 *
 *   {
 *     name: 'maildev',
 *     command: path.join(ctx.repoRoot, 'node_modules', '.bin', 'maildev'),
 *     args: ['--smtp', '1025', '--web', '1080', '--ip', '127.0.0.1'],
 *     readyUrl: 'http://127.0.0.1:1080/api/email',
 *     banner: 'mail sink: SMTP 127.0.0.1:1025, inbox http://127.0.0.1:1080',
 *     enabled: fs.existsSync(path.join(ctx.repoRoot, 'node_modules', '.bin', 'maildev')),
 *     output: 'raw',
 *   },
 */
/** The admin URL on the services' database (the simulator creates and owns its schema there). */
function simulatorDatabaseUrl(ctx: ExtrasContext): string {
  const any = Object.values(ctx.databaseUrls)[0];
  if (!any) return ctx.adminUrl;
  const admin = new URL(ctx.adminUrl);
  admin.pathname = new URL(any).pathname;
  return admin.toString();
}

export function extraProcesses(ctx: ExtrasContext): ExtraProcess[] {
  const mailPorts = { smtpPort: 1025, webPort: 1080 };
  return [
    // the mail sink the notification service sends to (SMTP_HOST/SMTP_PORT default to it)
    {
      name: 'maildev',
      command: mailSinkBinary(ctx.repoRoot),
      args: mailSinkArgs(mailPorts),
      readyUrl: mailSinkUrls(mailPorts).api,
      banner: `mail sink: SMTP 127.0.0.1:${mailPorts.smtpPort}, inbox ${mailSinkUrls(mailPorts).inbox}`,
      enabled: mailSinkInstalled(ctx.repoRoot),
      output: 'raw',
    },
    // the partner bank stand-in (tools/bank-simulator): sends signed deposits and transfer results to the
    // webhook service; the services upload transfer files to it (PARTNER_BANK_URL, lib/partner-bank.ts)
    {
      name: 'bank-sim',
      command: process.execPath,
      args: [path.join(ctx.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')],
      // its state in the dev database, schema bank_simulator (docs/bank-simulator.md)
      env: {
        BANK_SIMULATOR_PORT: String(DEV_BANK_SIMULATOR_PORT),
        BANK_SIMULATOR_SECRET: SIMBANK_DEV_SECRET,
        KESSAI_PARTNER_URL: 'http://127.0.0.1:8081/v1/partners/simbank',
        DATABASE_URL: simulatorDatabaseUrl(ctx),
      },
      readyUrl: `${DEV_PARTNER_BANK.url}/healthz`,
      banner: `bank simulator: ${DEV_PARTNER_BANK.url} (kessai bank deposit --account <virtual account> --amount <yen>; transfer files from remittance)`,
      enabled: fs.existsSync(path.join(ctx.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')),
    },
    // the convenience-store network stand-in (tools/store-simulator): kiosk lookups and signed payment results
    {
      name: 'store-sim',
      command: process.execPath,
      args: [path.join(ctx.repoRoot, 'tools', 'store-simulator', 'dist', 'main.js')],
      env: { STORE_SIMULATOR_PORT: '8091', KESSAI_PARTNER_URL: 'http://127.0.0.1:8081/v1/partners/simstore', STORE_SIMULATOR_CONFIRM_DELAY_MS: '5000', STORE_SIMULATOR_BANK_URL: `http://127.0.0.1:${DEV_BANK_SIMULATOR_PORT}` },
      readyUrl: 'http://127.0.0.1:8091/healthz',
      banner: 'store simulator: http://127.0.0.1:8091 (kessai store pay --chain seven_eleven --number <payment number>)',
      enabled: fs.existsSync(path.join(ctx.repoRoot, 'tools', 'store-simulator', 'dist', 'main.js')),
    },
  ];
}
