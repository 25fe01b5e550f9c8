import { DomainError, useCase } from '@kessai/platform';
import { isFinal, outcomeOf, tokyoToday } from '../domain/debit';
import { BankMaintenanceError, BankNoAnswerError, type BankDebitAnswer } from '../domain/partner-bank';
import type { DebitView } from '../domain/views';
import { customersStore } from '../db/customers-store';
import { debitsStore, type DebitToSend } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';
import { batchCompletedEvent, debitCompletedEvent } from './events';

/** A lost answer the bank could not be asked about yet: retry later (the same request id never debits twice). */
export class BankAnswerLostError extends DomainError {
  constructor(debitId: string) {
    super('unavailable', 'bank_answer_lost', `no answer from the bank for debit ${debitId}; its outcome is settled by asking the bank — retry with the same Idempotency-Key`, [], {
      retry_after: '30',
      debit_id: debitId,
    });
  }
}

/**
 * Intent → call → outcome (docs/reference/account-transfer.md#single-debits).
 * The debit row (the intent) exists before the bank is called. When an
 * earlier attempt may have reached the bank, the bank is first asked about
 * the request id; only a request it never received is sent (again, with the
 * same request id, on which the bank is idempotent). A lost answer is
 * settled by that query — a retry never debits twice.
 */
export async function sendDebit(deps: AccountTransferDeps, debitId: string, source: 'single' | 'batch'): Promise<DebitView> {
  return useCase('account_transfer.send_debit', async () => {
    const d = await debitsStore.toSend(deps.dataSource, debitId);
    if (!d) throw new Error(`no debit ${debitId}`);
    if (isFinal(d.status)) return d;
    if (d.mandateStatus !== 'active' && d.status === 'queued') {
      // the mandate ended after the batch was accepted: the bank would refuse it (4); not sent
      return recordAnswer(deps, d, { requestId: d.id, resultCode: 4, debitedOn: todayOf(deps) }, source);
    }
    const mayHaveReached = d.status === 'unknown' || (d.status === 'pending' && (await attempts(deps, d.id)) > 0);
    if (mayHaveReached) {
      const known = await queryBank(deps, d);
      if (known) return recordAnswer(deps, d, known, source);
      if (known === undefined) throw new BankAnswerLostError(d.id);
    }
    await debitsStore.markSending(deps.dataSource, d.id);
    let answer: BankDebitAnswer;
    try {
      answer = await deps.bank.debit({
        partner: d.partner, requestId: d.id, requesterCode: d.requesterCode, bankCode: d.bankCode, branchCode: d.branchCode, accountType: d.accountType,
        accountNumber: d.accountNumber, holderName: d.holderName, amount: d.amount, customerNumber: d.customerNumber,
      });
    } catch (err) {
      if (err instanceof BankMaintenanceError) {
        await debitsStore.noteError(deps.dataSource, d.id, err.message);
        deps.metrics.debit('maintenance', source);
        throw err;
      }
      const message = err instanceof Error ? err.message : String(err);
      await debitsStore.markUnknown(deps.dataSource, d.id, message);
      deps.metrics.debit('unknown', source);
      deps.logger.warn({ debit_id: d.id, err: message }, 'debit answer lost: asking the bank');
      const known = await queryBank(deps, d);
      if (known) return recordAnswer(deps, d, known, source);
      throw new BankAnswerLostError(d.id);
    }
    return recordAnswer(deps, d, answer, source);
  }, { source });
}

async function attempts(deps: AccountTransferDeps, id: string): Promise<number> {
  return (await debitsStore.attempts(deps.dataSource, id)) ?? 0;
}

/** The bank's record: an answer, null (never received: safe to send), or undefined (could not ask). */
async function queryBank(deps: AccountTransferDeps, d: DebitToSend): Promise<BankDebitAnswer | null | undefined> {
  try {
    return await deps.bank.queryDebit(d.partner, d.id);
  } catch (err) {
    // a maintenance window is the caller's answer (retry after it); no answer means "ask again later"
    if (err instanceof BankNoAnswerError) {
      deps.logger.warn({ debit_id: d.id, err: err.message }, 'could not ask the bank about a debit');
      return undefined;
    }
    throw err;
  }
}

function todayOf(deps: AccountTransferDeps): string {
  return tokyoToday(deps.clock.now());
}

/** The outcome, once, with its event; the batch completes with its last item. */
export async function recordAnswer(deps: AccountTransferDeps, d: Pick<DebitToSend, 'id' | 'customerId'>, answer: BankDebitAnswer, source: 'single' | 'batch'): Promise<DebitView> {
  const outcome = outcomeOf(answer.resultCode, answer.debitedOn);
  let completedBatch = false;
  const done = await deps.dataSource.transaction(async (tx) => {
    const now = deps.clock.now();
    const updated = await debitsStore.complete(tx, d.id, { ...outcome, resultCode: answer.resultCode, debitedOn: answer.debitedOn, now });
    if (!updated) return null;
    await customersStore.touchActivity(tx, d.customerId, answer.debitedOn);
    const events = [debitCompletedEvent(updated, now)];
    if (updated.batchId && (await debitsStore.completeBatchIfDone(tx, updated.batchId, now))) {
      const batch = await debitsStore.batch(tx, updated.batchId);
      if (batch) events.push(batchCompletedEvent(batch, now));
      completedBatch = true;
    }
    await deps.outbox.add(tx, events);
    return updated;
  });
  if (!done) return (await debitsStore.byId(deps.dataSource, d.id))!;
  deps.eventsCommitted();
  deps.metrics.debit(outcome.status, source);
  if (completedBatch) deps.logger.info({ batch_id: done.batchId }, 'debit batch completed');
  return done;
}
