import { billingV1 } from '@kessai/contracts';
import type { CompanyCodes } from '@kessai/konbini';
import { ValidationError } from '@kessai/platform';
import type { BillRecord, CustomerRecord, PaymentRecord, Scope } from '../app/types';
import { customerNumberEntriesOf, slipBarcodes } from '../domain/slip-barcodes';

const BILL_STATUS: Record<BillRecord['status'], billingV1.BillStatus> = {
  open: billingV1.BillStatus.BILL_STATUS_OPEN,
  paid: billingV1.BillStatus.BILL_STATUS_PAID,
  deleted: billingV1.BillStatus.BILL_STATUS_DELETED,
  expired: billingV1.BillStatus.BILL_STATUS_EXPIRED,
};
const PAYMENT_STATUS: Record<PaymentRecord['status'], billingV1.PaymentStatus> = {
  preliminary: billingV1.PaymentStatus.PAYMENT_STATUS_PRELIMINARY,
  confirmed: billingV1.PaymentStatus.PAYMENT_STATUS_CONFIRMED,
  cancelled: billingV1.PaymentStatus.PAYMENT_STATUS_CANCELLED,
};

export function billStatusFromWire(s: billingV1.BillStatus): string | undefined {
  return (Object.entries(BILL_STATUS).find(([, v]) => v === s) ?? [])[0];
}
export function paymentStatusFromWire(s: billingV1.PaymentStatus): string | undefined {
  return (Object.entries(PAYMENT_STATUS).find(([, v]) => v === s) ?? [])[0];
}

/** What the wire forms need besides the records: Kessai's company codes (configuration). */
export interface WireCodes {
  barcodeCompanyCode: string;
  companyCodes: CompanyCodes;
}

export function billToWire(bill: BillRecord, codes: WireCodes, slipUrl: string, hostedUrl = ''): billingV1.Bill {
  const barcodes = slipBarcodes(bill, codes.barcodeCompanyCode);
  return {
    id: bill.id,
    livemode: bill.livemode,
    merchantId: bill.merchantId,
    ownerId: bill.ownerId,
    status: BILL_STATUS[bill.status],
    amount: bill.amount,
    taxAmount: bill.taxAmount ?? undefined,
    dueDate: bill.dueDate,
    stores: bill.stores,
    message: bill.message,
    orderReference: bill.orderReference,
    customer: bill.customer,
    repeat: bill.repeat,
    paymentNumbers: bill.paymentNumbers,
    slipToken: bill.slipToken,
    merchantName: bill.merchantName,
    createdAt: bill.createdAt,
    updatedAt: bill.updatedAt,
    paidAt: bill.paidAt ?? undefined,
    // kept for existing clients: the first till chain's barcode ('' when no chain of the bill scans one)
    barcode: barcodes[0]?.data ?? '',
    barcodes,
    customerNumber: bill.customerNumber,
    customerNumberEntries: customerNumberEntriesOf(bill.customerNumber, codes.companyCodes),
    slipUrl,
    customerId: bill.customerId,
    hostedUrl,
    metadata: bill.metadata,
    reminderDaysBefore: bill.reminderDaysBefore,
    receiptNotice: bill.receiptNotice,
  };
}

export function paymentToWire(p: PaymentRecord): billingV1.Payment {
  return {
    id: p.id,
    livemode: p.livemode,
    merchantId: p.merchantId,
    ownerId: p.ownerId,
    billId: p.billId,
    status: PAYMENT_STATUS[p.status],
    chain: p.chain,
    paymentNumber: p.paymentNumber,
    amount: p.amount,
    stampDuty: p.stampDuty,
    late: p.late,
    storeCode: p.storeCode,
    paidAt: p.paidAt,
    preliminaryAt: p.preliminaryAt ?? undefined,
    confirmedAt: p.confirmedAt ?? undefined,
    cancelledAt: p.cancelledAt ?? undefined,
    createdAt: p.createdAt,
    orderReference: p.orderReference,
    amountMismatch: p.amountMismatch,
    billAmount: p.billAmount,
    storeTransactionId: p.storeTransactionId,
  };
}

export function customerToWire(c: CustomerRecord, codes: WireCodes): billingV1.CustomerProfile {
  return {
    id: c.id,
    livemode: c.livemode,
    merchantId: c.merchantId,
    ownerId: c.ownerId,
    customerNumber: c.customerNumber,
    name: c.name,
    email: c.email,
    phone: c.phone,
    createdAt: c.createdAt,
    customerNumberEntries: customerNumberEntriesOf(c.customerNumber, codes.companyCodes),
  };
}

export function scopeFromWire(s: billingV1.Scope | undefined): Scope {
  if (!s || !s.merchantId) throw ValidationError.field('scope.merchant_id', 'required');
  return { livemode: s.livemode, merchantId: s.merchantId, includeTenants: s.includeTenants, tenantId: s.tenantId };
}
