import { randomUUID } from 'node:crypto';
import { webhookEventsV1 } from '@kessai/contracts';
import { decodeEnvelope, signatureHeader } from '@kessai/platform';
import { testContext } from '../../../scripts/test/support/context';
import { eventually } from '../../../scripts/test/support/clients';
import { query } from '../../../scripts/test/support/db';
import { SIMBANK_SECRET } from '../../../scripts/test/support/bank';

const SIMSTORE_SECRET = 'whsec_simstore_development_only';
const base = `${testContext().services.webhook.httpUrl!}/v1/partners`;

async function send(path: string, body: unknown, secret: string) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(secret, raw) }, body: raw });
  return { status: res.status, body: (await res.json()) as any };
}

async function published(reportId: string) {
  let row: { type: string; envelope: Buffer; published: boolean } | undefined;
  await eventually(async () => {
    const { rows } = await query(`SELECT type, envelope, published_at IS NOT NULL AS published FROM webhook.outbox WHERE aggregate_id <> '' ORDER BY seq DESC LIMIT 50`);
    // the report id is inside the payload; published_at is set once NATS acknowledged it
    row = rows.find((r: { envelope: Buffer; published: boolean }) => r.published && r.envelope.includes(Buffer.from(reportId)));
    return row !== undefined;
  }, 10_000, `event of ${reportId} published`);
  return { type: row!.type, envelope: decodeEnvelope(row!.envelope) };
}

