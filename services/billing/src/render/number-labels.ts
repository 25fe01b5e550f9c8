import { CHAINS } from '@kessai/konbini';
import type { BillRecord } from '../domain/records';

/** Japanese labels of the parts of a payment number, as slips and emails show them. */
export const LABELS: Record<string, string> = {
  slip_number: '払込票番号',
  customer_number: 'お客様番号',
  confirmation_number: '確認番号',
  company_code: '企業コード',
  order_number: '注文番号',
  online_payment_number: 'オンライン決済番号',
};

/** The payment numbers as the email shows them, one chain per line. */
export function paymentNumberText(bill: Pick<BillRecord, 'paymentNumbers' | 'customerNumber'>): string {
  const lines = bill.paymentNumbers.map((n) => {
    const spec = CHAINS[n.chain];
    const parts = spec.parts.map((p) => `${LABELS[p.name] ?? p.name} ${n.parts[p.name]}`).join(' / ');
    return `${spec.nameJa}: ${parts}`;
  });
  if (bill.customerNumber) lines.push(`お客様番号（継続利用）: ${bill.customerNumber}`);
  return lines.join('\n');
}
