import { billingV1, remittanceV1 } from '@kessai/contracts';
import { newId, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { refundable, type PaymentRefund } from '../domain/payment-refund';
import type { Merchant } from '../domain/merchant';
import { paymentRefundStore } from '../db/payment-refund-store';
import type { BillingClient, GatewayDeps, RemittanceClient } from './deps';

export interface RefundPaymentInput {
  /** the REST Idempotency-Key: every remittance call below is idempotent by a key derived from it */
  idempotencyKey: string;
  billingScope: billingV1.Scope;
  remittanceScope: remittanceV1.Scope;
  merchant: Merchant;
  paymentId: string;
  amount: number;
  nameKana: string;
  /** used when the bill has no email (else optional) */
  postalAddress?: remittanceV1.PostalAddress;
  phone?: string;
}

export interface RefundClients {
  billing: Pick<BillingClient, 'getPayment' | 'getBill'>;
  remittance: Pick<RemittanceClient, 'createOrder' | 'addRecipients' | 'approveOrder' | 'listRecipients' | 'getOrder'>;
}

/**
 * A konbini payment cannot be refunded at the store: a refund is a
 * one-recipient full-service remittance to the payment's customer (the bill's
 * email; else the postal address or phone given), funded from the deposit
 * (docs/reference/remittance.md#konbini-refunds). Confirmed payments only;
 * several refunds up to the payment's amount. The order's reference is the
 * payment id; gateway.payment_refunds links the payment to its orders.
 */
export function refundPayment(deps: GatewayDeps, clients: RefundClients, input: RefundPaymentInput): Promise<{ refund: PaymentRefund; order: remittanceV1.Order }> {
  return useCase('gateway.refund_payment', async () => {
    const { payment } = await clients.billing.getPayment({ scope: input.billingScope, paymentId: input.paymentId });
    const p = payment!;
    if (p.status !== billingV1.PaymentStatus.PAYMENT_STATUS_CONFIRMED) throw new PreconditionError('payment_not_confirmed', 'only a confirmed payment (確報) can be refunded');
    const { bill } = await clients.billing.getBill({ scope: input.billingScope, billId: p.billId });
    const customer = bill?.customer ?? { name: '', email: '', phone: '' };
    const phone = input.phone ?? '';
    if (!customer.email && !input.postalAddress && !phone) {
      throw ValidationError.field('postal_address', 'the bill has no customer email: give a postal_address or phone to reach the customer', 'customer_unreachable');
    }
    const k = input.idempotencyKey;
    const common = { scope: input.remittanceScope };
    const done = await deps.dataSource.transaction(async (tx) => {
      await paymentRefundStore.lockPayment(tx, p.id);
      const work = async (): Promise<{ refundId: string; orderId: string }> => {
        const left = refundable(p.amount, await paymentRefundStore.ofPayment(tx, p.id, p.livemode));
        if (input.amount > left) throw ValidationError.field('amount', `at most ${left} yen is left to refund on this payment (${p.amount} paid)`, 'refund_exceeds_payment');
        const { order } = await clients.remittance.createOrder({
          ...common,
          requestId: `refund:${p.id}:${k}:order`,
          merchantName: input.merchant.name,
          guideText: `${input.merchant.name}でコンビニ払いいただいた代金のご返金です。`,
          reference: p.id,
          settings: {
            purpose: 'コンビニ払いのご返金',
            defaultMessage: '',
            channels: [remittanceV1.Channel.CHANNEL_EMAIL, remittanceV1.Channel.CHANNEL_POSTCARD, ...(phone || customer.phone ? [remittanceV1.Channel.CHANNEL_PHONE] : [])],
            mode: remittanceV1.OrderMode.ORDER_MODE_FULL_SERVICE,
            registrationDeadline: '',
            postcardAfterDays: 0,
            phoneAfterDays: 0,
          },
        });
        await clients.remittance.addRecipients({
          ...common,
          requestId: `refund:${p.id}:${k}:recipient`,
          orderId: order!.id,
          rows: [{ name: customer.name || 'お客様', nameKana: input.nameKana, amount: input.amount, email: customer.email, phone: phone || customer.phone, postalAddress: input.postalAddress, reference: p.id, account: undefined }],
          csv: Buffer.alloc(0),
          csvEncoding: remittanceV1.CsvEncoding.CSV_ENCODING_UNSPECIFIED,
        });
        await clients.remittance.approveOrder({ ...common, requestId: `refund:${p.id}:${k}:approve`, orderId: order!.id });
        const { recipients } = await clients.remittance.listRecipients({ ...common, orderId: order!.id, status: 0, pageSize: 1, startingAfter: '' });
        const now = deps.clock.now();
        const refund: PaymentRefund = {
          id: newId('pref', now.getTime()),
          payment_id: p.id,
          merchant_id: p.merchantId,
          livemode: p.livemode,
          amount: input.amount,
          order_id: order!.id,
          recipient_id: recipients[0]?.id ?? '',
          created_at: now,
        };
        await paymentRefundStore.insert(tx, refund);
        return { refundId: refund.id, orderId: order!.id };
      };
      const { value } = await deps.idempotency.run(
        tx,
        { scope: `payment_refund:${p.livemode ? 'live' : 'test'}:${p.merchantId}`, key: k, operation: 'payment.refund', request: { paymentId: p.id, amount: input.amount, nameKana: input.nameKana, postalAddress: input.postalAddress ?? null, phone } },
        work,
      );
      return value;
    });
    const refund = (await paymentRefundStore.byOrder(deps.dataSource, done.orderId))!;
    const { order } = await clients.remittance.getOrder({ ...common, orderId: done.orderId });
    return { refund, order: order! };
  });
}

/** The refunds of a payment the scope may see (the payment is read first: another merchant's is a 404). */
export async function listPaymentRefunds(deps: GatewayDeps, billing: Pick<BillingClient, 'getPayment'>, scope: billingV1.Scope, paymentId: string): Promise<PaymentRefund[]> {
  const { payment } = await billing.getPayment({ scope, paymentId });
  return paymentRefundStore.ofPayment(deps.dataSource, payment!.id, payment!.livemode);
}
