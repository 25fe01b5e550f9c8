// `npm run bench` (or BENCH_ONLY=remittance), the remittance part (issue 12):
// a 10,000-recipient order ingested through the merchant's REST API (created,
// the recipients' CSV validated and stored, approved: the hold placed and the
// outreach queued) as recipients per second and a multiple of P (pgbench TPC-B
// of the same run); and the day's 総合振込 file built for 10,000 transfers by
// the service's own job. Gateway, ledger and remittance are real processes.
import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { bankDirectory } from '@kessai/zengin';
import { benchMerchant, inFlight, machineLine, rest, runJob, startBenchMesh, until, type Log } from './harness';

/** the bench's own per-key limit and body limit (GATEWAY_RATE_LIMIT default 100/s, GATEWAY_MAX_BODY_BYTES 64 KiB) */
const BENCH_KEY_RATE_LIMIT = 1_000_000;
const BENCH_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** the service's scheduled jobs kept out of the way of the measurement (they are run by hand) */
const JOB_INTERVAL_MS = 30 * 86_400_000;

export interface RemittanceBench {
  recipients: number;
  rounds: number;
  csvBytes: number;
  /** per round, ms: create, upload, approve */
  createMs: number[];
  uploadMs: number[];
  approveMs: number[];
  /** approvals (warm-up included) that outlived the gateway's 10 s deadline: 504, finished by the service */
  approveTimedOut: number;
  transfers: number;
  submitSeconds: number;
  buildSeconds: number;
  fileRecords: number;
  machine: string;
}

export interface RemittanceBenchOptions {
  repoRoot: string;
  adminUrl: string;
  natsUrl: string;
  log: Log;
  tag?: string;
  recipients?: number;
  rounds?: number;
  transfers?: number;
  loadAtStart?: number[];
}

