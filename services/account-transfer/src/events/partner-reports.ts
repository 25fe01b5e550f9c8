import { webhookEventsV1 } from '@kessai/contracts';
import type { EntityManager, EventEnvelope } from '@kessai/platform';
import type { AccountTransferDeps } from '../app/deps';
import { recordBankDebitReport } from '../app/bank-debit-report';
import { importMandates } from '../app/import-mandates';
import { tokyoToday } from '../domain/debit';
import type { BankMandateStatus } from '../domain/mandate';

/** `webhook.bank_mandates.reported` (the bank's signed `bank/mandates` callback) → a mandate-list import. */
export async function onBankMandatesReported(deps: AccountTransferDeps, envelope: EventEnvelope, tx: EntityManager): Promise<void> {
  const r = webhookEventsV1.BankMandatesReported.decode(envelope.payload);
  const asOf = tokyoToday(envelope.occurredAt ?? deps.clock.now());
  await importMandates(deps, {
    livemode: envelope.livemode,
    partner: r.partner,
    source: 'bank_callback',
    reportId: r.partnerEventId,
    asOf,
    mandates: r.mandates.map((m) => ({
      customerNumber: m.customerNumber, bankCode: m.bankCode, branchCode: m.branchCode, accountType: String(m.accountType), accountNumber: m.accountNumber,
      holderName: '', status: m.status as BankMandateStatus, changedOn: asOf,
    })),
  }, tx);
}

/** `webhook.bank_debit.reported` → compared with the synchronous answer (never applied). */
export async function onBankDebitReported(deps: AccountTransferDeps, envelope: EventEnvelope, tx: EntityManager): Promise<void> {
  const r = webhookEventsV1.BankDebitReported.decode(envelope.payload);
  await recordBankDebitReport(deps, { reportId: `${r.partner}:${r.partnerEventId}`, debitId: r.debitId, resultCode: r.resultCode }, tx);
}
