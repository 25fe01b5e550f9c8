export { DEFAULT_RETRY_DELAYS_MS, PartnerBankClient } from './client';
export type { PartnerBankConfig } from './client';
export { PartnerBankError } from './errors';
export { BANK_SIGNATURE_HEADER, canonicalRequest, signBankRequest, verifyBankRequest } from './signing';
export { TRANSFER_FAILURE_CODES } from './types';
export type {
  FileDefect,
  MovementKind,
  ReversalRequest,
  ReversalResult,
  Statement,
  StatementAccount,
  StatementMovement,
  TransferFailureCode,
  TransferFileReceipt,
  TransferItem,
} from './types';
export type { DebitAnswer, DebitFileReceipt, DebitRequest, DebitResultCode, ExportedMandate, MandateExport } from './debits';
