import { addCalendarDays, tokyoDate, tokyoStartOfDay } from '@kessai/bank-calendar';
import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import type { Statement } from '@kessai/partner-bank';
import { newId, useCase, ValidationError } from '@kessai/platform';
import { invoicePaymentsStore } from '../db/invoice-payments-store';
import { reconciliationStore, type DifferenceRow, type RunRow } from '../db/reconciliation-store';
import {
  compareBankWithLedger,
  compareBankWithTransfers,
  compareServiceWithLedger,
  flaggedSettlementDifference,
  type BankMovement,
  type Difference,
  type FlaggedSettlement,
  type HeldInvoicePayment,
  type LedgerBankEntry,
  type ServiceRecord,
  type ServiceTransfer,
} from '../domain/reconciliation';
import type { FeesDeps } from './deps';
import { reconciliationEvent } from './events';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STORE_RECEIVABLE: ledgerV1.AccountRef = { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_STORE_RECEIVABLE };
const PLATFORM_BANK: ledgerV1.AccountRef = { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK };
const PAGE = 100;
/**
 * Entries are read newest first back to the day before `day` (posted_at): an
 * entry of a bank date is booked when the bank's callback arrives — that day or
 * later — and a day of margin covers a clock a little ahead of the bank's.
 */
const LOOKBACK_DAYS = 1;

export function checkDay(day: string, field = 'day'): string {
  if (!DATE.test(day)) throw ValidationError.field(field, 'must be a date YYYY-MM-DD');
  try {
    tokyoStartOfDay(day);
  } catch {
    throw ValidationError.field(field, 'must be a real calendar date');
  }
  return day;
}

export interface ReconciliationResult {
  run: RunRow;
  differences: DifferenceRow[];
}

/**
 * Reconciles one Tokyo bank date (docs/reference/fees-and-settlement.md#daily-reconciliation):
 * the bank's statement of Kessai's own accounts against the ledger's
 * `platform_bank` entries of that day and remittance's transfers of that
 * execution date (a deposit of an invoice payment held for review is reported
 * as such); the chains' transfers the ledger flagged; billing's confirmed
 * payments against the ledger's collection credits. The day's result (and its
 * event) replaces any earlier one in one transaction, so a rerun is idempotent
 * (the same inputs give the same result).
 */
export function reconcileDay(deps: FeesDeps, livemode: boolean, day: string): Promise<ReconciliationResult> {
  return useCase('fees.reconcile_day', async () => {
    checkDay(day);
    const today = tokyoDate(deps.clock.now());
    if (day >= today) throw ValidationError.field('day', 'must be a day that has ended (before today in Tokyo): its statement is not final yet');
    const [statement, entries, flagged, transfers, held] = await Promise.all([
      deps.bank.statement(day), ledgerEntriesOf(deps, livemode, day), flaggedSettlementsOf(deps, livemode, day), transfersOn(deps, livemode, day), heldInvoicePaymentsOn(deps, livemode, day),
    ]);
    const bank = movementsOf(statement);
    const ledger = withTransferReferences(entries, transfers);
    const { matched, differences: bankDiffs } = compareBankWithLedger(bank, ledger, held);
    const remittance = compareBankWithTransfers(bank, transfers.map((t) => t.transfer));
    const collections = await compareCollections(deps, livemode, day);
    const differences: Difference[] = [...bankDiffs, ...remittance.differences, ...flagged.map(flaggedSettlementDifference), ...collections.differences];
    const now = deps.clock.now();
    const run: RunRow = {
      id: newId('rec', now.getTime()), livemode, day, status: differences.length === 0 ? 'clean' : 'differences', differenceCount: differences.length,
      bankMovements: bank.length, ledgerEntries: ledger.length, matched: matched + remittance.matched + collections.matched,
      bankTotal: bank.reduce((s, m) => s + m.amount, 0), ledgerTotal: ledger.reduce((s, e) => s + e.amount, 0), reconciledAt: now,
    };
    const rows: DifferenceRow[] = differences.map((d, i) => ({ ...d, id: newId('rdf', now.getTime()), runId: run.id, livemode, day, seq: i + 1 }));
    // the result and its event in one transaction (outbox)
    await deps.dataSource.transaction(async (tx) => {
      await reconciliationStore.replace(tx, run, rows);
      await deps.outbox.add(tx, [reconciliationEvent(run, rows)]);
    });
    deps.eventsCommitted();
    deps.metrics.reconciled(livemode, day, differences.length);
    if (differences.length > 0) deps.logger.warn({ day, livemode, differences: differences.length }, 'reconciliation found differences');
    return { run, differences: rows };
  }, { livemode });
}

/**
 * The job fees.reconcile: each day reconciles the day before, and any of the
 * week before it that was never reconciled (a job that did not run catches up).
 */
