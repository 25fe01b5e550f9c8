import { notificationV1 } from '@kessai/contracts';
import { CHAINS } from '@kessai/konbini';
import type { BillRecord } from '../db/rows';
import { loadBill } from './bills';
import type { BillingDeps } from './deps';

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

export const LABELS: Record<string, string> = {
  slip_number: '払込票番号',
  customer_number: 'お客様番号',
  confirmation_number: '確認番号',
  company_code: '企業コード',
  order_number: '注文番号',
  online_payment_number: 'オンライン決済番号',
};

export function slipUrl(deps: Pick<BillingDeps, 'slipBaseUrl'>, bill: Pick<BillRecord, 'slipToken'>): string {
  return `${deps.slipBaseUrl.replace(/\/$/, '')}/${bill.slipToken}`;
}

/**
 * Asks the notification service to email the customer the payment number and
 * the slip link (outside any transaction; the request id makes repeats send
 * once), then records that it was handed over.
 */
export async function notifyPaymentNumber(deps: BillingDeps, billId: string): Promise<void> {
  const bill = await loadBill(deps.dataSource, `b.id = $1 AND b.notify_state = 'pending'`, [billId]);
  if (!bill) return;
  await deps.notification.send({
    requestId: `billing:${bill.id}:payment_number`,
    livemode: bill.livemode,
    merchantId: bill.merchantId,
    kind: notificationV1.MessageKind.MESSAGE_KIND_PAYMENT_NUMBER,
    recipient: { name: bill.customer.name, email: bill.customer.email, phone: '', optedOut: [] },
    channels: [notificationV1.Channel.CHANNEL_EMAIL],
    fallbackChannels: [],
    amount: bill.amount,
    reference: bill.id,
    variables: {
      merchant_name: bill.merchantName || 'Kessai',
      payment_number: paymentNumberText(bill),
      due_date: bill.dueDate,
      link: slipUrl(deps, bill),
      message: bill.message,
    },
  });
  await deps.dataSource.query(`UPDATE billing.bills SET notify_state = 'sent' WHERE id = $1 AND notify_state = 'pending'`, [bill.id]);
}

/** The job: bills whose email has not been handed over yet. */
export async function notifyPending(deps: BillingDeps): Promise<{ sent: number; failed: number }> {
  const rows: { id: string }[] = await deps.dataSource.query(`SELECT id FROM billing.bills WHERE notify_state = 'pending' ORDER BY created_at LIMIT 100`);
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    try {
      await notifyPaymentNumber(deps, r.id);
      sent++;
    } catch (err) {
      failed++;
      deps.logger.warn({ err: String(err), bill_id: r.id }, 'payment-number email not sent yet');
    }
  }
  return { sent, failed };
}
