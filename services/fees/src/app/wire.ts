import type { feesV1 } from '@kessai/contracts';
import type { FeeItemView, InvoicePaymentView, InvoiceView, PayoutView, ScheduleView, StatementView } from './views';

/** The shapes the gRPC API and the fees.* events carry (one mapping for both). */
export function feeItemToWire(i: FeeItemView): feesV1.FeeItem {
  return {
    id: i.id, merchantId: i.merchantId, livemode: i.livemode, kind: i.kind, amount: i.amount, taxable: i.taxable, causeType: i.causeType, causeId: i.causeId,
    eventId: i.eventId, eventType: i.eventType, occurredOn: i.occurredOn, accruedAt: i.accruedAt, settlement: i.settlement, ownerId: i.ownerId,
  };
}

export function scheduleToWire(s: ScheduleView): feesV1.FeeSchedule {
  return { merchantId: s.merchantId, effectiveFrom: s.effectiveFrom, amounts: Object.entries(s.amounts).map(([kind, amount]) => ({ kind, amount })) };
}

export function statementToWire(s: StatementView): feesV1.Statement {
  return { ...s, fixedAt: s.fixedAt ?? undefined };
}

export function payoutToWire(p: PayoutView): feesV1.Payout {
  return {
    id: p.id, livemode: p.livemode, merchantId: p.merchantId, statementId: p.statementId, amount: p.amount, payoutDate: p.payoutDate, state: p.state, waitingReason: p.waitingReason,
    transferId: p.transferId ?? '', executionDate: p.executionDate ?? '', failureCode: p.failureCode, returnedStatementId: p.returnedStatementId ?? '',
    bankCode: p.account?.bankCode ?? '', branchCode: p.account?.branchCode ?? '', accountNumberLast4: p.account?.accountNumber.slice(-4) ?? '',
    createdAt: p.createdAt, submittedAt: p.submittedAt ?? undefined, settledAt: p.settledAt ?? undefined, updatedAt: p.updatedAt, statementTransactionId: p.statementTransactionId,
  };
}
export function invoiceToWire(i: InvoiceView): feesV1.Invoice {
  return {
    id: i.id, merchantId: i.merchantId, livemode: i.livemode, month: i.month, periodStart: i.periodStart, periodEnd: i.periodEnd, dueDate: i.dueDate, status: i.status,
    fees: i.fees, consumptionTax: i.consumptionTax, total: i.total, lines: i.lines.map((l) => ({ kind: l.kind, quantity: l.quantity, amount: l.amount })),
    issuedAt: i.issuedAt, paidAt: i.paidAt ?? undefined, overdueAt: i.overdueAt ?? undefined, paidByDepositId: i.paidByDepositId ?? '', ownerId: i.ownerId,
  };
}

export function invoicePaymentToWire(p: InvoicePaymentView): feesV1.InvoicePayment {
  return {
    depositId: p.depositId, merchantId: p.merchantId, livemode: p.livemode, amount: p.amount, virtualAccountNumber: p.virtualAccountNumber, payerNameKana: p.payerNameKana,
    receivedAt: p.receivedAt, status: p.status, invoiceId: p.invoiceId ?? '', resolvedAt: p.resolvedAt ?? undefined, note: p.note,
  };
}
