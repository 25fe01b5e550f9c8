import { randomBytes } from 'node:crypto';
import { webhookEventsV1 } from '@kessai/contracts';
import { PartnerBankClient, PartnerBankError } from '@kessai/partner-bank';
import { decodeEnvelope } from '@kessai/platform';
import { writeTransferFile, type TransferFileInput } from '@kessai/zengin';
import { eventually } from '../../../scripts/test/support/clients';
import { query } from '../../../scripts/test/support/db';
import { RunningBank, SIMBANK_SECRET, startBankSimulator } from '../../../scripts/test/support/bank';

/**
 * The bank simulator end to end: a real 総合振込 file written by @kessai/zengin,
 * uploaded through @kessai/partner-bank, executed on the bank's business date,
 * results reported to the run's webhook service as signed callbacks, a
 * reversal, a statement, and restarts (SIGKILL) in between that forget nothing.
 */
let bank: RunningBank;
let client: PartnerBankClient;

// Friday 8 January 2027; Monday 11 January is a holiday (成人の日), so Tuesday 12 is the next business day
const FRIDAY = '2027-01-08';
const TUESDAY = '2027-01-12';
const KESSAI = { bankCode: '0005', branchCode: '001', accountType: '1' as const, accountNumber: '1234567' };
const PAYEE_BANK = { bankCode: '0001', branchCode: '001' };

const runTag = randomBytes(4).toString('hex');
const fileId = `trf_${runTag}`;
const ref = (n: number) => `${Date.now().toString().slice(-10)}${String(n).padStart(10, '0')}`.slice(0, 20);
const refs = [1, 2, 3, 4, 5, 6].map(ref);

function transferFile(records: TransferFileInput['records']): Buffer {
  return writeTransferFile(
    { header: { requesterCode: '0000012345', requesterName: 'ｹﾂｻｲ(ｶ', transferDate: TUESDAY, bankName: '', branchName: '', ...KESSAI }, records },
    { createdOn: FRIDAY },
  );
}

const payee = (accountNumber: string, payeeName: string, amount: number, reference: string) => ({ ...PAYEE_BANK, accountType: '1' as const, accountNumber, payeeName, amount, reference });
const RECORDS = [
  payee('1111111', 'ﾔﾏﾀﾞ ﾀﾛｳ', 10_000, refs[0]), // succeeds
  payee('2222222', 'ｽｽﾞｷ ﾊﾅｺ', 20_000, refs[1]), // closed account
  payee('3333333', 'ｻﾄｳ ｲﾁﾛｳ', 30_000, refs[2]), // the account belongs to someone else: name mismatch
  payee('4444444', 'ｲﾄｳ ｹﾝ', 40_000, refs[3]), // fails by rule
  payee('5555555', 'ﾜﾀﾅﾍﾞ ﾕｷ', 50_000, refs[4]), // no such account
  payee('6666666', 'ﾀﾅｶ ｼﾞﾛｳ', 60_000, refs[5]), // succeeds; the recipient withdraws before the reversal
];

async function outboxEvent(type: string, aggregateId: string) {
  let row: { envelope: Buffer } | undefined;
  await eventually(async () => {
    const { rows } = await query(`SELECT envelope FROM webhook.outbox WHERE type = $1 AND aggregate_id = $2 AND published_at IS NOT NULL`, [type, aggregateId]);
    row = rows[0];
    return row !== undefined;
  }, 15_000, `${type} for ${aggregateId} published`);
  return decodeEnvelope(row!.envelope);
}

const recorded = async (eventIds: string[]) =>
  (await query(`SELECT event_id, body FROM webhook.inbound_requests WHERE partner = 'simbank' AND event_id = ANY($1)`, [eventIds])).rows as { event_id: string; body: any }[];

beforeAll(async () => {
  bank = await startBankSimulator(undefined, { env: { BANK_SIMULATOR_RETRY_DELAYS_MS: '3000,3000,3000' } });
  client = new PartnerBankClient({ partner: 'simbank', baseUrl: bank.url, secret: SIMBANK_SECRET, retryDelaysMs: [100, 200] });
  await bank.call('POST', '/control/date', { date: FRIDAY });
  const account = (n: string, holder: string, extra: Record<string, unknown> = {}) =>
    bank.call('PUT', `/control/accounts/${PAYEE_BANK.bankCode}/${PAYEE_BANK.branchCode}/${n}`, { account_type: '1', holder_name_kana: holder, ...extra });
  await account('1111111', 'ヤマダ タロウ'); // full width: the bank stores bank kana
  await account('2222222', 'ｽｽﾞｷ ﾊﾅｺ', { state: 'closed' });
  await account('3333333', 'ｶ)ｻﾄｳｼﾖｳｼﾞ');
  await account('4444444', 'ｲﾄｳ ｹﾝ');
  await account('6666666', 'ﾀﾅｶ ｼﾞﾛｳ');
  await bank.call('PUT', '/control/rules', { rules: [{ account_number: '4444444', failure_code: 'other' }] });
});
afterAll(async () => {
  await bank?.stop();
});

