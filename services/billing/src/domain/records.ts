import type { ChainId } from '@kessai/konbini';
import type { BillStatus } from './bill';
import type { PaymentStatus } from './payment';

/** Who asks: one merchant, or an owner with its tenants (or one tenant of it). */
export interface Scope {
  livemode: boolean;
  merchantId: string;
  includeTenants: boolean;
  tenantId: string;
}

/** A bill as the use cases and handlers see it. */
export interface BillRecord {
  id: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  merchantName: string;
  status: BillStatus;
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  registeredOn: string;
  stores: ChainId[];
  message: string;
  orderReference: string;
  customer: { name: string; email: string; phone: string };
  customerNumber: string;
  /** the registered customer (cus_…), '' when none */
  customerId: string;
  repeat: boolean;
  slipToken: string;
  createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
  paymentNumbers: { chain: ChainId; number: string; parts: Record<string, string> }[];
  /** the merchant's key-value pairs (docs/reference/konbini.md#metadata) */
  metadata: Record<string, string>;
  /** remind the customer this many days before the due date (0 = no reminder) */
  reminderDaysBefore: number;
  /** email the customer a receipt notice when paid */
  receiptNotice: boolean;
}

/** One payment at a store, its results folded in (see store-results.ts). */
export interface PaymentRecord {
  id: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  billId: string;
  status: PaymentStatus;
  chain: ChainId;
  paymentNumber: string;
  amount: number;
  stampDuty: number;
  late: boolean;
  storeCode: string;
  paidAt: Date;
  preliminaryAt: Date | null;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  orderReference: string;
  /** the name of the merchant (an owner's tenant, or the owner itself) the bill was registered for */
  merchantName: string;
  /** the store network's transaction id, '' when it sent none */
  storeTransactionId: string;
  /** the store reported an amount other than the bill's: recorded, flagged, not paying the bill */
  amountMismatch: boolean;
  /** the bill's amount when the store took the payment */
  billAmount: number;
}

/** A registered customer holding one persistent customer number. */
export interface CustomerRecord {
  id: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  customerNumber: string;
  name: string;
  email: string;
  phone: string;
  createdAt: Date;
}
