import { dailyAtTokyoHour } from './daily';
import {
  compareBankWithLedger,
  compareBankWithTransfers,
  compareServiceWithLedger,
  flaggedSettlementDifference,
  type BankMovement,
  type LedgerBankEntry,
  type ServiceTransfer,
} from './reconciliation';

const ACCOUNT = '0005-001-1234567';
let seq = 0;
const mv = (kind: string, amount: number, reference: string): BankMovement => ({ account: ACCOUNT, seq: ++seq, kind, amount, reference, counterparty: 'ｶ)ﾃｽﾄ' });
const entry = (kind: string, amount: number, bankReference = '', transactionId = `txn_${++seq}`): LedgerBankEntry => ({ transactionId, kind, amount, bankReference });

describe('the bank statement against the ledger', () => {
  it('pairs deposits and chain settlements by the bank reference, transfers and reversals by amount', () => {
    const bank = [mv('deposit', 100_000, 'SIM1'), mv('deposit', 55_571, 'SIM2'), mv('transfer', -30_000, '12345678900000000001'), mv('reversal', 10_000, '12345678900000000002')];
    const ledger = [entry('store_settlement.received', 55_571, 'SIM2'), entry('deposit.received', 100_000, 'SIM1'), entry('hold.capture', -30_000), entry('transfer.reversed', 10_000)];
    expect(compareBankWithLedger(bank, ledger)).toEqual({ matched: 4, differences: [] });
  });

  it('reports a bank movement Kessai does not know, a ledger credit without a bank deposit, and an amount that differs', () => {
    const bank = [mv('deposit', 12_345, 'SIM9'), mv('deposit', 8_800, 'SIM3'), mv('transfer', -5_000, '12345678900000000009')];
    const ledger = [entry('deposit.received', 7_000, 'SIM4', 'txn_a'), entry('store_settlement.received', 8_500, 'SIM3', 'txn_b')];
    const { matched, differences } = compareBankWithLedger(bank, ledger);
    expect(matched).toBe(0);
    expect(differences.map((d) => [d.category, d.kind, d.bankAmount, d.ledgerAmount, d.ledgerReference])).toEqual([
      ['chain_settlement', 'amount_differs', 8_800, 8_500, 'txn_b'],
      ['bank_deposit', 'unknown_bank_movement', 12_345, 0, ''],
      ['transfer', 'unknown_bank_movement', -5_000, 0, ''],
      ['bank_deposit', 'missing_bank_movement', 0, 7_000, 'txn_a'],
    ]);
    expect(differences[1].cause).toMatch(/^bank movement Kessai does not know/);
    expect(differences[1].bankReference).toContain('SIM9');
    expect(differences[3].cause).toBe('ledger credit without a bank deposit');
  });

  it('pairs a payout with its transfer debit and an invoice payment with its deposit, by the bank reference', () => {
    const bank = [mv('transfer', -72_000, '12345678900000000031'), mv('deposit', 1_650, 'SIM31'), mv('transfer', -72_000, '12345678900000000032')];
    const ledger = [entry('invoice.paid', 1_650, 'SIM31'), entry('payout.paid', -72_000, '12345678900000000032', 'txn_p')];
    const { matched, differences } = compareBankWithLedger(bank, ledger);
    expect(matched).toBe(2);
    expect(differences.map((d) => [d.category, d.kind, d.bankReference])).toEqual([['transfer', 'unknown_bank_movement', `${ACCOUNT}#${bank[0].seq} 12345678900000000031`]]);
    const missing = compareBankWithLedger([], [entry('payout.paid', -5_000), entry('invoice.paid', 1_100)]);
    expect(missing.differences.map((d) => [d.category, d.kind, d.cause])).toEqual([
      ['payout', 'missing_bank_movement', 'ledger entry without a bank debit'],
      ['invoice_payment', 'missing_bank_movement', 'ledger entry without a bank credit'],
    ]);
  });

  it('does not pair a credit with a debit of the same reference', () => {
    const { differences } = compareBankWithLedger([mv('reversal', 10_000, 'R1')], [entry('hold.capture', -10_000, 'R1')]);
    expect(differences.map((d) => d.kind)).toEqual(['unknown_bank_movement', 'missing_bank_movement']);
    expect(differences[1].cause).toBe('ledger transfer without a bank debit');
  });

  it('compares a ledger kind it has no row for as "other", by amount', () => {
    expect(compareBankWithLedger([mv('transfer', -1_350, 'P1')], [entry('payout.sent', -1_350)])).toEqual({ matched: 1, differences: [] });
    expect(compareBankWithLedger([], [entry('payout.sent', -1_350)]).differences[0]).toMatchObject({ category: 'other', kind: 'missing_bank_movement' });
  });

  it('pairs an invoice payment by its bank reference, not with another deposit of the same amount', () => {
    // a merchant's deposit and an invoice payment of one amount on one day: each with its own
    const bank = [mv('deposit', 12_210, 'SIM41'), mv('deposit', 12_210, 'SIM42')];
    const ledger = [entry('invoice.paid', 12_210, 'SIM42', 'txn_inv'), entry('deposit.received', 12_210, 'SIM41')];
    expect(compareBankWithLedger(bank, ledger)).toEqual({ matched: 2, differences: [] });
    // paired by reference with another amount: the amount differs, nothing is left unknown
    const { differences } = compareBankWithLedger([mv('deposit', 12_000, 'SIM43')], [entry('invoice.paid', 12_210, 'SIM43', 'txn_x')]);
    expect(differences.map((d) => [d.category, d.kind, d.bankAmount, d.ledgerAmount, d.ledgerReference])).toEqual([['invoice_payment', 'amount_differs', 12_000, 12_210, 'txn_x']]);
  });

  it("reports a held invoice payment's deposit as held for review, not as a movement Kessai does not know", () => {
    const bank = [mv('deposit', 12_000, 'SIM51'), mv('deposit', 12_000, 'SIM52')];
    const held = [{ depositId: 'dep_held', amount: 12_000, bankReference: 'SIM51' }, { depositId: 'dep_other_day', amount: 5_000, bankReference: 'SIM99' }];
    const { matched, differences } = compareBankWithLedger(bank, [], held);
    expect(matched).toBe(0);
    expect(differences).toEqual([
      {
        category: 'invoice_payment', kind: 'held_for_review', bankAmount: 12_000, bankReference: `${ACCOUNT}#${bank[0].seq} SIM51`, ledgerAmount: 0, ledgerReference: '',
        serviceAmount: 12_000, serviceReference: 'dep_held',
        cause: "invoice payment held for an operator's review: its amount matches no open invoice (deposit dep_held)",
      },
      expect.objectContaining({ category: 'bank_deposit', kind: 'unknown_bank_movement', bankReference: expect.stringContaining('SIM52') }),
    ]);
    // booked after all (an operator applied it): paired, nothing held
    expect(compareBankWithLedger(bank.slice(0, 1), [entry('invoice.paid', 12_000, 'SIM51')], held)).toEqual({ matched: 1, differences: [] });
    // a held payment without a reference (recorded before they were kept) is not guessed by amount
    expect(compareBankWithLedger(bank.slice(0, 1), [], [{ depositId: 'dep_old', amount: 12_000, bankReference: '' }]).differences.map((d) => d.kind)).toEqual(['unknown_bank_movement']);
  });
});