export function reconcileYesterday(deps: FeesDeps): Promise<string[]> {
  return useCase('fees.reconcile', async () => {
    const livemode = deps.reconciliationLivemode;
    const yesterday = addCalendarDays(tokyoDate(deps.clock.now()), -1);
    const last = await reconciliationStore.latest(deps.dataSource, livemode);
    let from = last && last.day < yesterday ? addCalendarDays(last.day, 1) : yesterday;
    if (from < addCalendarDays(yesterday, -6)) from = addCalendarDays(yesterday, -6);
    const done: string[] = [];
    for (let d = from; d <= yesterday; d = addCalendarDays(d, 1)) {
      await reconcileDay(deps, livemode, d);
      done.push(d);
    }
    return done;
  });
}

function movementsOf(s: Statement): BankMovement[] {
  return s.accounts.flatMap((a) =>
    a.movements.map((m) => ({ account: `${a.bank_code}-${a.branch_code}-${a.account_number}`, seq: m.seq, kind: m.kind, amount: m.amount, reference: m.reference, counterparty: m.counterparty })),
  );
}

/** An account's ledger entries, newest first, back to (not including) those posted before `stopBefore`. */
async function* entriesSince(deps: FeesDeps, livemode: boolean, account: ledgerV1.AccountRef, stopBefore: Date): AsyncGenerator<ledgerV1.Entry> {
  let pageToken = '';
  for (;;) {
    const res = await deps.ledger.listEntries({ livemode, account, pageSize: PAGE, pageToken });
    for (const e of res.entries) {
      if ((e.postedAt ?? new Date(0)) < stopBefore) return;
      yield e;
    }
    if (!res.nextPageToken) return;
    pageToken = res.nextPageToken;
  }
}

/** The ledger's platform_bank entries whose bank date is `day` (the metadata's business_date, else the Tokyo date it was posted). */
async function ledgerEntriesOf(deps: FeesDeps, livemode: boolean, day: string): Promise<(LedgerBankEntry & { holdId: string; transferId: string })[]> {
  const out: (LedgerBankEntry & { holdId: string; transferId: string })[] = [];
  for await (const e of entriesSince(deps, livemode, PLATFORM_BANK, tokyoStartOfDay(addCalendarDays(day, -LOOKBACK_DAYS)))) {
    const bankDate = e.metadata.business_date || tokyoDate(e.postedAt ?? new Date(0));
    // the ledger's sign is Kessai's: money at the bank is negative; the bank's side is the opposite
    if (bankDate === day) out.push({ transactionId: e.transactionId, kind: e.kind, amount: -e.amount, bankReference: e.metadata.bank_reference ?? '', holdId: e.metadata.hold_id ?? '', transferId: e.metadata.transfer_id ?? '' });
  }
  return out;
}

/** This service's invoice payments of bank date `day` still held for an operator's review. */
async function heldInvoicePaymentsOn(deps: FeesDeps, livemode: boolean, day: string): Promise<HeldInvoicePayment[]> {
  const rows = await invoicePaymentsStore.heldOn(deps.dataSource, livemode, day);
  return rows.map((p) => ({ depositId: p.depositId, amount: p.amount, bankReference: p.bankReference }));
}

/** The chains' transfers received on `day` that the ledger flagged (mismatch, unknown period). */
async function flaggedSettlementsOf(deps: FeesDeps, livemode: boolean, day: string): Promise<FlaggedSettlement[]> {
  const stopBefore = tokyoStartOfDay(addCalendarDays(day, -LOOKBACK_DAYS));
  const out: FlaggedSettlement[] = [];
  let pageToken = '';
  for (;;) {
    const res = await deps.ledger.listStoreSettlements({ livemode, chain: '', flaggedOnly: true, pageSize: PAGE, pageToken });
    let older = false;
    for (const s of res.settlements) {
      if ((s.bookedAt ?? new Date(0)) < stopBefore) {
        older = true;
        break;
      }
      if (s.receivedOn !== day) continue;
      const status = s.status === ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_UNKNOWN_PERIOD ? 'unknown_period' : 'mismatch';
      out.push({ id: s.id, chain: s.chain, amount: s.amount, expected: s.expected, status, transactionId: s.transactionId });
    }
    if (older || !res.nextPageToken) return out;
    pageToken = res.nextPageToken;
  }
}

interface Dated extends ServiceRecord {
  day: string;
}

/**
 * Billing's payments confirmed on `day` against the ledger's collection credits
 * (store receivable → the merchant's collections) booked that day, by payment id.
 * Each side is paired within the day before and after too: a confirmation at
 * 23:59 booked by the ledger at 00:00 is no difference.
 */
