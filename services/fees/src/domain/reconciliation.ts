/**
 * The daily reconciliation (docs/reference/fees-and-settlement.md#daily-reconciliation),
 * pure: what the bank says moved on Kessai's own accounts on a day, what the
 * ledger booked against `platform_bank` for that day, and what the services
 * recorded, paired up; every thing left over, or paired with another amount,
 * is a difference with a cause in plain words.
 */

/** What is compared. A new money movement slots in as a further category. */
export type Category = 'bank_deposit' | 'chain_settlement' | 'transfer' | 'deposit_refund' | 'payout' | 'invoice_payment' | 'reversal' | 'collection' | 'store_settlement' | 'other';

export type DifferenceKind =
  | 'unknown_bank_movement'
  | 'not_executed'
  | 'executed_without_result'
  | 'executed_though_failed'
  | 'missing_bank_movement'
  | 'amount_differs'
  | 'missing_ledger_entry'
  | 'missing_service_record'
  | 'settlement_flagged'
  | 'held_for_review';

/** One movement on the bank's statement of Kessai's own accounts (credits positive). */
export interface BankMovement {
  account: string;
  seq: number;
  kind: 'deposit' | 'transfer' | 'reversal' | string;
  amount: number;
  reference: string;
  counterparty: string;
}

/** One `platform_bank` entry, turned to the bank's side: money arriving at the bank is positive. */
export interface LedgerBankEntry {
  transactionId: string;
  kind: string;
  amount: number;
  /** the bank's reference when the ledger knows it (deposits and chain settlements) */
  bankReference: string;
}

/**
 * A payment into an invoice account the fees service holds for an operator
 * (its amount matched no open invoice): money at the bank the ledger does not
 * book until an operator applies it.
 */
export interface HeldInvoicePayment {
  depositId: string;
  amount: number;
  bankReference: string;
}

/** A record of a service and the ledger's posting of it (confirmed payments ↔ collection credits). */
export interface ServiceRecord {
  reference: string;
  amount: number;
}

export interface Difference {
  category: Category;
  kind: DifferenceKind;
  bankAmount: number;
  bankReference: string;
  ledgerAmount: number;
  ledgerReference: string;
  serviceAmount: number;
  serviceReference: string;
  cause: string;
}

/**
 * How each ledger transaction kind touching `platform_bank` maps to a category
 * and to the bank movement kind that should mirror it. A kind not in the table
 * is still compared (category `other`); the statement ledger postings and
 * remittance invoices add their rows (`payout`, `invoice_payment`) here.
 */
export const LEDGER_KINDS: Record<string, { category: Category; bankKind: string }> = {
  'deposit.received': { category: 'bank_deposit', bankKind: 'deposit' },
  'store_settlement.received': { category: 'chain_settlement', bankKind: 'deposit' },
  'hold.capture': { category: 'transfer', bankKind: 'transfer' },
  'transfer.reversed': { category: 'reversal', bankKind: 'reversal' },
  // a payout remittance executed: the bank's transfer debit (paired by the transfer's 20-digit reference)
  'payout.paid': { category: 'payout', bankKind: 'transfer' },
  // an invoice paid into the merchant's invoice account: the bank's deposit
  'invoice.paid': { category: 'invoice_payment', bankKind: 'deposit' },
};

const BANK_KINDS: Record<string, Category> = { deposit: 'bank_deposit', transfer: 'transfer', reversal: 'reversal' };

function categoryOfLedger(kind: string): { category: Category; bankKind: string } {
  return LEDGER_KINDS[kind] ?? { category: 'other', bankKind: '' };
}

function bankRef(m: BankMovement): string {
  return `${m.account}#${m.seq}${m.reference ? ` ${m.reference}` : ''}`;
}

const CAUSES = {
  unknownBank: (m: BankMovement) =>
    m.kind === 'deposit' ? 'bank movement Kessai does not know: a deposit the ledger never booked (an account Kessai has no record of, or a callback not received)'
      : m.kind === 'transfer' ? 'bank movement Kessai does not know: a transfer debited at the bank the ledger never booked'
        : 'bank movement Kessai does not know',
  missingBank: (category: Category, amount: number) =>
    amount > 0 ? (category === 'bank_deposit' || category === 'chain_settlement' ? 'ledger credit without a bank deposit' : 'ledger entry without a bank credit')
      : category === 'transfer' ? 'ledger transfer without a bank debit' : 'ledger entry without a bank debit',
  amountDiffers: 'amount differs between the bank and the ledger',
  held: (p: HeldInvoicePayment) => `invoice payment held for an operator's review: its amount matches no open invoice (deposit ${p.depositId})`,
};

