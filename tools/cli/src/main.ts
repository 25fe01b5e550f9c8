#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ledgerV1 } from '@kessai/contracts';
import { connectClient, DomainError, MESH, serviceAddress, ServiceName } from '@kessai/platform';
import { parseAccount, parseYen, UsageError } from './args';
import { NOTIFY_HELP, notifyCommand } from './notify';
import { adminCommand, bankCommand, depositsCommand } from './merchants';
import { RECONCILIATION_HELP, reconciliationCommand } from './reconciliation';
import { STORE_HELP, storeCommand } from './store';

const HELP = `kessai — operator CLI

  kessai ledger post --from <owner:type> --to <owner:type> --amount <yen> [--kind K] [--merchant M] [--key K] [--live]
  kessai ledger balance --account <owner:type> [--as-of ISO] [--live]
  kessai ledger entries --account <owner:type> [--limit N] [--page TOKEN] [--live]
  kessai ledger hold --account <owner:type> --amount <yen> [--reference R] [--key K] [--live]
  kessai ledger capture --hold <id> --to <owner:type> [--amount <yen>] [--key K] [--live]
  kessai ledger release --hold <id> [--amount <yen>] [--key K] [--live]
  kessai ledger settlements [--chain C] [--flagged] [--limit N] [--page TOKEN] [--live]   the store chains' settlements as booked
  kessai clock advance --service <name> (--ms N | --to ISO)        (not in production)
  kessai jobs run --service <name> --job <job>                       (not in production)
  kessai outbox republish --service <name> [--since ISO]
  kessai merchants create --name <name> [--owner <merchant id>] [--chains a,b] [--cycle every_5_days|every_10_days|half_monthly|monthly] [--plan billing_plan|collection_plan] [--contact-email E]... [--key K]   (operator)
  kessai merchants update --merchant <id> [--name <name>] [--contact-email E]...    (operator; --contact-email '' removes them)
  kessai keys issue --merchant <id> [--live] | keys list --merchant <id>                          (operator)
  kessai keys roll --key <key id> [--grace <seconds>] | keys revoke --key <key id>                 (operator)
  kessai console-users create --merchant <id> --login <user id> --name <name> --email <email> [--role admin|operator|viewer]
                                      (operator; password from KESSAI_CONSOLE_PASSWORD, else generated and printed once)
  kessai bank deposit --account <virtual account number> --amount <yen> [--payer <kana>]        (bank simulator)
  kessai deposits unattributed [--live]                 deposits to account numbers no merchant owns
${STORE_HELP}
${RECONCILIATION_HELP}

${NOTIFY_HELP}

Accounts are <owner>:<type>: mer_123:deposit, platform:platform_bank, ...
Addresses come from <NAME>_GRPC_ADDR and <NAME>_OPS_URL, else the local defaults.
Test mode unless --live. Output is JSON.`;

