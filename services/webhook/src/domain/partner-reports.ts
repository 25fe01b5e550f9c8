import { webhookEventsV1 } from '@kessai/contracts';
import type { z } from 'zod';
import { bankDebitPayload, bankMandatesPayload, bankReversalPayload, bankTransferPayload, recognisedPaymentNumber, storePaymentPayload, UNRECOGNISED_PAYMENT_NUMBER } from './partner-payloads';

/**
 * Partner reports other than deposits: each is verified, recorded once (by the
 * partner's event id) and published as-is for the service that owns the
 * subject (remittance, account-transfer, billing). One table, one mechanism.
 */
export interface ReportKind<T> {
  /** path under /v1/partners/<partner>/ */
  path: string;
  partnerKind: 'bank' | 'store_network';
  schema: z.ZodType<T>;
  eventType: string;
  payloadType: string;
  /** the aggregate the event is about (the partner's subject id) */
  aggregateId: (p: T) => string;
  encode: (p: T, ctx: { reportId: string; partner: string }) => Uint8Array;
  /** what to flag on a report that is recorded all the same (stored with the request; docs/events.md) */
  flags?: (p: T) => string[];
}

const STORE_STATUS = {
  preliminary: webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_PRELIMINARY,
  confirmed: webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CONFIRMED,
  cancelled: webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CANCELLED,
};

function kind<T>(k: ReportKind<T>): ReportKind<T> {
  return k;
}

export const REPORT_KINDS = [
  kind({
    path: 'bank/transfers',
    partnerKind: 'bank',
    schema: bankTransferPayload,
    eventType: 'webhook.bank_transfer.reported',
    payloadType: 'kessai.webhook.events.v1.BankTransferReported',
    aggregateId: (p) => p.transfer_id,
    encode: (p, ctx) =>
      webhookEventsV1.BankTransferReported.encode({
        reportId: ctx.reportId, partner: ctx.partner, partnerEventId: p.id, transferId: p.transfer_id,
        result: p.result === 'succeeded' ? webhookEventsV1.TransferResult.TRANSFER_RESULT_SUCCEEDED : webhookEventsV1.TransferResult.TRANSFER_RESULT_FAILED,
        failureCode: p.failure_code ?? '', amount: p.amount, executedOn: p.executed_on,
        fileId: p.file_id ?? '', recordNumber: p.record_number ?? 0, reference: p.reference ?? '',
      }).finish(),
  }),
  kind({
    path: 'bank/reversals',
    partnerKind: 'bank',
    schema: bankReversalPayload,
    eventType: 'webhook.bank_reversal.reported',
    payloadType: 'kessai.webhook.events.v1.BankReversalReported',
    aggregateId: (p) => p.request_id,
    encode: (p, ctx) =>
      webhookEventsV1.BankReversalReported.encode({
        reportId: ctx.reportId, partner: ctx.partner, partnerEventId: p.id, requestId: p.request_id, fileId: p.file_id, recordNumber: p.record_number, reference: p.reference,
        result: p.result === 'accepted' ? webhookEventsV1.ReversalResult.REVERSAL_RESULT_ACCEPTED : webhookEventsV1.ReversalResult.REVERSAL_RESULT_REFUSED,
        reason: p.reason ?? '', amount: p.amount, decidedOn: p.decided_on,
      }).finish(),
  }),
  kind({
    path: 'bank/debits',
    partnerKind: 'bank',
    schema: bankDebitPayload,
    eventType: 'webhook.bank_debit.reported',
    payloadType: 'kessai.webhook.events.v1.BankDebitReported',
    aggregateId: (p) => p.debit_id,
    encode: (p, ctx) =>
      webhookEventsV1.BankDebitReported.encode({
        reportId: ctx.reportId, partner: ctx.partner, partnerEventId: p.id, debitId: p.debit_id, resultCode: p.result_code, amount: p.amount, debitedOn: p.debited_on,
      }).finish(),
  }),
  kind({
    path: 'bank/mandates',
    partnerKind: 'bank',
    schema: bankMandatesPayload,
    eventType: 'webhook.bank_mandates.reported',
    payloadType: 'kessai.webhook.events.v1.BankMandatesReported',
    aggregateId: (p) => p.id,
    encode: (p, ctx) =>
      webhookEventsV1.BankMandatesReported.encode({
        reportId: ctx.reportId, partner: ctx.partner, partnerEventId: p.id,
        mandates: p.mandates.map((m) => ({
          customerNumber: m.customer_number, bankCode: m.bank_code, branchCode: m.branch_code, accountType: m.account_type, accountNumber: m.account_number, status: m.status,
        })),
      }).finish(),
  }),
  kind({
    path: 'store/payments',
    partnerKind: 'store_network',
    schema: storePaymentPayload,
    eventType: 'webhook.store_payment.reported',
    payloadType: 'kessai.webhook.events.v1.StorePaymentReported',
    aggregateId: (p) => p.payment_number,
    encode: (p, ctx) =>
      webhookEventsV1.StorePaymentReported.encode({
        reportId: ctx.reportId, partner: ctx.partner, partnerEventId: p.id, status: STORE_STATUS[p.status], chain: p.chain,
        paymentNumber: p.payment_number, amount: p.amount, paidAt: new Date(p.paid_at), storeCode: p.store_code, storeTransactionId: p.transaction_id ?? '',
      }).finish(),
    flags: (p) => (recognisedPaymentNumber(p.chain, p.payment_number) ? [] : [UNRECOGNISED_PAYMENT_NUMBER]),
  }),
] as ReportKind<unknown>[];
