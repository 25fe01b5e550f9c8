import { CHAINS, ChainId, CompanyCodes, customerNumberEntries, isValidCustomerNumber, PaymentNumber, slipBarcodeData, stampMayBeRequired } from '@kessai/konbini';
import type { BillRecord } from './records';

/**
 * The slip's GS1-128 (AI 91) barcodes: one per chain whose till scans the
 * slip (`tillBarcode` in the chain table), each carrying that chain's own
 * payment number in the free field — so a scan at a chain's till matches its
 * number there (docs/konbini.md#slip). Kiosk chains print their own slip at
 * the kiosk and get none.
 */
export function slipBarcodes(
  bill: Pick<BillRecord, 'paymentNumbers' | 'dueDate' | 'amount' | 'taxAmount' | 'stores'>,
  companyCode: string,
): { chain: ChainId; data: string }[] {
  const stampRequired = stampMayBeRequired(bill.amount, bill.taxAmount, bill.stores);
  return bill.paymentNumbers
    .filter((n) => CHAINS[n.chain].tillBarcode)
    .map((n) => ({ chain: n.chain, data: slipBarcodeData({ companyCode, freeField: n.number.slice(-21), dueDate: bill.dueDate, stampRequired, amount: bill.amount }) }));
}

/** What the customer enters for a (new-shape) customer number at each chain that takes one; none for a legacy or absent number. */
export function customerNumberEntriesOf(customerNumber: string, codes: CompanyCodes): PaymentNumber[] {
  return isValidCustomerNumber(customerNumber) ? customerNumberEntries(customerNumber, codes) : [];
}