async function main(argv: string[]): Promise<unknown> {
  const [area, action, ...rest] = argv;
  if (area === 'notify') return notifyCommand(action, rest);
  if (area === 'store') return storeCommand(action, rest);
  if (area === 'reconciliation') return reconciliationCommand(action, rest);
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: 'string' }, to: { type: 'string' }, account: { type: 'string' }, amount: { type: 'string' },
      kind: { type: 'string' }, merchant: { type: 'string' }, key: { type: 'string' }, live: { type: 'boolean', default: false },
      'as-of': { type: 'string' }, limit: { type: 'string' }, page: { type: 'string' }, hold: { type: 'string' },
      reference: { type: 'string' }, service: { type: 'string' }, ms: { type: 'string' }, since: { type: 'string' }, job: { type: 'string' },
      description: { type: 'string' },
      name: { type: 'string' }, owner: { type: 'string' }, grace: { type: 'string' }, chains: { type: 'string' }, cycle: { type: 'string' }, plan: { type: 'string' },
      payer: { type: 'string' }, login: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' },
      'contact-email': { type: 'string', multiple: true }, chain: { type: 'string' }, flagged: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const livemode = values.live;
  const key = values.key ?? `cli-${randomUUID()}`;

  if (area === 'ledger') {
    const ledger = connectClient(ledgerV1.LedgerServiceClient, serviceAddress('ledger'));
    switch (action) {
      case 'post': {
        const from = parseAccount(values.from!, '--from');
        const to = parseAccount(values.to!, '--to');
        const amount = parseYen(values.amount, '--amount');
        return ledger.post({
          idempotencyKey: key, livemode, kind: values.kind ?? 'manual.adjustment', description: values.description ?? 'posted from the CLI',
          merchantId: values.merchant ?? (from.ownerId !== 'platform' ? from.ownerId : to.ownerId), metadata: { source: 'cli' },
          postings: [{ account: from, amount: -amount }, { account: to, amount }],
        });
      }
      case 'balance':
        return ledger.getBalance({ livemode, account: parseAccount(values.account!, '--account'), asOf: values['as-of'] ? new Date(values['as-of']) : undefined });
      case 'entries':
        return ledger.listEntries({ livemode, account: parseAccount(values.account!, '--account'), pageSize: values.limit ? parseYen(values.limit, '--limit') : 20, pageToken: values.page ?? '' });
      case 'hold': {
        const account = parseAccount(values.account!, '--account');
        return ledger.createHold({ idempotencyKey: key, livemode, account, amount: parseYen(values.amount, '--amount'), reference: values.reference ?? '', description: values.description ?? '', merchantId: account.ownerId });
      }
      case 'capture':
        return ledger.captureHold({ idempotencyKey: key, livemode, holdId: values.hold ?? '', amount: values.amount ? parseYen(values.amount, '--amount') : 0, destination: parseAccount(values.to!, '--to'), description: values.description ?? '', metadata: {} });
      case 'release':
        return ledger.releaseHold({ idempotencyKey: key, livemode, holdId: values.hold ?? '', amount: values.amount ? parseYen(values.amount, '--amount') : 0, description: values.description ?? '' });
      case 'settlements': {
        const r = await ledger.listStoreSettlements({ livemode, chain: values.chain ?? '', flaggedOnly: values.flagged, pageSize: values.limit ? parseYen(values.limit, '--limit') : 20, pageToken: values.page ?? '' });
        return { ...r, settlements: r.settlements.map((x) => ({ ...x, status: ledgerV1.StoreSettlementStatus[x.status].replace('STORE_SETTLEMENT_STATUS_', '').toLowerCase() })) };
      }
    }
  }
  if (area === 'merchants' || area === 'keys' || area === 'console-users') return adminCommand(area, action, { ...values, key: values.key });
  if (area === 'bank') return bankCommand(action, values);
  if (area === 'deposits') return depositsCommand(action, livemode);
  if (area === 'clock' && action === 'advance') {
    const body = values.ms ? { advance_ms: parseYen(values.ms, '--ms') } : { to: values.to };
    return ops(values.service, '/test/clock', body);
  }
  if (area === 'jobs' && action === 'run') return ops(values.service, `/test/jobs/${values.job ?? ''}/run`, {});
  if (area === 'outbox' && action === 'republish') return ops(values.service, `/outbox/republish${values.since ? `?since=${encodeURIComponent(values.since)}` : ''}`, {});
  throw new UsageError(HELP);
}

async function ops(service: string | undefined, path: string, body: unknown): Promise<unknown> {
  if (!service || !(service in MESH)) throw new UsageError(`--service: one of ${Object.keys(MESH).join(', ')}`);
  const svc = MESH[service as ServiceName];
  const base = process.env[`${svc.addrEnv.replace('_GRPC_ADDR', '')}_OPS_URL`] ?? `http://127.0.0.1:${svc.opsPort}`;
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${service} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

main(process.argv.slice(2)).then(
  (result) => {
    // Enum numbers read better as their names.
    const named = (k: string, v: unknown) =>
      k === 'type' && typeof v === 'number' ? ledgerV1.AccountType[v] : k === 'status' && typeof v === 'number' ? ledgerV1.HoldStatus[v] : v;
    console.log(JSON.stringify(result, named, 2));
    process.exit(0);
  },
  (err: unknown) => {
    if (err instanceof UsageError) console.error(err.message);
    else if (err instanceof DomainError) console.error(`error: ${err.code}: ${err.message}${err.fieldViolations.length ? `\n${err.fieldViolations.map((v) => `  ${v.field}: ${v.description}`).join('\n')}` : ''}`);
    else console.error(`error: ${(err as Error).message}`);
    process.exit(2);
  },
);
