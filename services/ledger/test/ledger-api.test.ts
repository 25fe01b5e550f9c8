import { randomUUID } from 'node:crypto';
import { ledgerV1 } from '@kessai/contracts';
import { acct, AccountType, ledgerClient, LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';

// Contract tests: every RPC through the generated client, over the network,
// against the run's ledger process.
const { DEPOSIT, PLATFORM_BANK, PAYOUTS_IN_TRANSIT, COLLECTIONS } = {
  DEPOSIT: AccountType.ACCOUNT_TYPE_DEPOSIT,
  PLATFORM_BANK: AccountType.ACCOUNT_TYPE_PLATFORM_BANK,
  PAYOUTS_IN_TRANSIT: AccountType.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT,
  COLLECTIONS: AccountType.ACCOUNT_TYPE_COLLECTIONS,
};

let ledger: LedgerClient;
beforeAll(() => {
  ledger = ledgerClient(testContext().services.ledger.grpcAddr);
});
afterAll(() => ledger.close());

const merchant = () => `mer_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const key = () => `k-${randomUUID()}`;

function deposit(m: string, amount: number, idempotencyKey = key(), livemode = false): ledgerV1.PostRequest {
  return {
    idempotencyKey, livemode, kind: 'deposit.received', description: 'test deposit', merchantId: m, metadata: { case: 'api' },
    postings: [{ account: acct('platform', PLATFORM_BANK), amount: -amount }, { account: acct(m, DEPOSIT), amount }],
  };
}

async function balance(m: string, type = DEPOSIT, livemode = false) {
  return (await ledger.getBalance({ livemode, account: acct(m, type) })).balance!;
}


describe('Post', () => {
  it('posts a balanced transaction and the balance follows', async () => {
    const m = merchant();
    const res = await ledger.post(deposit(m, 12_345));
    expect(res.replayed).toBe(false);
    expect(res.transaction!.id).toMatch(/^txn_/);
    expect(res.transaction!.postings).toHaveLength(2);
    expect(await balance(m)).toMatchObject({ total: 12_345, held: 0, available: 12_345 });
  });

  it('replays an identical retry and writes nothing more', async () => {
    const m = merchant();
    const req = deposit(m, 500);
    const first = await ledger.post(req);
    const again = await ledger.post(req);
    expect(again.replayed).toBe(true);
    expect(again.transaction!.id).toBe(first.transaction!.id);
    expect((await balance(m)).total).toBe(500);
  });

  it('rejects the same key with another request as ALREADY_EXISTS', async () => {
    const m = merchant();
    const k = key();
    await ledger.post(deposit(m, 500, k));
    const err = await rejection(ledger.post(deposit(m, 501, k)));
    expect(err.kind).toBe('already_exists');
    expect(err.code).toBe('idempotency_key_reused');
    expect((await balance(m)).total).toBe(500);
  });

  it('names every bad field of a malformed request', async () => {
    const err = await rejection(
      ledger.post({
        idempotencyKey: '', livemode: false, kind: 'Bad Kind', description: '', merchantId: '', metadata: {},
        postings: [{ account: acct('', DEPOSIT), amount: 0 }, { account: acct('platform', AccountType.ACCOUNT_TYPE_UNSPECIFIED), amount: 5 }],
      }),
    );
    expect(err.kind).toBe('invalid_argument');
    const fields = err.fieldViolations.map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['idempotency_key', 'kind', 'postings[0].amount', 'postings[0].account.owner_id', 'postings[1].account.type']));
  });

  it('refuses postings that do not sum to zero, and platform types on merchants', async () => {
    const m = merchant();
    const unbalanced = await rejection(ledger.post({ ...deposit(m, 100), postings: [{ account: acct('platform', PLATFORM_BANK), amount: -100 }, { account: acct(m, DEPOSIT), amount: 99 }] }));
    expect(unbalanced.fieldViolations[0]).toEqual({ field: 'postings', description: 'postings must sum to zero (they sum to -1)' });
    const wrongOwner = await rejection(ledger.post({ ...deposit(m, 100), postings: [{ account: acct(m, PLATFORM_BANK), amount: -100 }, { account: acct(m, DEPOSIT), amount: 100 }] }));
    expect(wrongOwner.fieldViolations[0].field).toBe('postings[0].account.owner_id');
  });

  it('never lets the deposit go below zero, and writes nothing when refused', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 1_000));
    const err = await rejection(
      ledger.post({ ...deposit(m, 0), postings: [{ account: acct(m, DEPOSIT), amount: -1_001 }, { account: acct('platform', PLATFORM_BANK), amount: 1_001 }] }),
    );
    expect(err.kind).toBe('failed_precondition');
    expect(err.code).toBe('insufficient_funds');
    expect(err.metadata).toMatchObject({ available: '1000', needed: '1001' });
    expect(await balance(m)).toMatchObject({ total: 1_000, available: 1_000 });
    const entries = await ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 10, pageToken: '' });
    expect(entries.entries).toHaveLength(1);
  });

  it('lets unbounded accounts go negative (collections carry a negative result over)', async () => {
    const m = merchant();
    await ledger.post({ ...deposit(m, 0), postings: [{ account: acct(m, COLLECTIONS), amount: -300 }, { account: acct('platform', PLATFORM_BANK), amount: 300 }] });
    expect((await balance(m, COLLECTIONS)).total).toBe(-300);
  });

  it('keeps test and live mode apart', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 700, key(), false));
    expect((await balance(m, DEPOSIT, true)).total).toBe(0);
    await ledger.post(deposit(m, 50, key(), true));
    expect((await balance(m, DEPOSIT, true)).total).toBe(50);
    expect((await balance(m, DEPOSIT, false)).total).toBe(700);
    const txn = (await ledger.post(deposit(m, 1))).transaction!;
    const notFound = await rejection(ledger.getTransaction({ livemode: true, transactionId: txn.id }));
    expect(notFound.kind).toBe('not_found');
  });
});

describe('PostBatch', () => {
  it('atomic: one refused item refuses them all', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 1_000));
    const debit = (amount: number) => ({ ...deposit(m, 0), postings: [{ account: acct(m, DEPOSIT), amount: -amount }, { account: acct(m, PAYOUTS_IN_TRANSIT), amount }] });
    const err = await rejection(ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_ATOMIC, transactions: [debit(600), debit(600)] }));
    expect(err.code).toBe('insufficient_funds');
    expect((await balance(m)).total).toBe(1_000);
    const ok = await ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_ATOMIC, transactions: [debit(600), debit(400)] });
    expect(ok.results.every((r) => r.transaction && !r.error)).toBe(true);
    expect((await balance(m)).total).toBe(0);
    expect((await balance(m, PAYOUTS_IN_TRANSIT)).total).toBe(1_000);
  });

  it('per item: each item gets its own result, and a retried batch replays', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 1_000));
    const debit = (amount: number) => ({ ...deposit(m, 0), postings: [{ account: acct(m, DEPOSIT), amount: -amount }, { account: acct(m, PAYOUTS_IN_TRANSIT), amount }] });
    const bad = { ...debit(1), kind: '' };
    const req = { mode: ledgerV1.BatchMode.BATCH_MODE_PER_ITEM, transactions: [debit(600), debit(600), bad, debit(400)] };
    const res = await ledger.postBatch(req);
    expect(res.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'insufficient_funds', 'invalid_request', 'ok']);
    expect(res.results[2].error!.field).toBe('transactions[2].kind');
    const again = await ledger.postBatch(req);
    expect(again.results[0]).toMatchObject({ replayed: true, transaction: { id: res.results[0].transaction!.id } });
    expect((await balance(m)).total).toBe(0);
  });

  it('batch_event: one ledger.transactions.posted per mode for the whole call, none on a replay', async () => {
    const { query } = await import('../../../scripts/test/support/db');
    const { ledgerEventsV1 } = await import('@kessai/contracts');
    const [m1, m2] = [merchant(), merchant()];
    const transactions = [deposit(m1, 100), deposit(m2, 200), deposit(m1, 300, key(), true)];
    const req = { mode: ledgerV1.BatchMode.BATCH_MODE_PER_ITEM, transactions, batchEvent: true };
    const res = await ledger.postBatch(req);
    expect(res.results.every((r) => r.transaction && !r.error)).toBe(true);
    const ids = res.results.map((r) => r.transaction!.id);
    const rows = async () =>
      (await query(`SELECT type, merchant_id, livemode, envelope FROM ledger.outbox WHERE aggregate_id = ANY($1) ORDER BY livemode`, [ids])).rows as { type: string; merchant_id: string; livemode: boolean; envelope: Buffer }[];
    const events = await rows();
    expect(events.map((e) => [e.type, e.livemode, e.merchant_id])).toEqual([
      ['ledger.transactions.posted', false, ''],
      ['ledger.transactions.posted', true, m1],
    ]);
    const { decodeEnvelope } = await import('@kessai/platform');
    const test = ledgerEventsV1.TransactionsPosted.decode(decodeEnvelope(events[0].envelope).payload);
    expect(test.transactions.map((t) => [t.merchantId, t.transaction!.transactionId, t.transaction!.postings[1].amount])).toEqual([[m1, ids[0], 100], [m2, ids[1], 200]]);
    // no transaction.posted per transaction, and a retried call writes nothing more
    expect((await query(`SELECT count(*)::int AS n FROM ledger.outbox WHERE type = 'ledger.transaction.posted' AND aggregate_id = ANY($1)`, [ids])).rows[0].n).toBe(0);
    const again = await ledger.postBatch(req);
    expect(again.results.every((r) => r.replayed)).toBe(true);
    expect(await rows()).toHaveLength(2);
    expect((await balance(m2)).total).toBe(200);
  });

  it('refuses an empty batch and an unknown mode', async () => {
    expect((await rejection(ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_ATOMIC, transactions: [] }))).fieldViolations[0].field).toBe('transactions');
    expect((await rejection(ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_UNSPECIFIED, transactions: [deposit(merchant(), 1)] }))).fieldViolations[0].field).toBe('mode');
  });
});

describe('holds', () => {
  it('earmark, partial capture, release: available = total - held throughout', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 10_000));
    const { hold } = await ledger.createHold({ idempotencyKey: key(), livemode: false, account: acct(m, DEPOSIT), amount: 7_000, reference: 'rmo_1', description: 'order', merchantId: m });
    expect(await balance(m)).toMatchObject({ total: 10_000, held: 7_000, available: 3_000 });

    const short = await rejection(ledger.createHold({ idempotencyKey: key(), livemode: false, account: acct(m, DEPOSIT), amount: 3_001, reference: '', description: '', merchantId: m }));
    expect(short.code).toBe('insufficient_funds');

    const debit = await rejection(ledger.post({ ...deposit(m, 0), postings: [{ account: acct(m, DEPOSIT), amount: -3_001 }, { account: acct('platform', PLATFORM_BANK), amount: 3_001 }] }));
    expect(debit.code).toBe('insufficient_funds');

    const captureReq = { idempotencyKey: key(), livemode: false, holdId: hold!.id, amount: 2_500, destination: acct(m, PAYOUTS_IN_TRANSIT), description: '', metadata: {} };
    const captured = await ledger.captureHold(captureReq);
    expect(captured.hold).toMatchObject({ capturedAmount: 2_500, remainingAmount: 4_500, status: ledgerV1.HoldStatus.HOLD_STATUS_OPEN });
    expect(captured.transaction!.postings.map((p) => p.amount)).toEqual([-2_500, 2_500]);
    const replay = await ledger.captureHold(captureReq);
    expect(replay).toMatchObject({ replayed: true, transaction: { id: captured.transaction!.id } });
    expect(await balance(m)).toMatchObject({ total: 7_500, held: 4_500, available: 3_000 });

    const over = await rejection(ledger.captureHold({ ...captureReq, idempotencyKey: key(), amount: 4_501 }));
    expect(over.code).toBe('hold_exceeded');

    const released = await ledger.releaseHold({ idempotencyKey: key(), livemode: false, holdId: hold!.id, amount: 0, description: 'order cancelled' });
    expect(released.hold).toMatchObject({ releasedAmount: 4_500, remainingAmount: 0, status: ledgerV1.HoldStatus.HOLD_STATUS_CLOSED });
    expect(await balance(m)).toMatchObject({ total: 7_500, held: 0, available: 7_500 });
    const closed = await rejection(ledger.releaseHold({ idempotencyKey: key(), livemode: false, holdId: hold!.id, amount: 0, description: '' }));
    expect(closed.code).toBe('hold_closed');
    expect((await ledger.getHold({ livemode: false, holdId: hold!.id })).hold!.releasedAmount).toBe(4_500);
    expect((await rejection(ledger.getHold({ livemode: true, holdId: hold!.id }))).kind).toBe('not_found');
  });

  it('refuses holds on accounts without a floor', async () => {
    const err = await rejection(ledger.createHold({ idempotencyKey: key(), livemode: false, account: acct(merchant(), COLLECTIONS), amount: 1, reference: '', description: '', merchantId: '' }));
    expect(err.fieldViolations[0].field).toBe('account.type');
  });
});

describe('history, reversal and time', () => {
  it('pages through entries newest first and rejects a foreign page token', async () => {
    const m = merchant();
    for (let i = 1; i <= 5; i++) await ledger.post(deposit(m, i));
    const first = await ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 2, pageToken: '' });
    expect(first.entries.map((e) => e.amount)).toEqual([5, 4]);
    const second = await ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 2, pageToken: first.nextPageToken });
    const third = await ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 2, pageToken: second.nextPageToken });
    expect([...second.entries, ...third.entries].map((e) => e.amount)).toEqual([3, 2, 1]);
    expect(third.nextPageToken).toBe('');
    const foreign = await rejection(ledger.listEntries({ livemode: false, account: acct(merchant(), DEPOSIT), pageSize: 2, pageToken: first.nextPageToken }));
    expect(foreign.fieldViolations[0].field).toBe('page_token');
    const junk = await rejection(ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 2, pageToken: '%%%' }));
    expect(junk.fieldViolations[0].field).toBe('page_token');
    expect((await rejection(ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 101, pageToken: '' }))).fieldViolations[0].field).toBe('page_size');
  });

  it('reverses a transaction once, with opposite postings', async () => {
    const m = merchant();
    const txn = (await ledger.post(deposit(m, 900))).transaction!;
    const rev = await ledger.reverse({ idempotencyKey: key(), livemode: false, transactionId: txn.id, description: '' });
    expect(rev.transaction!.reversesTransactionId).toBe(txn.id);
    expect(rev.transaction!.postings.map((p) => p.amount)).toEqual([900, -900]);
    expect((await balance(m)).total).toBe(0);
    const twice = await rejection(ledger.reverse({ idempotencyKey: key(), livemode: false, transactionId: txn.id, description: '' }));
    expect(twice.code).toBe('already_reversed');
  });

  it('refuses a reversal that would overdraw the deposit', async () => {
    const m = merchant();
    const txn = (await ledger.post(deposit(m, 900))).transaction!;
    await ledger.createHold({ idempotencyKey: key(), livemode: false, account: acct(m, DEPOSIT), amount: 500, reference: '', description: '', merchantId: m });
    const err = await rejection(ledger.reverse({ idempotencyKey: key(), livemode: false, transactionId: txn.id, description: '' }));
    expect(err.code).toBe('insufficient_funds');
  });

  it('answers the balance at a point in time', async () => {
    const m = merchant();
    const first = (await ledger.post(deposit(m, 100))).transaction!;
    await ledger.post(deposit(m, 200));
    const then = await ledger.getBalance({ livemode: false, account: acct(m, DEPOSIT), asOf: first.postedAt });
    expect(then.balance).toMatchObject({ total: 100 });
    expect((await balance(m)).total).toBe(300);
  });
});

describe('bulk', () => {
  it('posts a 10,000-transaction batch in one request, with per-item results', async () => {
    const m = merchant();
    await ledger.post(deposit(m, 10_000 * 50));
    const transactions = Array.from({ length: 10_000 }, (_, i) => ({
      ...deposit(m, 0),
      idempotencyKey: `bulk-${m}-${i}`,
      kind: 'remittance.transfer',
      postings: [{ account: acct(m, DEPOSIT), amount: -50 }, { account: acct(m, PAYOUTS_IN_TRANSIT), amount: 50 }],
    }));
    transactions[9_999] = { ...transactions[9_999], postings: [{ account: acct(m, DEPOSIT), amount: -51 }, { account: acct(m, PAYOUTS_IN_TRANSIT), amount: 51 }] };
    const res = await ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_PER_ITEM, transactions }, { deadlineMs: 60_000 });
    expect(res.results.filter((r) => r.transaction).length).toBe(9_999);
    expect(res.results[9_999].error!.code).toBe('insufficient_funds');
    expect(await balance(m)).toMatchObject({ total: 50, available: 50 });
    expect((await balance(m, PAYOUTS_IN_TRANSIT)).total).toBe(9_999 * 50);
  });
});

describe('business metrics', () => {
  async function counter(name: string, label: string): Promise<number> {
    const text = await (await fetch(`${testContext().services.ledger.opsUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  it('counts posted transfers by kind on /metrics, replays not', async () => {
    const m = merchant();
    const kind = `test.metrics_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const req = { ...deposit(m, 100), kind };
    await ledger.post(req);
    await ledger.post(req);
    await ledger.post({ ...deposit(m, 100), kind });
    expect(await counter('kessai_ledger_transfers_total', `kind="${kind}"`)).toBe(2);
  });

  it('counts holds by outcome', async () => {
    const before = await counter('kessai_ledger_holds_total', 'outcome="created"');
    const m = merchant();
    await ledger.post(deposit(m, 100));
    const req = { idempotencyKey: key(), livemode: false, account: acct(m, DEPOSIT), amount: 50, reference: '', description: '', merchantId: m };
    await ledger.createHold(req);
    await ledger.createHold(req);
    expect(await counter('kessai_ledger_holds_total', 'outcome="created"')).toBeGreaterThanOrEqual(before + 1);
  });
});