const FAMILY = ['ヤマダ', 'スズキ', 'サトウ', 'タナカ', 'ワタナベ', 'イトウ', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマモト', 'マツモト', 'イノウエ', 'キムラ', 'ハヤシ', 'シミズ'];
const GIVEN = ['タロウ', 'ハナコ', 'ジロウ', 'サクラ', 'ケンタ', 'ユウコ', 'ヒロシ', 'アキコ', 'ダイスケ', 'メグミ', 'ショウタ', 'ナオミ', 'ツヨシ', 'マユミ', 'リョウ', 'カオリ'];
const kanaName = (i: number) => `${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}`;

/** A recipients CSV as a merchant uploads it (UTF-8, header row, every row unique by email). */
export function recipientsCsv(n: number, round: number): Buffer {
  const rows = Array.from({ length: n }, (_, i) => `受取人 ${i + 1},${kanaName(i)},${1_000 + (i % 50) * 100},r${round}-${i + 1}@example.jp,R${round}-${i + 1}`);
  return Buffer.from(`name,name_kana,amount,email,reference\r\n${rows.join('\r\n')}\r\n`, 'utf8');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureRemittance(o: RemittanceBenchOptions): Promise<RemittanceBench> {
  const recipients = o.recipients ?? Number(process.env.BENCH_REMITTANCE_RECIPIENTS ?? 10_000);
  const rounds = o.rounds ?? Number(process.env.BENCH_REMITTANCE_ROUNDS ?? 3);
  const transfers = o.transfers ?? Number(process.env.BENCH_REMITTANCE_TRANSFERS ?? 10_000);
  const mesh = await startBenchMesh({
    repoRoot: o.repoRoot, adminUrl: o.adminUrl, natsUrl: o.natsUrl, tag: o.tag ?? 'remittance',
    services: ['gateway', 'ledger', 'remittance'], http: ['gateway'],
    env: {
      gateway: { GATEWAY_RATE_LIMIT: String(BENCH_KEY_RATE_LIMIT), GATEWAY_MAX_BODY_BYTES: String(BENCH_MAX_BODY_BYTES) },
      remittance: { REMITTANCE_JOB_INTERVAL_MS: String(JOB_INTERVAL_MS), PARTNER_BANK_URL: '' },
    },
  });
  try {
    const api = mesh.http('gateway');
    const { merchant, key } = await benchMerchant(mesh.grpc('gateway'), { name: '払戻しベンチ', contactEmails: ['keiri@example.jp'] });
    const ledger = connectClient(ledgerV1.LedgerServiceClient, mesh.grpc('ledger'));
    await ledger.post({
      idempotencyKey: `bench-fund-${merchant.id}`, livemode: false, kind: 'deposit.received', description: 'bench', merchantId: merchant.id, metadata: {},
      postings: [
        { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -10_000_000_000 },
        { account: { ownerId: merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 10_000_000_000 },
      ],
    });
    ledger.close();

    const createMs: number[] = [];
    const uploadMs: number[] = [];
    const approveMs: number[] = [];
    let csvBytes = 0;
    let timedOut = 0;
    // round 0 warms the processes up (a small order) and is not counted
    for (let round = 0; round <= rounds; round++) {
      const n = round === 0 ? Math.min(100, recipients) : recipients;
      const csv = recipientsCsv(n, round);
      if (round > 0) o.log(`remittance: order ${round}/${rounds}, ${n} recipients (${(csv.length / 1024).toFixed(0)} KiB CSV) …`);
      const order = await rest(api, key, 'POST', '/v1/remittance_orders', { purpose: '公演中止の払戻し', default_message: 'チケット代金をお返しします。', channels: ['email', 'postcard'] });
      const up = await rest(api, key, 'POST', `/v1/remittance_orders/${order.body.id}/recipients`, csv, { contentType: 'text/csv; charset=utf-8' });
      // the gateway gives the service 10 s (its gRPC deadline): a longer approval answers 504 and goes on;
      // then the time counted is until the order shows funded, as a merchant polling it would see
      const t0 = performance.now();
      const ok = await rest(api, key, 'POST', `/v1/remittance_orders/${order.body.id}/approve`, undefined, { expect: [200, 504] });
      if (ok.status === 504) {
        timedOut++;
        await until(async () => (await rest(api, key, 'GET', `/v1/remittance_orders/${order.body.id}`)).body.status === 'funded', 'the order funded after a 504', 600_000, 100);
      } else if (ok.body.status !== 'funded') throw new Error(`bench: the order is ${String(ok.body.status)}, not funded`);
      if (round === 0) continue;
      csvBytes = csv.length;
      createMs.push(order.ms);
      uploadMs.push(up.ms);
      approveMs.push(performance.now() - t0);
    }

    o.log(`remittance: ${transfers} transfers through TransferService …`);
    const ts = connectClient(remittanceV1.TransferServiceClient, mesh.grpc('remittance'), { defaultDeadlineMs: 60_000 });
    const dir = bankDirectory();
    const branches = ['0001', '0005', '0009', '0010', '0017'].flatMap((b) => dir.branches(b).slice(0, 20));
    let executionDate = '';
    const submitSeconds = await inFlight(16, transfers, async (i) => {
      const b = branches[i % branches.length];
      const { transfer } = await ts.submitTransfer({
        idempotencyKey: `bench-transfer-${i}`, livemode: false, merchantId: merchant.id, purpose: remittanceV1.TransferPurpose.TRANSFER_PURPOSE_RECIPIENT,
        account: { bankCode: b.bankCode, branchCode: b.code, accountType: 1, accountNumber: String(1_000_000 + i), holderKana: kanaName(i), japanPostKigou: '', japanPostBangou: '' },
        amount: 1_000 + (i % 97) * 10, executionDate: '', reference: `bench-${i}`,
      });
      executionDate ||= transfer!.executionDate;
    });
    ts.close();
    // the service's clock to just before the transfer date (past its cut-off), then the file job by hand
    const ops = mesh.ops('remittance');
    const to = new Date(Date.parse(`${executionDate}T00:00:00+09:00`) - 60_000).toISOString();
    const moved = await fetch(`${ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to }) });
    if (moved.status !== 200) throw new Error(`bench: test clock: ${moved.status} ${await moved.text()}`);
    o.log(`remittance: the ${executionDate} transfer file …`);
    const t0 = performance.now();
    const built = (await runJob(ops, 'remittance.build-files')) as { files: { records: number }[] };
    const buildSeconds = (performance.now() - t0) / 1000;
    const fileRecords = built.files.reduce((s, f) => s + f.records, 0);
    if (fileRecords !== transfers) throw new Error(`bench: the file job filed ${fileRecords} transfers, not ${transfers}`);

    return { recipients, rounds, csvBytes, createMs, uploadMs, approveMs, approveTimedOut: timedOut, transfers, submitSeconds, buildSeconds, fileRecords, machine: machineLine(o.loadAtStart) };
  } catch (err) {
    o.log(`the services' last lines:\n${mesh.tail()}`);
    throw err;
  } finally {
    await mesh.stop();
  }
}

export const REMITTANCE_HEADING = '## Remittance: a 10,000-recipient order and its transfer file';

/** The section `npm run bench` writes to docs/benchmarks.md; `tps` is P, pgbench TPC-B of the same run. */
export function remittanceSection(r: RemittanceBench, tps: number): string {
  const totals = r.createMs.map((c, i) => c + r.uploadMs[i] + r.approveMs[i]);
  const ingestS = median(totals) / 1000;
  const perSec = r.recipients / ingestS;
  const ratio = (x: number) => (tps > 0 ? `${(x / tps).toFixed(2)}×` : 'n/a');
  const buildPerSec = r.fileRecords / r.buildSeconds;
  return `
${REMITTANCE_HEADING}
Measured ${new Date().toISOString().slice(0, 10)} on ${r.machine}; P = pgbench ${tps.toFixed(0)} tps of the same run.
Gateway, ledger and remittance as real processes on this machine, with their own database; a merchant,
its test key and a funded deposit. **The bench's key has its limits raised**: \`GATEWAY_RATE_LIMIT\`
${BENCH_KEY_RATE_LIMIT.toLocaleString('en')} per key per second (default 100) and \`GATEWAY_MAX_BODY_BYTES\` ${BENCH_MAX_BODY_BYTES / 1024 / 1024} MiB (default
64 KiB, which a ${r.recipients.toLocaleString('en')}-row CSV of ${(r.csvBytes / 1024).toFixed(0)} KiB does not fit in: a merchant would send it in parts).
The service's scheduled jobs run every ${JOB_INTERVAL_MS / 86_400_000} days here, so outreach does not start during the measurement.

Ingest, through the merchant's REST API: \`POST /v1/remittance_orders\` (full service, email and postcard),
\`POST …/recipients\` with the ${r.recipients.toLocaleString('en')}-row CSV (UTF-8; every row validated, the split rule over the order,
stored whole), \`POST …/approve\` (one ledger hold for the total, every recipient earmarked and its first
contact round queued). ${r.rounds} orders, one after another (the median; a small order warmed up first).

| step | ms (median) | per round |
|---|---:|---|
| create the order | ${median(r.createMs).toFixed(0)} | ${r.createMs.map((x) => x.toFixed(0)).join(', ')} |
| upload ${r.recipients.toLocaleString('en')} recipients | ${median(r.uploadMs).toFixed(0)} | ${r.uploadMs.map((x) => x.toFixed(0)).join(', ')} |
| approve (hold + outreach queued) | ${median(r.approveMs).toFixed(0)} | ${r.approveMs.map((x) => x.toFixed(0)).join(', ')} |
| **the order, end to end** | **${median(totals).toFixed(0)}** | ${totals.map((x) => x.toFixed(0)).join(', ')} |

${r.approveTimedOut > 0 ? `**${r.approveTimedOut === 1 ? 'One approval' : `${r.approveTimedOut} approvals`} outlived the gateway's 10 s deadline to the service and answered 504** (the service finished ${r.approveTimedOut === 1 ? 'it' : 'them'}): the time counted is until \`GET /v1/remittance_orders/{id}\` showed \`funded\`.

` : ''}**${perSec.toFixed(0)} recipients/s = ${ratio(perSec)} P.** Aim: ≥ P recipients per second — ${tps > 0 && perSec >= tps ? 'met' : '**not met**'}.

Transfer file: ${r.transfers.toLocaleString('en')} transfers handed to the internal \`TransferService.SubmitTransfer\` (gRPC, 16 in flight:
${(r.transfers / r.submitSeconds).toFixed(0)} transfers/s = ${ratio(r.transfers / r.submitSeconds)} P), then the service's clock moved past the cut-off and its
\`remittance.build-files\` job run once: the transfers read, one 総合振込 file written by \`@kessai/zengin\`
(${r.fileRecords.toLocaleString('en')} records), the file stored and every transfer marked with its record number, in one transaction.

| transfers | files | build s | transfers/s | × P |
|---:|---:|---:|---:|---:|
| ${r.fileRecords} | 1 | ${r.buildSeconds.toFixed(2)} | ${buildPerSec.toFixed(0)} | ${ratio(buildPerSec)} |
`;
}