describe('partner reports: recorded once, published before the 2xx', () => {
  it('publishes transfer results, debit results, mandate lists and store payment results', async () => {
    const transfer = await send('simbank/bank/transfers', { id: randomUUID(), type: 'transfer.result', transfer_id: 'trf_1', result: 'failed', failure_code: 'account_closed', amount: 12_000, executed_on: '2026-11-24' }, SIMBANK_SECRET);
    expect(transfer).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const t = await published(transfer.body.report_id);
    expect(t.type).toBe('webhook.bank_transfer.reported');
    expect(webhookEventsV1.BankTransferReported.decode(t.envelope.payload)).toMatchObject({ transferId: 'trf_1', result: webhookEventsV1.TransferResult.TRANSFER_RESULT_FAILED, failureCode: 'account_closed', amount: 12_000 });
    expect(t.envelope.livemode).toBe(false);

    const debit = await send('simbank/bank/debits', { id: randomUUID(), type: 'debit.result', debit_id: 'dbt_1', result_code: 1, amount: 3_300, debited_on: '2026-11-27' }, SIMBANK_SECRET);
    const d = await published(debit.body.report_id);
    expect(d.type).toBe('webhook.bank_debit.reported');
    expect(webhookEventsV1.BankDebitReported.decode(d.envelope.payload)).toMatchObject({ debitId: 'dbt_1', resultCode: 1 });

    const mandates = await send(
      'simbank/bank/mandates',
      { id: randomUUID(), type: 'mandates.reported', mandates: [{ customer_number: 'C001', bank_code: '0001', branch_code: '001', account_type: 1, account_number: '1234567', status: 'registered' }] },
      SIMBANK_SECRET,
    );
    const mm = await published(mandates.body.report_id);
    expect(webhookEventsV1.BankMandatesReported.decode(mm.envelope.payload).mandates).toHaveLength(1);

    const paymentBody = { id: randomUUID(), type: 'payment.reported', status: 'preliminary', chain: 'seven_eleven', payment_number: '1234567890128', amount: 5_500, paid_at: '2026-11-23T19:00:00+09:00', store_code: 'S123' };
    const payment = await send('simstore/store/payments', paymentBody, SIMSTORE_SECRET);
    const p = await published(payment.body.report_id);
    expect(p.type).toBe('webhook.store_payment.reported');
    expect(webhookEventsV1.StorePaymentReported.decode(p.envelope.payload)).toMatchObject({ paymentNumber: '1234567890128', status: webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_PRELIMINARY, chain: 'seven_eleven' });

    // a repeat is 200 and changes nothing; another body under the same id is 409
    const repeat = await send('simstore/store/payments', paymentBody, SIMSTORE_SECRET);
    expect(repeat).toMatchObject({ status: 200, body: { duplicate: true, report_id: payment.body.report_id } });
    expect((await send('simstore/store/payments', { ...paymentBody, amount: 1 }, SIMSTORE_SECRET)).status).toBe(409);
    const { rows } = await query(`SELECT count(*)::int AS n, min(flags::text) AS flags FROM webhook.inbound_requests WHERE event_id = $1`, [paymentBody.id]);
    expect(rows[0]).toEqual({ n: 1, flags: '{}' });
  });

  it('answers event_id_reused when an event id comes back with another body or for another kind of report', async () => {
    const id = randomUUID();
    const transfer = { id, type: 'transfer.result', transfer_id: 'trf_2', result: 'succeeded', amount: 1_000, executed_on: '2026-11-24' };
    expect((await send('simbank/bank/transfers', transfer, SIMBANK_SECRET)).status).toBe(200);
    const changed = await send('simbank/bank/transfers', { ...transfer, amount: 1_001 }, SIMBANK_SECRET);
    expect({ status: changed.status, code: changed.body.error.code }).toEqual({ status: 409, code: 'event_id_reused' });
    expect(changed.body.error.message).toContain(`event_id "${id}"`);
    const otherKind = await send('simbank/bank/debits', { id, type: 'debit.result', debit_id: 'dbt_2', result_code: 0, amount: 1_000, debited_on: '2026-11-27' }, SIMBANK_SECRET);
    expect({ status: otherKind.status, code: otherKind.body.error.code }).toEqual({ status: 409, code: 'event_id_reused' });
  });

  it('records, publishes and flags a store result whose payment number fits no chain shape: the cash was taken, so never a 4xx', async () => {
    const unrecognised = async () => {
      const text = await (await fetch(`${testContext().services.webhook.opsUrl}/metrics`)).text();
      return Number(/^kessai_store_results_unrecognised_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 'NaN');
    };
    const before = await unrecognised();
    expect(before).toBeGreaterThanOrEqual(0);
    // a seven_eleven number is 13 digits with a Luhn check digit: this one has the wrong check digit, the next one is a lawson number
    for (const [chain, number] of [['seven_eleven', '1234567890123'], ['seven_eleven', '12345678901234'], ['familymart', 'ABC-12']]) {
      const body = { id: randomUUID(), type: 'payment.reported', status: 'preliminary', chain, payment_number: number, amount: 700, paid_at: '2026-11-23T19:00:00+09:00', store_code: 'S7' };
      const res = await send('simstore/store/payments', body, SIMSTORE_SECRET);
      expect({ number, status: res.status, received: res.body.received }).toEqual({ number, status: 200, received: true });
      const p = await published(res.body.report_id);
      expect(webhookEventsV1.StorePaymentReported.decode(p.envelope.payload)).toMatchObject({ chain, paymentNumber: number, amount: 700 });
      const { rows } = await query(`SELECT flags FROM webhook.inbound_requests WHERE partner = 'simstore' AND event_id = $1`, [body.id]);
      expect(rows).toEqual([{ flags: ['unrecognised_payment_number'] }]);
      // a repeat is a duplicate, not counted again
      expect((await send('simstore/store/payments', body, SIMSTORE_SECRET)).body.duplicate).toBe(true);
    }
    expect(await unrecognised()).toBeGreaterThanOrEqual(before + 3);
  });

  it('accepts a report only from a partner of the right kind with its own secret, and names bad fields', async () => {
    const body = { id: randomUUID(), type: 'payment.reported', status: 'confirmed', chain: 'lawson', payment_number: '123456', amount: 100, paid_at: '2026-11-23T10:00:00Z', store_code: 'S1' };
    expect((await send('simbank/store/payments', body, SIMBANK_SECRET)).status).toBe(401);
    expect((await send('simstore/store/payments', body, SIMBANK_SECRET)).status).toBe(401);
    expect((await send('nosuchpartner/store/payments', body, SIMSTORE_SECRET)).status).toBe(401);
    const bad = await send('simbank/bank/debits', { id: randomUUID(), type: 'debit.result', debit_id: 'd', result_code: 5, amount: 1, debited_on: '2026-11-27' }, SIMBANK_SECRET);
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('result_code');
  });
});