describe("remittance's transfers against the bank's debits", () => {
  const t = (id: string, status: string, amount: number, ref: string, purpose = 'recipient'): ServiceTransfer => ({ id, purpose, status, amount, bankReference: ref });

  it('expects a debit for each executed transfer and none for a failed one', () => {
    const bank = [mv('transfer', -30_000, 'R1'), mv('transfer', -20_000, 'R2'), mv('deposit', 1, 'SIM1')];
    expect(compareBankWithTransfers(bank, [t('trn_1', 'succeeded', 30_000, 'R1', 'deposit_refund'), t('trn_2', 'reversed', 20_000, 'R2'), t('trn_3', 'failed', 9_000, 'R3')])).toEqual({ matched: 3, differences: [] });
  });

  it('names what does not agree', () => {
    const bank = [mv('transfer', -30_000, 'R1'), mv('transfer', -9_000, 'R3'), mv('transfer', -4_000, 'R4'), mv('transfer', -7_000, 'R7'), mv('transfer', -1_000, 'R9')];
    const transfers = [
      t('trn_1', 'succeeded', 31_000, 'R1', 'payout'), t('trn_3', 'failed', 9_000, 'R3'), t('trn_4', 'sent', 4_000, 'R4'), t('trn_5', 'sent', 5_000, 'R5'),
      t('trn_6', 'succeeded', 6_000, 'R6', 'deposit_refund'), t('trn_7', 'in_file', 7_000, 'R7'),
    ];
    const { matched, differences } = compareBankWithTransfers(bank, transfers);
    expect(matched).toBe(0);
    expect(differences.map((d) => [d.category, d.kind, d.bankAmount, d.serviceAmount])).toEqual([
      ['payout', 'amount_differs', -30_000, -31_000],
      ['transfer', 'executed_though_failed', -9_000, -9_000],
      ['transfer', 'executed_without_result', -4_000, -4_000],
      ['transfer', 'not_executed', 0, -5_000],
      ['deposit_refund', 'missing_bank_movement', 0, -6_000],
      ['transfer', 'executed_without_result', -7_000, -7_000],
      ['transfer', 'missing_service_record', -1_000, 0],
    ]);
    expect(differences[0].serviceReference).toBe('payout trn_1 R1');
    expect(differences[6].cause).toBe('bank transfer the remittance service has no record of');
  });
});

