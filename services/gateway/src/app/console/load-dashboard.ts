import { billingV1, type feesV1, ledgerV1, remittanceV1, webhookV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { collectionsPerDay, successRate, type DayCollections, type PaymentFact } from '../../domain/console/collections';
import { authorize, billingScope, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';

export const CHART_DAYS = 14;
const MAX_PAGES = 10;

export interface Dashboard {
  today: DayCollections;
  days: DayCollections[];
  balance: { total: number; held: number; available: number };
  /** remittance orders approved but short of funds, with what each lacks */
  waitingOrders: remittanceV1.Order[];
  /** the next payouts not yet paid (scheduled or being transferred), soonest first */
  nextPayouts: feesV1.Payout[];
  /** remittance-fee invoices not yet paid (open or overdue) */
  openInvoices: feesV1.Invoice[];
  webhooks: { endpoints: number; failed: number; succeeded: number; pending: number; successRate: number | null; failedDeliveries: { endpointId: string; url: string; eventId: string; lastStatus: number }[] };
}

const STATUS: Record<number, PaymentFact['status']> = {
  [billingV1.PaymentStatus.PAYMENT_STATUS_PRELIMINARY]: 'preliminary',
  [billingV1.PaymentStatus.PAYMENT_STATUS_CONFIRMED]: 'confirmed',
  [billingV1.PaymentStatus.PAYMENT_STATUS_CANCELLED]: 'cancelled',
};

/** Today's collections, the last two weeks by day, the deposit, the webhooks that failed, and the orders waiting for funds. */
export function loadDashboard(deps: ConsoleDeps, actor: ConsoleActor): Promise<Dashboard> {
  return useCase('gateway.console.dashboard', async () => {
    authorize(actor, 'dashboard.view');
    const now = deps.gateway.clock.now();
    const since = now.getTime() - CHART_DAYS * 86_400_000;
    const facts: PaymentFact[] = [];
    let after = '';
    for (let i = 0; i < MAX_PAGES; i++) {
      const r = await deps.billing.listPayments({ scope: billingScope(actor), billId: '', status: billingV1.PaymentStatus.PAYMENT_STATUS_UNSPECIFIED, pageSize: 100, startingAfter: after });
      for (const p of r.payments) facts.push({ amount: p.amount, status: STATUS[p.status] ?? 'cancelled', paidAt: p.paidAt ?? new Date(0) });
      const last = r.payments[r.payments.length - 1];
      if (!r.hasMore || !last || (last.paidAt?.getTime() ?? 0) < since) break;
      after = last.id;
    }
    const days = collectionsPerDay(facts, now, CHART_DAYS);
    const { balance } = await deps.ledger.getBalance({ livemode: actor.livemode, account: { ownerId: actor.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT } });
    const { endpoints } = await deps.webhook.endpoints.listEndpoints({ merchantId: actor.merchant.id, livemode: actor.livemode, limit: 20, startingAfter: '' });
    const webhooks: Dashboard['webhooks'] = { endpoints: endpoints.length, failed: 0, succeeded: 0, pending: 0, successRate: null, failedDeliveries: [] };
    for (const e of endpoints) {
      const { deliveries } = await deps.webhook.deliveries.listDeliveries({ merchantId: actor.merchant.id, livemode: actor.livemode, endpointId: e.id, eventId: '' });
      for (const d of deliveries) {
        if (d.status === webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED) webhooks.succeeded++;
        else if (d.status === webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED) {
          webhooks.failed++;
          if (webhooks.failedDeliveries.length < 10) webhooks.failedDeliveries.push({ endpointId: e.id, url: e.url, eventId: d.eventId, lastStatus: d.attempts[d.attempts.length - 1]?.responseStatus ?? 0 });
        } else webhooks.pending++;
      }
    }
    webhooks.successRate = successRate(webhooks.succeeded, webhooks.failed);
    const { orders: waitingOrders } = await deps.remittance.listOrders({ scope: productScope(actor), status: remittanceV1.OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS, pageSize: 20, startingAfter: '' });
    const { settlement } = deps;
    const pending = await Promise.all(
      (['scheduled', 'submitted'] as const).map((state) => settlement.payouts.listPayouts({ merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: 5, pageToken: '', state })),
    );
    const nextPayouts = pending.flatMap((r) => r.payouts).sort((a, b) => a.payoutDate.localeCompare(b.payoutDate)).slice(0, 3);
    const unpaid = await Promise.all(
      (['overdue', 'open'] as const).map((status) => settlement.invoices.listInvoices({ merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: 10, pageToken: '', status })),
    );
    return {
      waitingOrders,
      nextPayouts,
      openInvoices: unpaid.flatMap((r) => r.invoices),
      today: days[days.length - 1],
      days,
      balance: { total: balance?.total ?? 0, held: balance?.held ?? 0, available: balance?.available ?? 0 },
      webhooks,
    };
  });
}
