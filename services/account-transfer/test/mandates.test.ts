import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { Client } from 'pg';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';
import { activateByCallback, contract, debitWorld, debtor, MandateStatus, registerAtBank, REQUESTER, until, type Debtor, type DebitWorld } from './support';

const DAY = 86_400_000;
let w: DebitWorld;
beforeAll(async () => {
  w = await debitWorld();
}, 120_000);
afterAll(() => w?.close());

async function outboxTypes(type: string): Promise<number> {
  const pg = new Client({ connectionString: w.mesh.databaseUrl('account-transfer') });
  await pg.connect();
  try {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM account_transfer.outbox WHERE type = $1 AND merchant_id = $2`, [type, w.merchantId]);
    return rows[0].n;
  } finally {
    await pg.end();
  }
}

describe('mandates: sync from the bank and the daily mismatch list', () => {
  let c: Awaited<ReturnType<typeof contract>>;
  const d: Record<string, Debtor> = {};

  beforeAll(async () => {
    c = await contract(w);
  });

  it('a requested mandate becomes active from the bank\'s signed callback, with its date, source and event; the same list again changes nothing', async () => {
    d.sync = await debtor(w, c);
    expect(d.sync.mandate).toMatchObject({ status: MandateStatus.MANDATE_STATUS_REQUESTED, customerNumber: expect.stringMatching(/^\d{20}$/) });
    await registerAtBank(w, [d.sync]);
    await activateByCallback(w, [d.sync]);
    const { mandate } = await w.at.getMandate({ livemode: false, merchantId: w.merchantId, mandateId: d.sync.mandate.id });
    expect(mandate!.history.map((h) => [h.status, h.source])).toEqual([
      [MandateStatus.MANDATE_STATUS_REQUESTED, 'merchant'],
      [MandateStatus.MANDATE_STATUS_ACTIVE, 'bank_callback'],
    ]);
    expect(mandate!.history[1].changedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await until(async () => (await outboxTypes('account_transfer.mandate.activated')) === 1, 'activation event');

    // the same list reported again (a new report): imported and audited, nothing changed
    const before = (await w.at.listMandateImports({ livemode: false, pageSize: 100, startingAfter: '' })).imports.length;
    await w.bank.call('POST', '/control/debit-mandates/report', { requester_code: REQUESTER });
    await until(async () => (await w.at.listMandateImports({ livemode: false, pageSize: 100, startingAfter: '' })).imports.length === before + 1, 'second import');
    const [latest] = (await w.at.listMandateImports({ livemode: false, pageSize: 1, startingAfter: '' })).imports;
    expect(latest).toMatchObject({ source: 'bank_callback', received: 1, changed: 0, changesJson: '[]' });
    expect((await w.at.getMandate({ livemode: false, merchantId: w.merchantId, mandateId: d.sync.mandate.id })).mandate!.history).toHaveLength(2);
    expect(await outboxTypes('account_transfer.mandate.activated')).toBe(1);
  });

  it('refuses a second open mandate for the same contract', async () => {
    expect(await rejection(w.at.createMandate({ requestId: randomUUID(), livemode: false, merchantId: w.merchantId, customerId: d.sync.customer.id, contractId: c.id }))).toMatchObject({ code: 'mandate_exists' });
  });

  it('lists one mismatch of each kind against the bank\'s export of the previous day, with CSV, an event and a rerun that changes nothing', async () => {
    for (const k of ['missing', 'account', 'name', 'state', 'fine']) d[k] = await debtor(w, c);
    d.waiting = await debtor(w, c); // requested, the bank has not answered: no mismatch
    await registerAtBank(w, [d.missing, d.state, d.fine]);
    await registerAtBank(w, [d.account], { account_number: '0000001' });
    await registerAtBank(w, [d.name], { holder_name: 'スズキ イチロウ' });
    await activateByCallback(w, [d.missing, d.account, d.name, d.state, d.fine]);
    // the bank cancels one (reported), then lists it as registered again; forgets another; lists one Kessai never heard of
    await registerAtBank(w, [d.state], { status: 'cancelled' });
    await w.bank.call('POST', '/control/debit-mandates/report', { requester_code: REQUESTER });
    await until(async () => (await w.at.getMandate({ livemode: false, merchantId: w.merchantId, mandateId: d.state.mandate.id })).mandate!.status === MandateStatus.MANDATE_STATUS_CANCELLED, 'cancelled');
    await registerAtBank(w, [d.state]);
    await w.bank.call('DELETE', `/control/debit-mandates/${REQUESTER}/${d.missing.mandate.customerNumber}`);
    await w.bank.call('PUT', `/control/debit-mandates/${REQUESTER}/99999999999999999999`, { bank_code: '0005', branch_code: '001', account_type: '1', account_number: '5555555', holder_name: 'タナカ ハナコ', status: 'registered' });

    // the next morning
    await w.advanceClock(DAY);
    const result = (await w.runJob('account-transfer.morning-mandates')) as { imported: number };
    // the clock passed the job's own morning: its scheduled run may have imported the export a moment before this one
    expect(result).toMatchObject({ contracts: 1, failed: 0, mismatches: 5 });
    expect([0, 1]).toContain(result.imported);
    const list = await w.at.listMandateMismatches({ livemode: false, merchantId: w.merchantId, runOn: '', pageSize: 100, startingAfter: '' });
    const kinds = Object.fromEntries(list.mismatches.map((m) => [m.kind, m.customerNumber]));
    expect(kinds).toEqual({
      missing_at_bank: d.missing.mandate.customerNumber,
      missing_in_master: '99999999999999999999',
      different_account: d.account.mandate.customerNumber,
      different_holder_name: d.name.mandate.customerNumber,
      mandate_state_differs: d.state.mandate.customerNumber,
    });
    expect(JSON.parse(list.mismatches.find((m) => m.kind === 'different_holder_name')!.bankJson)).toMatchObject({ holder_name: 'ｽｽﾞｷ ｲﾁﾛｳ' });
    expect(list.runOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the export import ran through the audit too
    expect((await w.at.listMandateImports({ livemode: false, pageSize: 1, startingAfter: '' })).imports[0]).toMatchObject({ source: 'bank_export', received: 6 }); // sync, account, name, state, fine and the unknown one

    const csv = await w.at.exportMandateMismatches({ livemode: false, merchantId: w.merchantId, runOn: list.runOn, encoding: 'shift_jis' });
    expect(csv.rows).toBe(5);
    const text = iconv.decode(Buffer.from(csv.csv), 'cp932');
    expect(text.split('\r\n')[0]).toContain('kind');
    expect(text).toContain('ｽｽﾞｷ ｲﾁﾛｳ');
    // the event (account_transfer.mandate_mismatches.found), one per morning even when the scheduled run came
    // first, is witnessed by what it causes, one email to the merchant (the contract's address) through the
    // notification service: its outbox row may already be pruned by the outbox job on this service's moved clock
    await until(async () => (await outboxTypes('account_transfer.mandate_mismatches.found')) <= 1, 'at most one mismatch event');
    const mails = async () => {
      const all = (await (await fetch(testContext().mailSink!.apiUrl)).json()) as { subject: string; text: string; to: { address: string }[] }[];
      return all.filter((m) => m.to.some((t) => t.address === c.notifyEmail));
    };
    await until(async () => (await mails()).length === 1, 'mismatch email');
    const [mail] = await mails();
    expect(mail.subject).toContain('不一致が5件');
    expect(mail.text).toContain('missing_at_bank 1');

    // the same morning again: the same list, no second import of the same export, no second event
    const events = await outboxTypes('account_transfer.mandate_mismatches.found');
    const again = await w.runJob('account-transfer.morning-mandates');
    expect(again).toMatchObject({ imported: 0, mismatches: 5 });
    expect((await w.at.listMandateMismatches({ livemode: false, merchantId: w.merchantId, runOn: list.runOn, pageSize: 100, startingAfter: '' })).mismatches).toHaveLength(5);
    expect(await mails()).toHaveLength(1);
    expect(await outboxTypes('account_transfer.mandate_mismatches.found')).toBeLessThanOrEqual(events); // the prune job may remove, never add
  });

  it('erases a customer\'s personal data 10 years after its last debit or mandate end, and keeps the debit', async () => {
    const gone = await debtor(w, c, { ref: 'retained-1' });
    const kept = await debtor(w, c, { ref: 'retained-2' });
    await registerAtBank(w, [gone, kept]);
    await activateByCallback(w, [gone, kept]);
    const { debit: paid } = await w.at.createDebit({ requestId: randomUUID(), livemode: false, merchantId: w.merchantId, customerId: gone.customer.id, amount: 1_000, contractId: '', description: '' });
    expect(paid!.resultCode).toBe(0);
    await registerAtBank(w, [gone], { status: 'cancelled' });
    await w.bank.call('POST', '/control/debit-mandates/report', { requester_code: REQUESTER });
    await until(async () => (await w.at.getMandate({ livemode: false, merchantId: w.merchantId, mandateId: gone.mandate.id })).mandate!.status === MandateStatus.MANDATE_STATUS_CANCELLED, 'mandate ended');

    const [y, m, day] = paid!.debitedOn.split('-').map(Number);
    const tenYearsOn = `${y + 10}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const setClock = async (iso: string) => {
      const res = await fetch(`${w.ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: iso }) });
      expect(res.status).toBe(200);
    };
    const dayBefore = new Date(Date.parse(`${tenYearsOn}T03:00:00Z`) - DAY).toISOString();
    const erasedAt = async () => (await w.at.getCustomer({ livemode: false, merchantId: w.merchantId, customerId: gone.customer.id })).customer!.erasedAt;
    await setClock(dayBefore);
    await w.runJob('account-transfer.retention'); // (customers of the earlier tests whose mandates ended a day sooner go now)
    expect(await erasedAt()).toBeUndefined();
    await setClock(`${tenYearsOn}T03:00:00Z`);
    expect(await w.runJob('account-transfer.retention')).toEqual({ erased: 1 });

    const erased = (await w.at.getCustomer({ livemode: false, merchantId: w.merchantId, customerId: gone.customer.id })).customer!;
    expect(erased).toMatchObject({ name: '(erased)', email: '', account: { holderName: '(erased)', accountNumber: '0000000' } });
    expect(erased.erasedAt).toBeDefined();
    // an active mandate keeps its customer; the debit record stays
    expect((await w.at.getCustomer({ livemode: false, merchantId: w.merchantId, customerId: kept.customer.id })).customer!.erasedAt).toBeUndefined();
    expect((await w.at.getDebit({ livemode: false, merchantId: w.merchantId, debitId: paid!.id })).debit).toMatchObject({ amount: 1_000, resultCode: 0, customerRef: 'retained-1' });
  });
});