describe("a service's records against the ledger", () => {
  const labels = { service: 'payment billing confirmed', ledger: 'ledger collection credit' };
  it('pairs by reference and reports either side alone or an amount that differs', () => {
    const { matched, differences } = compareServiceWithLedger(
      'collection',
      [{ reference: 'pay_1', amount: 3_000 }, { reference: 'pay_2', amount: 55_000 }, { reference: 'pay_3', amount: 800 }],
      [{ reference: 'pay_1', amount: 3_000 }, { reference: 'pay_2', amount: 50_000 }, { reference: 'pay_4', amount: 1_000 }],
      labels,
    );
    expect(matched).toBe(1);
    expect(differences.map((d) => [d.kind, d.serviceAmount, d.ledgerAmount, d.cause])).toEqual([
      ['amount_differs', 55_000, 50_000, 'amount differs between the payment billing confirmed and the ledger collection credit'],
      ['missing_ledger_entry', 800, 0, 'payment billing confirmed without a ledger collection credit'],
      ['missing_service_record', 0, 1_000, 'ledger collection credit without a payment billing confirmed'],
    ]);
  });
});

describe('a flagged chain settlement', () => {
  it('says what the chain transferred and what Kessai expected', () => {
    expect(flaggedSettlementDifference({ id: 'stl_1', chain: 'familymart', amount: 8_500, expected: 8_800, status: 'mismatch', transactionId: 'txn_1' })).toMatchObject({
      category: 'store_settlement', kind: 'settlement_flagged', bankAmount: 8_500, ledgerAmount: 8_800, cause: expect.stringContaining('difference -300 yen'),
    });
  });
});

describe('the job schedule', () => {
  it('runs at the hour in Tokyo, today if still ahead, else tomorrow', () => {
    const at6 = dailyAtTokyoHour(6);
    expect(at6(new Date('2027-01-07T20:00:00Z')).toISOString()).toBe('2027-01-07T21:00:00.000Z'); // 05:00 JST -> 06:00 the same day
    expect(at6(new Date('2027-01-07T21:00:00Z')).toISOString()).toBe('2027-01-08T21:00:00.000Z'); // 06:00 JST -> tomorrow
  });
});
