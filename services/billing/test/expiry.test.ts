import { billingV1 } from '@kessai/contracts';
import { connectClient, ConnectedClient, isDomainError } from '@kessai/platform';
import { Client } from 'pg';
import { IsolatedMesh, isolatedMesh } from '../../../scripts/test/support/isolated';
import { LATE_PAYMENT_GRACE_MS } from '../src/domain/bill';

/**
 * Expiry moves time, so it runs against a billing process (and database) of
 * its own: the shared mesh's clock stays where the other tests expect it. It
 * doubles as the contract test of the gRPC API through the generated client.
 */
let mesh: IsolatedMesh;
let ops = '';
let billing: ConnectedClient<billingV1.BillingServiceClient>;

beforeAll(async () => {
  mesh = await isolatedMesh(['billing']);
  const proc = await mesh.start('billing');
  await proc.waitReady(30_000);
  ops = mesh.opsUrl(proc);
  billing = connectClient(billingV1.BillingServiceClient, mesh.grpcAddr(proc));
});

afterAll(async () => {
  billing?.close();
  await mesh?.cleanup();
});

async function post(path: string, body: unknown = {}) {
  const res = await fetch(`${ops}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

async function today(plus = 0): Promise<string> {
  const { now } = (await (await fetch(`${ops}/test/clock`)).json()) as { now: string };
  return new Date(new Date(now).getTime() + 9 * 3600_000 + plus * 86_400_000).toISOString().slice(0, 10);
}

const scope = { livemode: false, merchantId: 'mer_expiry', includeTenants: false, tenantId: '' };
const create = async (requestId: string, dueDate: string, amount = 800) =>
  (
    await billing.createBill({
      requestId, livemode: false, merchantId: 'mer_expiry', ownerId: '', merchantName: '期限商店', contractChains: ['seven_eleven', 'lawson'], amount,
      dueDate, stores: [], message: '', orderReference: '', customer: { name: '', email: '', phone: '' }, repeat: false, customerNumber: '', newCustomerNumber: false, customerId: '',
    })
  ).bill!;

describe('expiry of unpaid bills (test clock)', () => {
  it('expires a bill once its due date has ended, with an event, and leaves later ones open', async () => {
    const soon = await create('r1', await today(1));
    const later = await create('r2', await today(3));
    expect(soon.status).toBe(billingV1.BillStatus.BILL_STATUS_OPEN);
    await post('/test/jobs/billing.expire-bills/run');
    expect((await billing.getBill({ scope, billId: soon.id })).bill!.status).toBe(billingV1.BillStatus.BILL_STATUS_OPEN);

    // the due date's last second is still payable: end of day 1 in Tokyo
    await post('/test/clock', { advance_ms: 86_400_000 });
    await post('/test/jobs/billing.expire-bills/run');
    expect((await billing.getBill({ scope, billId: soon.id })).bill!.status).toBe(billingV1.BillStatus.BILL_STATUS_OPEN);

    // the day after the due date, past the late-payment grace (30 min after midnight in Tokyo) whatever time it is now
    await post('/test/clock', { advance_ms: 86_400_000 + LATE_PAYMENT_GRACE_MS });
    const run = await post('/test/jobs/billing.expire-bills/run');
    expect(run.result).toEqual({ expired: 1 });
    expect((await billing.getBill({ scope, billId: soon.id })).bill!.status).toBe(billingV1.BillStatus.BILL_STATUS_EXPIRED);
    expect((await billing.getBill({ scope, billId: later.id })).bill!.status).toBe(billingV1.BillStatus.BILL_STATUS_OPEN);

    const db = new Client({ connectionString: mesh.databaseUrl('billing') });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT type FROM billing.outbox WHERE aggregate_id = $1 ORDER BY seq`, [soon.id]);
      expect(rows.map((r) => r.type)).toEqual(['billing.bill.created', 'billing.bill.expired']);
    } finally {
      await db.end();
    }
    // an expired bill cannot be deleted; nothing but its owner finds it
    const err = await billing.deleteBill({ scope, billId: soon.id, requestId: '' }).catch((e: unknown) => e);
    expect(isDomainError(err, 'bill_expired')).toBe(true);
    const missing = await billing.getBill({ scope: { ...scope, merchantId: 'mer_other' }, billId: soon.id }).catch((e: unknown) => e);
    expect(isDomainError(missing) && missing.kind).toBe('not_found');
  });
});
