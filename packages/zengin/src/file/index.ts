export { MAX_RECORD_AMOUNT, MAX_RECORDS, MAX_TOTAL_AMOUNT } from './common';
export type { NewCode, ReadOptions, WriteOptions } from './common';
export { MAX_DAYS_AHEAD, resolveMmdd } from './dates';
export { RECORD_LENGTH } from './layouts';
export { TRANSFER_KIND_CODES, readTransferFile, writeTransferFile } from './transfer';
export type { ReadTransferFile, TransferFile, TransferFileInput, TransferHeader, TransferKindCode, TransferMethod, TransferRecord } from './transfer';
export { DEBIT_RESULT_CODES, readDebitFile, writeDebitFile } from './debit';
export type { DebitFileInput, DebitHeader, DebitRecord, DebitResultCode, DebitTotals, ReadDebitFile, ReadDebitOptions, WriteDebitOptions } from './debit';