export interface BankComparison {
  matched: number;
  differences: Difference[];
}

/**
 * Pairs the day's bank movements with the day's ledger entries: first by the
 * bank's reference (deposits and chain settlements carry it on both sides;
 * paired with another amount: `amount_differs`), then what is left by
 * category and amount (transfers and reversals, whose ledger entries carry no
 * bank reference). Left over on the bank's side: a movement Kessai does not
 * know — unless it is the deposit of an invoice payment held for review (by
 * the bank's reference), which Kessai knows but has not booked yet; on the
 * ledger's side: an entry the bank does not show.
 */
export function compareBankWithLedger(bank: readonly BankMovement[], ledger: readonly LedgerBankEntry[], held: readonly HeldInvoicePayment[] = []): BankComparison {
  const differences: Difference[] = [];
  const leftBank = [...bank];
  const leftLedger: LedgerBankEntry[] = [];
  let matched = 0;
  for (const e of ledger) {
    const i = e.bankReference ? leftBank.findIndex((m) => m.reference === e.bankReference && m.amount > 0 === e.amount > 0) : -1;
    if (i < 0) {
      leftLedger.push(e);
      continue;
    }
    const [m] = leftBank.splice(i, 1);
    if (m.amount === e.amount) matched++;
    else differences.push(diff(categoryOfLedger(e.kind).category, 'amount_differs', m, e, CAUSES.amountDiffers));
  }
  const unmatchedLedger: LedgerBankEntry[] = [];
  for (const e of leftLedger) {
    const { bankKind } = categoryOfLedger(e.kind);
    const i = leftBank.findIndex((m) => m.amount === e.amount && (bankKind === '' || m.kind === bankKind));
    if (i < 0) {
      unmatchedLedger.push(e);
      continue;
    }
    leftBank.splice(i, 1);
    matched++;
  }
  const heldByRef = new Map(held.filter((p) => p.bankReference).map((p) => [p.bankReference, p]));
  for (const m of leftBank) {
    const p = m.kind === 'deposit' && m.amount > 0 ? heldByRef.get(m.reference) : undefined;
    heldByRef.delete(m.reference);
    if (p) differences.push({ ...diff('invoice_payment', 'held_for_review', m, null, CAUSES.held(p)), serviceAmount: p.amount, serviceReference: p.depositId });
    else differences.push(diff(BANK_KINDS[m.kind] ?? 'other', 'unknown_bank_movement', m, null, CAUSES.unknownBank(m)));
  }
  for (const e of unmatchedLedger) {
    const { category } = categoryOfLedger(e.kind);
    differences.push(diff(category, 'missing_bank_movement', null, e, CAUSES.missingBank(category, e.amount)));
  }
  return { matched, differences };
}

function diff(category: Category, kind: DifferenceKind, m: BankMovement | null, e: LedgerBankEntry | null, cause: string): Difference {
  return {
    category, kind, cause,
    bankAmount: m?.amount ?? 0, bankReference: m ? bankRef(m) : '',
    ledgerAmount: e?.amount ?? 0, ledgerReference: e?.transactionId ?? '',
    serviceAmount: 0, serviceReference: '',
  };
}

/**
 * A service's records of the day against the ledger's postings of them, by
 * reference (billing's confirmed payments ↔ the ledger's collection credits;
 * remittance's executed transfers later the same way).
 */
export function compareServiceWithLedger(category: Category, service: readonly ServiceRecord[], ledger: readonly ServiceRecord[], labels: { service: string; ledger: string }): { matched: number; differences: Difference[] } {
  const byRef = new Map(ledger.map((l) => [l.reference, l]));
  const differences: Difference[] = [];
  let matched = 0;
  for (const s of service) {
    const l = byRef.get(s.reference);
    byRef.delete(s.reference);
    const base = { category, bankAmount: 0, bankReference: '', serviceAmount: s.amount, serviceReference: s.reference };
    if (!l) differences.push({ ...base, kind: 'missing_ledger_entry', ledgerAmount: 0, ledgerReference: '', cause: `${labels.service} without a ${labels.ledger}` });
    else if (l.amount !== s.amount) differences.push({ ...base, kind: 'amount_differs', ledgerAmount: l.amount, ledgerReference: l.reference, cause: `amount differs between the ${labels.service} and the ${labels.ledger}` });
    else matched++;
  }
  for (const l of byRef.values()) {
    differences.push({ category, kind: 'missing_service_record', bankAmount: 0, bankReference: '', ledgerAmount: l.amount, ledgerReference: l.reference, serviceAmount: 0, serviceReference: '', cause: `${labels.ledger} without a ${labels.service}` });
  }
  return { matched, differences };
}

