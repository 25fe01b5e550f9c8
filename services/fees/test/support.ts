import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { billingEventsV1, eventsV1, feesV1 } from '@kessai/contracts';
import { connectClient, ensureStream, newId } from '@kessai/platform';
import { acct, AccountType, type LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { publishEvents, type TestEvent } from '../../../scripts/test/support/events';

type Codec = { encode(m: never): { finish(): Uint8Array }; fromPartial(m: never): unknown };
/** An event in the real envelope, as the producers' outbox relays publish it. */
export function envelope(type: string, merchantId: string, payloadType: string, codec: Codec, message: unknown, occurredAt = new Date()) {
  const e = {
    id: newId('evt'), type, version: 1, occurredAt, source: type.split('.')[0], merchantId, livemode: false, traceparent: '', payloadType,
    payload: Buffer.from(codec.encode(codec.fromPartial(message as never) as never).finish()), aggregateId: merchantId,
  };
  return { id: e.id, type, bytes: eventsV1.EventEnvelope.encode(e).finish() };
}

/** billing.payment.confirmed at lawson: 55,000 yen when it carries stamp duty, else 3,000. */
export const payment = (merchantId: string, paymentId: string, stampDuty: number, paidAt: Date) =>
  envelope('billing.payment.confirmed', merchantId, 'kessai.billing.events.v1.PaymentChanged', billingEventsV1.PaymentChanged, {
    payment: { paymentId, billId: `bill_${paymentId}`, merchantId, ownerId: '', status: 'confirmed', chain: 'lawson', paymentNumber: '1', amount: stampDuty ? 55_000 : 3_000, stampDuty, paidAt, storeCode: '', late: false, orderReference: '', amountMismatch: false, billAmount: 0 },
  });


/**
 * The amounts of the collection.confirmed entries on a merchant's collections account: how a test sees the
 * ledger credit a collection. Not the balance: a statement fixed by fees' own scheduler (its hourly job,
 * made due by any test that moves the fees clock on) may move the collections on right after the credit.
 */
export async function collectionCredits(ledger: LedgerClient, merchantId: string): Promise<number[]> {
  const { entries } = await ledger.listEntries({ livemode: false, account: acct(merchantId, AccountType.ACCOUNT_TYPE_COLLECTIONS), pageSize: 100, pageToken: '' });
  return entries.filter((e) => e.kind === 'collection.confirmed').map((e) => e.amount);
}

/**
 * What the fees tests share: the run's fees service, merchants created at the
 * real gateway, and events published on the run's NATS with the real envelope
 * (as the producers' outbox relays publish them). Registers its own hooks.
 */
export function feesTestKit() {
  const ctx = testContext();
  const fees = connectClient(feesV1.FeesServiceClient, ctx.services.fees.grpcAddr);
  const admin = gatewayAdminClient();
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: ctx.natsUrl });
    const jsm = await jetstreamManager(nc);
    for (const token of ['billing', 'remittance', 'notification']) await ensureStream(jsm, { prefix: ctx.prefix, token });
  });
  afterAll(async () => {
    fees.close();
    admin.close();
    await nc.close();
  });

  const publish = (events: TestEvent[], times = 1) => publishEvents(nc, ctx.prefix, events, times);

  async function merchant(plan: string): Promise<string> {
    const { merchant: m } = await admin.createMerchant({ idempotencyKey: '', name: `手数料KK ${plan}`, ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: plan, settlementCycle: 'half_monthly' } }, OPERATOR);
    return m!.id;
  }

  const items = async (merchantId: string, extra: Partial<feesV1.ListFeeItemsRequest> = {}) =>
    (await fees.listFeeItems({ merchantId, livemode: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '', ...extra })).items;

  return { ctx, fees, envelope, publish, merchant, payment, items };
}
