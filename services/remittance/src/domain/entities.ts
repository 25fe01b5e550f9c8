import type { BankAccount, Channel, OrderSettings, OrderStatus, PostalAddress, RecipientStatus, TransferPurpose, TransferStatus } from './types';

/** A remittance order as stored. */
export interface Order {
  id: string;
  livemode: boolean;
  merchantId: string;
  /** the owner when the order belongs to a tenant, else '' */
  ownerId: string;
  merchantName: string;
  settings: OrderSettings;
  guideText: string;
  reference: string;
  status: OrderStatus;
  recipientCount: number;
  totalAmount: number;
  shortfallAmount: number;
  holdId: string | null;
  registrationDeadline: string | null;
  createdAt: Date;
  updatedAt: Date;
  approvedAt: Date | null;
  fundedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
}

/** Counts of an order's recipients by status, with the paid amount. */
export interface OrderCounts {
  byStatus: Partial<Record<RecipientStatus, number>>;
  paidAmount: number;
}

export interface Recipient {
  id: string;
  orderId: string;
  livemode: boolean;
  merchantId: string;
  rowNumber: number;
  name: string;
  nameKana: string;
  kanaKey: string;
  amount: number;
  email: string;
  phone: string;
  postalAddress: PostalAddress | null;
  reference: string;
  account: BankAccount | null;
  accountKey: string;
  status: RecipientStatus;
  holdId: string | null;
  /** its amount is earmarked in holdId */
  held: boolean;
  earmarkRound: number;
  linkToken: string | null;
  code: string | null;
  codeHash: string | null;
  wrongCodes: number;
  lockedAt: Date | null;
  contactRound: number;
  roundStartedAt: Date | null;
  roundChannels: Channel[];
  contactedChannels: Channel[];
  nextContactAt: Date | null;
  lastContactedAt: Date | null;
  registeredAt: Date | null;
  fundsConfirmedAt: Date | null;
  transferId: string | null;
  transferDate: string | null;
  transferAttempts: number;
  failureCode: string;
  paidAt: Date | null;
  personalDataDeletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Transfer {
  id: string;
  livemode: boolean;
  merchantId: string;
  purpose: TransferPurpose;
  status: TransferStatus;
  account: BankAccount;
  amount: number;
  executionDate: string;
  bankReference: string;
  sourceAccount: string;
  fileId: string | null;
  recordNumber: number | null;
  holdId: string | null;
  reference: string;
  orderId: string | null;
  recipientId: string | null;
  failureCode: string;
  createdAt: Date;
  sentAt: Date | null;
  settledAt: Date | null;
}

export interface TransferFileRow {
  id: string;
  livemode: boolean;
  sourceAccount: string;
  executionDate: string;
  status: 'built' | 'uploading' | 'sent';
  recordCount: number;
  totalAmount: number;
  content: Buffer;
  uploadAttempts: number;
  builtAt: Date;
  sentAt: Date | null;
}

export interface Reversal {
  id: string;
  livemode: boolean;
  merchantId: string;
  transferId: string;
  amount: number;
  status: 'requested' | 'completed' | 'refused';
  requestedAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface DepositRefund {
  id: string;
  livemode: boolean;
  merchantId: string;
  amount: number;
  holdId: string;
  transferId: string;
  createdAt: Date;
}

/** A ledger call to make exactly once (captures, releases, reversal credits). */
export interface LedgerOp {
  idempotencyKey: string;
  livemode: boolean;
  kind: 'capture' | 'release' | 'credit';
  holdId: string | null;
  merchantId: string;
  amount: number;
  description: string;
}

/** Who asks: a merchant in a mode, maybe an owner acting for tenants. */
export interface Scope {
  livemode: boolean;
  merchantId: string;
  includeTenants: boolean;
  tenantId: string;
}