/** A chain's transfer received on the day that the ledger flagged (not what Kessai expected for its week). */
export interface FlaggedSettlement {
  id: string;
  chain: string;
  amount: number;
  expected: number;
  status: 'mismatch' | 'unknown_period';
  transactionId: string;
}

export function flaggedSettlementDifference(s: FlaggedSettlement): Difference {
  return {
    category: 'store_settlement', kind: 'settlement_flagged',
    bankAmount: s.amount, bankReference: `${s.chain} ${s.id}`,
    ledgerAmount: s.expected, ledgerReference: s.transactionId,
    serviceAmount: 0, serviceReference: '',
    cause: s.status === 'unknown_period'
      ? `the ${s.chain} transfer names no settlement week: nothing to compare it with`
      : `the ${s.chain} transfer is not what Kessai booked as confirmed at the chain for the week (difference ${s.amount - s.expected} yen)`,
  };
}

/** A transfer the remittance service put in a file for the day (every purpose: recipients, deposit refunds, payouts). */
export interface ServiceTransfer {
  id: string;
  purpose: 'recipient' | 'deposit_refund' | 'payout' | string;
  status: 'in_file' | 'sent' | 'succeeded' | 'failed' | 'reversed' | string;
  amount: number;
  bankReference: string;
}

const PURPOSE_CATEGORY: Record<string, Category> = { recipient: 'transfer', deposit_refund: 'deposit_refund', payout: 'payout' };

/**
 * The bank's transfer debits of the day against the remittance service's
 * transfers of that execution date, by the 20-digit reference: a succeeded (or
 * later reversed) transfer must be debited for its amount; a failed one must
 * not be; one without a result yet but debited means the result never reached
 * Kessai; one sent but not debited was not executed. A bank debit no transfer
 * has is reported by the comparison with the ledger (and here, with no record).
 */
export function compareBankWithTransfers(bank: readonly BankMovement[], transfers: readonly ServiceTransfer[]): { matched: number; differences: Difference[] } {
  const debits = bank.filter((m) => m.kind === 'transfer');
  const byRef = new Map(debits.map((m) => [m.reference, m]));
  const differences: Difference[] = [];
  let matched = 0;
  for (const t of transfers) {
    const m = byRef.get(t.bankReference);
    byRef.delete(t.bankReference);
    const category = PURPOSE_CATEGORY[t.purpose] ?? 'transfer';
    const d = (kind: DifferenceKind, cause: string): Difference => ({
      category, kind, cause, bankAmount: m?.amount ?? 0, bankReference: m ? bankRef(m) : '', ledgerAmount: 0, ledgerReference: '',
      serviceAmount: -t.amount, serviceReference: `${t.purpose} ${t.id} ${t.bankReference}`,
    });
    const executed = t.status === 'succeeded' || t.status === 'reversed';
    if (executed && !m) differences.push(d('missing_bank_movement', 'transfer remittance recorded as executed without a bank debit'));
    else if (executed && m && m.amount !== -t.amount) differences.push(d('amount_differs', 'amount differs between the bank debit and the remittance transfer'));
    else if (t.status === 'failed' && m) differences.push(d('executed_though_failed', 'bank debited a transfer remittance recorded as failed'));
    else if (!executed && t.status !== 'failed' && m) differences.push(d('executed_without_result', 'bank executed a transfer whose result never reached Kessai'));
    else if (!executed && t.status !== 'failed') differences.push(d('not_executed', 'transfer sent to the bank for the day that the bank did not execute'));
    else matched++;
  }
  for (const m of byRef.values()) {
    differences.push({
      category: 'transfer', kind: 'missing_service_record', cause: 'bank transfer the remittance service has no record of',
      bankAmount: m.amount, bankReference: bankRef(m), ledgerAmount: 0, ledgerReference: '', serviceAmount: 0, serviceReference: '',
    });
  }
  return { matched, differences };
}
