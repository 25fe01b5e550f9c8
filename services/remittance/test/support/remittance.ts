// Helpers the remittance tests share: the service's ops endpoints, the ledger, the mail sink.
import { randomUUID } from 'node:crypto';
import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import type { connectClient } from '@kessai/platform';
import { eventually } from '../../../../scripts/test/support/clients';
import { testContext } from '../../../../scripts/test/support/context';

export const uid = (): string => randomUUID().replace(/-/g, '').slice(0, 10);

export type Ledger = ReturnType<typeof connectClient<ledgerV1.LedgerServiceClient>>;
export type Remittance = ReturnType<typeof connectClient<remittanceV1.RemittanceServiceClient>>;

/** A service's test ops endpoints (jobs, clock). */
export function opsOf(opsUrl: string) {
  async function ops(path: string, body: unknown = {}): Promise<any> {
    const res = await fetch(`${opsUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  return {
    ops,
    runJob: (name: string) => ops(`/test/jobs/${name}/run`).then((r) => r.result),
    /** runs a job, or waits while the scheduler runs it (moving the test clock makes jobs due) */
    runJobNow: async (name: string): Promise<void> => {
      await ops(`/test/jobs/${name}/run`); // the trigger waits while the scheduler is running the job
    },
    now: async () => new Date(((await (await fetch(`${opsUrl}/test/clock`)).json()) as { now: string }).now),
    moveClock: (to: Date) => ops('/test/clock', { to: to.toISOString() }),
  };
}

export const depositAccount = (merchantId: string) => ({ ownerId: merchantId, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT });
export const balanceOf = async (ledger: Ledger, merchantId: string) => (await ledger.getBalance({ livemode: false, account: depositAccount(merchantId) })).balance!;
export const creditDeposit = (ledger: Ledger, merchantId: string, amount: number) =>
  ledger.post({
    idempotencyKey: `test-deposit:${uid()}`, livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId, metadata: {},
    postings: [
      { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -amount },
      { account: depositAccount(merchantId), amount },
    ],
  });

/** The first mail to an address in the run's mail sink. */
export async function mailTo(address: string): Promise<{ text: string }> {
  const sink = testContext().mailSink;
  if (!sink) throw new Error('the test run has no mail sink (is maildev installed?)');
  let found: { text: string } | undefined;
  await eventually(async () => {
    const all = (await (await fetch(sink.apiUrl)).json()) as { to: { address: string }[]; text: string }[];
    found = all.find((m) => m.to.some((t) => t.address === address));
    return Boolean(found);
  }, 20_000, `a mail to ${address}`);
  return found!;
}

/** Every mail to an address in the run's mail sink so far (subject and text). */
export async function mailsTo(address: string): Promise<{ subject: string; text: string }[]> {
  const sink = testContext().mailSink;
  if (!sink) throw new Error('the test run has no mail sink (is maildev installed?)');
  const all = (await (await fetch(sink.apiUrl)).json()) as { to: { address: string }[]; subject: string; text: string }[];
  return all.filter((m) => m.to.some((t) => t.address === address));
}

/** Waits for a mail to an address whose subject matches, and returns it. */
export async function mailMatching(address: string, subject: RegExp): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | undefined;
  await eventually(async () => {
    found = (await mailsTo(address)).find((m) => subject.test(m.subject));
    return Boolean(found);
  }, 20_000, `a mail to ${address} (${subject})`);
  return found!;
}

/** The link token and one-time code of a recipient's mail. */
export function linkAndCode(mail: { text: string }): { token: string; code: string } {
  return { token: /\/r\/([A-Za-z0-9_-]+)/.exec(mail.text)![1], code: /登録コード：([A-Z0-9-]+)/.exec(mail.text)![1] };
}

export const fullService = (over: Partial<remittanceV1.OrderSettings> = {}): remittanceV1.OrderSettings => ({
  purpose: '払戻し', defaultMessage: 'ご返金のご案内', channels: [remittanceV1.Channel.CHANNEL_EMAIL], mode: remittanceV1.OrderMode.ORDER_MODE_FULL_SERVICE,
  registrationDeadline: '', postcardAfterDays: 0, phoneAfterDays: 0, ...over,
});

export const scopeOf = (merchantId: string) => ({ livemode: false, merchantId, includeTenants: false, tenantId: '' });