describe('bank simulator: transfer files end to end', () => {
  it('refuses unsigned requests and a malformed file whole, listing its defects', async () => {
    const unsigned = await fetch(`${bank.url}/v1/transfer-files/x1`, { method: 'PUT', body: 'x' });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).error.code).toBe('signature_missing_header');

    const good = transferFile(RECORDS);
    const bad = Buffer.from(good);
    bad.write('ABC', 122 * 3 + 80, 'latin1'); // record 4's amount (positions 81–90) is no number
    bad.write('9', 122 * 7 + 2, 'latin1'); // the trailer's count disagrees
    const err = (await client.uploadTransferFile(`${fileId}_bad`, bad).catch((e: unknown) => e)) as PartnerBankError;
    expect(err).toBeInstanceOf(PartnerBankError);
    expect(err).toMatchObject({ status: 422, code: 'invalid_file', retryable: false });
    expect(err.defects).toEqual(expect.arrayContaining([expect.objectContaining({ record: 4, field: 'amount' }), expect.objectContaining({ record: 8 })]));
    await expect(client.transferFile(`${fileId}_bad`)).rejects.toMatchObject({ status: 404 });
  });

  it('accepts a file once, executes it on the transfer date (not over the weekend or the holiday), and reports each result signed', async () => {
    const bytes = transferFile(RECORDS);
    const receipt = await client.uploadTransferFile(fileId, bytes);
    expect(receipt).toMatchObject({ file_id: fileId, status: 'accepted', uploaded_on: FRIDAY, transfer_date: TUESDAY, record_count: 6, total_amount: 210_000 });
    // a retry under the same id is the same receipt; the same bytes under another id are refused
    expect(await client.uploadTransferFile(fileId, bytes)).toEqual(receipt);
    await expect(client.uploadTransferFile(`${fileId}_again`, bytes)).rejects.toMatchObject({ status: 409, code: 'duplicate_file', details: { existingFileId: fileId } });

    expect(await bank.call('POST', '/control/date', { advance_days: 1 })).toMatchObject({ date: '2027-01-09', business_day: false, executed_files: [] });
    expect(await bank.call('POST', '/control/date', { date: '2027-01-11' })).toMatchObject({ business_day: false, executed_files: [] });
    expect((await client.transferFile(fileId)).status).toBe('accepted');

    // the bank is killed and started again: the date, the file and the accounts are still there
    await bank.restart();
    expect(await bank.call('GET', '/control/date')).toEqual({ date: '2027-01-11', business_day: false });
    expect((await client.transferFile(fileId)).transfers!.every((t) => t.result === 'pending')).toBe(true);

    // the first result callback's first attempt fails; then the bank dies before its retry
    await bank.call('POST', '/control/faults', { fail_next: 1 });
    expect(await bank.call('POST', '/control/date', { advance_days: 1 })).toMatchObject({ date: TUESDAY, business_day: true, executed_files: [fileId] });
    const eventIds = RECORDS.map((_r, i) => `trf_${fileId}_${i + 2}`);
    const { callbacks } = await bank.call('GET', '/control/callbacks');
    const first = callbacks.find((c: any) => c.id === eventIds[0]);
    expect(first).toMatchObject({ state: 'pending', attempts: [{ status: 0 }] });
    await bank.restart();
    // the restarted bank keeps the retry schedule and delivers it
    await eventually(async () => (await recorded(eventIds)).length === 6, 20_000, 'all six results recorded by the webhook service');

    const file = await client.transferFile(fileId);
    expect(file).toMatchObject({ status: 'executed', executed_on: TUESDAY });
    expect(file.transfers!.map((t) => [t.record_number, t.result, t.failure_code])).toEqual([
      [2, 'succeeded', undefined],
      [3, 'failed', 'closed_account'],
      [4, 'failed', 'name_mismatch'],
      [5, 'failed', 'other'],
      [6, 'failed', 'no_such_account'],
      [7, 'succeeded', undefined],
    ]);
    const bodies = new Map((await recorded(eventIds)).map((r) => [r.event_id, r.body]));
    expect(bodies.get(eventIds[1])).toMatchObject({ type: 'transfer.result', result: 'failed', failure_code: 'closed_account', file_id: fileId, record_number: 3, reference: refs[1], amount: 20_000, executed_on: TUESDAY });

    const event = await outboxEvent('webhook.bank_transfer.reported', refs[0]);
    expect(webhookEventsV1.BankTransferReported.decode(event.payload)).toMatchObject({
      partner: 'simbank', transferId: refs[0], result: webhookEventsV1.TransferResult.TRANSFER_RESULT_SUCCEEDED, amount: 10_000, executedOn: TUESDAY, fileId, recordNumber: 2, reference: refs[0],
    });

    // the recipient was credited once
    const accounts = (await bank.call('GET', '/control/accounts')).accounts as any[];
    expect(accounts.find((a) => a.account_number === '1111111')).toMatchObject({ balance: 10_000, holder_name_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ' });
  });

  it('executes nothing twice: the same file again, or a reference already accepted in another file', async () => {
    await expect(client.uploadTransferFile(`${fileId}_dup`, transferFile(RECORDS))).rejects.toMatchObject({ code: 'duplicate_file' });
    const sneaky = transferFile([payee('1111111', 'ﾔﾏﾀﾞ ﾀﾛｳ', 10_001, refs[0])]);
    const err = (await client.uploadTransferFile(`${fileId}_dupref`, sneaky).catch((e: unknown) => e)) as PartnerBankError;
    expect(err).toMatchObject({ status: 422, code: 'invalid_file' });
    expect(err.defects).toEqual([expect.objectContaining({ record: 2, code: 'duplicate_reference' })]);
    const accounts = (await bank.call('GET', '/control/accounts')).accounts as any[];
    expect(accounts.find((a) => a.account_number === '1111111').balance).toBe(10_000);
  });

  it('reverses an executed transfer on request, refuses one whose recipient withdrew, and reports both', async () => {
    const acceptedId = `rev_ok_${runTag}`;
    const accepted = await client.requestReversal(acceptedId, { file_id: fileId, record_number: 2 });
    expect(accepted).toMatchObject({ request_id: acceptedId, result: 'accepted', reference: refs[0], amount: 10_000, decided_on: TUESDAY });
    expect(await client.requestReversal(acceptedId, { file_id: fileId, record_number: 2 })).toEqual(accepted);
    await expect(client.requestReversal(`rev_again_${runTag}`, { file_id: fileId, record_number: 2 })).rejects.toMatchObject({ status: 409, code: 'already_reversed' });
    await expect(client.requestReversal(`rev_failed_${runTag}`, { file_id: fileId, record_number: 3 })).rejects.toMatchObject({ status: 409, code: 'not_reversible' });

    await bank.call('PUT', '/control/accounts/0001/001/6666666', { account_type: '1', holder_name_kana: 'ﾀﾅｶ ｼﾞﾛｳ', balance: 0 }); // withdrew it all
    const refused = await client.requestReversal(`rev_no_${runTag}`, { file_id: fileId, record_number: 7 });
    expect(refused).toMatchObject({ result: 'refused', reason: 'funds_withdrawn' });

    const ok = await outboxEvent('webhook.bank_reversal.reported', acceptedId);
    expect(webhookEventsV1.BankReversalReported.decode(ok.payload)).toMatchObject({
      requestId: acceptedId, fileId, recordNumber: 2, reference: refs[0], result: webhookEventsV1.ReversalResult.REVERSAL_RESULT_ACCEPTED, amount: 10_000, decidedOn: TUESDAY,
    });
    const no = await outboxEvent('webhook.bank_reversal.reported', `rev_no_${runTag}`);
    expect(webhookEventsV1.BankReversalReported.decode(no.payload)).toMatchObject({ result: webhookEventsV1.ReversalResult.REVERSAL_RESULT_REFUSED, reason: 'funds_withdrawn' });
  });

  it("lists the day's movements of Kessai's own account: deposits, transfers executed, reversals — after another restart", async () => {
    const dep = await bank.call('POST', '/accounts/9999999/deposits', { amount: 7_000, payer_name_kana: 'ｶ)ﾃｽﾄ' });
    expect(dep.callback.state).toBe('delivered');
    await bank.restart();
    const statement = await client.statement(TUESDAY);
    expect(statement.date).toBe(TUESDAY);
    expect(statement.accounts).toHaveLength(1);
    const [own] = statement.accounts;
    expect(own).toMatchObject({ bank_code: '0005', branch_code: '001', account_number: '1234567' });
    expect(own.movements.map((m) => [m.kind, m.amount, m.reference])).toEqual([
      ['transfer', -10_000, refs[0]],
      ['transfer', -60_000, refs[5]],
      ['reversal', 10_000, refs[0]],
      ['deposit', 7_000, dep.bank_reference],
    ]);
    expect(own.closing_balance - own.opening_balance).toBe(-10_000 - 60_000 + 10_000 + 7_000);
    expect((await client.statement(FRIDAY)).accounts).toEqual([]);
  });
});
