import { tokyoDate } from '@kessai/bank-calendar';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { newId } from '@kessai/platform';
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../../../scripts/test/support/clients';
import { explainConsumer } from '../../../scripts/test/support/consumers';
import { statementDates } from '../src/domain/payout-dates';
import { feesTestKit } from './support';

// The job fees.fix-statements fixes a period's statement on its fix date, with
// the confirmed collections paid in it, their fees and stamp duty, the payout
// fee and its tax; a payment confirmed after the fix rolls into the next
// statement (docs/reference/fees-and-settlement.md#payouts).
jest.setTimeout(180_000); // room for EVENT_WAIT_MS twice
/**
 * How long an event the test publishes may take to be applied by fees and the ledger. Alone, well under a
 * second; in the full suite on two cores a consumer was twice seen more than 30 s behind (the cause not
 * found: no warning in the services' logs), so the wait covers one such stall.
 */
const EVENT_WAIT_MS = 60_000;
const { ctx, fees, publish, merchant, payment, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
/** why fees has not accrued a payment (on a timeout) */
const feesLag = () => explainConsumer(ctx, 'fees', 'billing.payment.confirmed', fs.readFileSync(path.join(ctx.logDir, 'fees.log'), 'utf8').split('\n').slice(-30).join('\n'));
const DAY = 86_400_000;

async function now(): Promise<Date> {
  return new Date(((await (await fetch(`${ops}/test/clock`)).json()) as { now: string }).now);
}
async function runJob(): Promise<void> {
  const res = await fetch(`${ops}/test/jobs/fees.fix-statements/run`, { method: 'POST' });
  expect(res.status).toBe(200);
}
const statements = async (m: string) => (await fees.listStatements({ merchantId: m, livemode: false, pageSize: 0, pageToken: '' })).statements;

it('fixes a half-monthly statement on its fix date; a payment confirmed later goes on the next one', async () => {
  const m = await merchant('collection_plan');
  // a period whose fix date has passed: the half-month of 40 days ago
  const paidOn = addDays(tokyoDate(await now()), -40);
  const period = settlementPeriod('half_monthly', paidOn);
  const dates = statementDates(period.close);
  const at = new Date(`${period.start}T03:00:00Z`); // noon in Tokyo, first day of the period
  const big = payment(m, newId('pay'), 200, at); // 55,000 yen, stamp duty 200
  const small = payment(m, newId('pay'), 0, new Date(`${period.close}T14:59:00Z`)); // 3,000 yen, 23:59 JST on the close day
  await publish([big, small]);
  await eventually(async () => (await items(m)).length === 3, EVENT_WAIT_MS, 'collections accrued', feesLag);

  await runJob();
  await eventually(async () => (await statements(m)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(m);
  expect(s).toMatchObject({
    merchantId: m, settlementCycle: 'half_monthly', periodStart: period.start, periodClose: period.close, fixDate: dates.fixDate, payoutDate: dates.payoutDate, status: 'fixed',
    confirmedCollections: 58_000, fees: 0, consumptionTax: 150, stampDuty: 200, payoutFee: 1_500, carriedIn: 0, payoutAmount: 58_000 - 200 - 150 - 1_500, carriedOver: 0,
  });
  expect((await fees.getStatement({ statementId: s.id, merchantId: m })).statement!.id).toBe(s.id);
  await runJob(); // fixed once
  expect(await statements(m)).toHaveLength(1);

  // confirmed only now, though paid in the fixed period: the next statement, once its fix date comes
  await publish([payment(m, newId('pay'), 0, at)]);
  await eventually(async () => (await items(m)).length === 4, EVENT_WAIT_MS, 'late payment accrued', feesLag);
  const next = settlementPeriod('half_monthly', addDays(period.close, 1));
  const nextDates = statementDates(next.close);
  const wait = Date.parse(`${nextDates.fixDate}T00:00:00+09:00`) - (await now()).getTime();
  // (the fix date may already be past, when the period of 40 days ago was early in its month)
  const res = await fetch(`${ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: Math.max(wait, 0) + DAY / 2 }) });
  expect(res.status).toBe(200);
  await runJob();
  await eventually(async () => (await statements(m)).length === 2, 15_000, 'next statement fixed');
  const [second] = await statements(m);
  expect(second).toMatchObject({ periodStart: next.start, periodClose: next.close, confirmedCollections: 3_000, stampDuty: 0, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 1_350 });
});