async function compareCollections(deps: FeesDeps, livemode: boolean, day: string): Promise<{ matched: number; differences: Difference[] }> {
  const [confirmed, credited] = await Promise.all([confirmedPayments(deps, livemode, addCalendarDays(day, -1), addCalendarDays(day, 1)), collectionCredits(deps, livemode, day)]);
  const labels = { service: 'payment billing confirmed', ledger: 'ledger collection credit' };
  const ofDay = (xs: Dated[]) => xs.filter((x) => x.day === day);
  const billingSide = compareServiceWithLedger('collection', ofDay(confirmed), credited, labels);
  const ledgerSide = compareServiceWithLedger('collection', confirmed, ofDay(credited), labels);
  return {
    matched: billingSide.matched,
    differences: [...billingSide.differences.filter((d) => d.kind !== 'missing_service_record'), ...ledgerSide.differences.filter((d) => d.kind === 'missing_service_record')],
  };
}

async function confirmedPayments(deps: FeesDeps, livemode: boolean, fromDay: string, toDay: string): Promise<Dated[]> {
  const out: Dated[] = [];
  let pageToken = '';
  do {
    const res = await deps.billing.listConfirmedPayments({ livemode, fromDay, toDay, pageSize: PAGE, pageToken });
    for (const p of res.payments) out.push({ reference: p.id, amount: p.amount, day: tokyoDate(p.confirmedAt ?? new Date(0)) });
    pageToken = res.nextPageToken;
  } while (pageToken);
  return out;
}

/** The ledger's collection credits posted (Tokyo date) from the day before to the day after `day`. */
async function collectionCredits(deps: FeesDeps, livemode: boolean, day: string): Promise<Dated[]> {
  const after = tokyoStartOfDay(addCalendarDays(day, 2));
  const out: Dated[] = [];
  for await (const e of entriesSince(deps, livemode, STORE_RECEIVABLE, tokyoStartOfDay(addCalendarDays(day, -1)))) {
    const postedAt = e.postedAt ?? new Date(0);
    if (postedAt >= after || e.kind !== 'collection.confirmed') continue;
    // the receivable goes down by what the merchant's collections go up
    out.push({ reference: e.metadata.payment_id ?? e.transactionId, amount: -e.amount, day: tokyoDate(postedAt) });
  }
  return out;
}

interface DayTransfer {
  transfer: ServiceTransfer;
  holdId: string;
}

const STATUS: Partial<Record<remittanceV1.TransferStatus, string>> = {
  [remittanceV1.TransferStatus.TRANSFER_STATUS_IN_FILE]: 'in_file',
  [remittanceV1.TransferStatus.TRANSFER_STATUS_SENT]: 'sent',
  [remittanceV1.TransferStatus.TRANSFER_STATUS_SUCCEEDED]: 'succeeded',
  [remittanceV1.TransferStatus.TRANSFER_STATUS_FAILED]: 'failed',
  [remittanceV1.TransferStatus.TRANSFER_STATUS_REVERSED]: 'reversed',
};
const PURPOSE: Partial<Record<remittanceV1.TransferPurpose, string>> = {
  [remittanceV1.TransferPurpose.TRANSFER_PURPOSE_RECIPIENT]: 'recipient',
  [remittanceV1.TransferPurpose.TRANSFER_PURPOSE_DEPOSIT_REFUND]: 'deposit_refund',
  [remittanceV1.TransferPurpose.TRANSFER_PURPOSE_PAYOUT]: 'payout',
};

/** Remittance's transfers whose execution date is `day` (every purpose). */
async function transfersOn(deps: FeesDeps, livemode: boolean, day: string): Promise<DayTransfer[]> {
  const out: DayTransfer[] = [];
  let pageToken = '';
  do {
    const res = await deps.remittance.listTransfersOn({ livemode, executionDate: day, pageSize: PAGE, pageToken });
    for (const { transfer: t, holdId } of res.transfers) {
      if (!t) continue;
      out.push({ holdId, transfer: { id: t.id, purpose: PURPOSE[t.purpose] ?? 'unknown', status: STATUS[t.status] ?? 'unknown', amount: t.amount, bankReference: t.bankReference } });
    }
    pageToken = res.nextPageToken;
  } while (pageToken);
  return out;
}

/**
 * A hold capture in the ledger names its hold, and the transfer executed from
 * that hold names the bank's reference: so the capture pairs with its bank
 * debit by reference, not only by amount.
 */
function withTransferReferences(entries: (LedgerBankEntry & { holdId: string; transferId: string })[], transfers: DayTransfer[]): LedgerBankEntry[] {
  // a payout's posting names its transfer: the transfer names the bank's reference
  const byTransfer = new Map(transfers.map((t) => [t.transfer.id, t.transfer.bankReference]));
  const byHold = new Map<string, string | null>();
  for (const t of transfers) {
    if (!t.holdId || !['succeeded', 'reversed'].includes(t.transfer.status)) continue;
    byHold.set(t.holdId, byHold.has(t.holdId) ? null : t.transfer.bankReference); // two from one hold: leave it to the amount
  }
  return entries.map(({ holdId, transferId, ...e }) => {
    if (e.bankReference) return e;
    if (transferId && byTransfer.has(transferId)) return { ...e, bankReference: byTransfer.get(transferId)! };
    return holdId ? { ...e, bankReference: byHold.get(holdId) ?? '' } : e;
  });
}
