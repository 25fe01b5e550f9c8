import type { billingV1 } from '@kessai/contracts';
import { DomainError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import type { SimulatedPayment, StoreSimulatorClient } from '../clients/store-simulator';
import type { BillingClient } from './deps';

/** What a test helper reports back: the store payment the simulator took or reported. */
export interface SimulatedStorePayment {
  billId: string;
  store: string;
  paymentNumber: string;
  amount: number;
  paidAt: string;
  result: 'preliminary' | 'confirmed' | 'cancelled';
  simulatorPaymentId: string;
}

export interface TestHelperDeps {
  billing: Pick<BillingClient, 'getBill'>;
  /** absent: no simulator configured (GATEWAY_STORE_SIMULATOR_URL), the helpers are refused */
  simulator?: StoreSimulatorClient;
  now: () => Date;
}

/**
 * Test helpers work in test mode, on a bill the caller may see, against a
 * configured simulator only (docs/reference/konbini.md#test-helpers).
 */
async function billAndSimulator(deps: TestHelperDeps, scope: billingV1.Scope, billId: string): Promise<{ bill: billingV1.Bill; simulator: StoreSimulatorClient }> {
  if (scope.livemode) {
    throw new DomainError('permission_denied', 'test_helpers_test_mode_only', 'test helpers work only with a test-mode key (sk_test_…): a live bill is paid only at a real store');
  }
  const { bill } = await deps.billing.getBill({ scope, billId });
  if (!deps.simulator) throw new PreconditionError('test_helpers_unavailable', 'test helpers are not available here: no store-network simulator is configured');
  return { bill: bill!, simulator: deps.simulator };
}

/**
 * POST /v1/test_helpers/bills/{id}/pay: the customer pays at a store. The
 * simulator looks the number up through Kessai's signed inquiry and reports
 * the preliminary result (速報) to the inbound webhook, as a chain would.
 */
export function simulateStorePayment(
  deps: TestHelperDeps,
  scope: billingV1.Scope,
  billId: string,
  opts: { store?: string; amount?: number },
): Promise<SimulatedStorePayment> {
  return useCase('gateway.test_helpers.pay', async () => {
    const { bill, simulator } = await billAndSimulator(deps, scope, billId);
    const number = opts.store ? bill.paymentNumbers.find((n) => n.chain === opts.store) : bill.paymentNumbers[0];
    if (!number) throw ValidationError.field('store', `is not a store of this bill (its stores: ${bill.stores.join(', ')})`);
    const paid = await simulator.pay({ chain: number.chain, number: number.number, pick: number.number, paid_at: deps.now().toISOString(), amount: opts.amount });
    return view(billId, paid, 'preliminary');
  }, { bill_id: billId });
}

/** POST /v1/test_helpers/bills/{id}/confirm | cancel: the store network's confirmed (確報) or cancelled (速報取消) result of the bill's open store payment. */
export function reportStoreResult(deps: TestHelperDeps, scope: billingV1.Scope, billId: string, result: 'confirm' | 'cancel'): Promise<SimulatedStorePayment> {
  return useCase(`gateway.test_helpers.${result}`, async () => {
    const { bill, simulator } = await billAndSimulator(deps, scope, billId);
    const numbers = new Set(bill.paymentNumbers.map((n) => `${n.chain}:${n.number}`));
    const open = (await simulator.payments())
      .filter((p) => numbers.has(`${p.chain}:${p.payment_number}`) && !p.results.some((r) => r.status !== 'preliminary'))
      .pop();
    if (!open) throw new PreconditionError('no_open_store_payment', `the bill has no store payment awaiting a result: pay it first (POST /v1/test_helpers/bills/${billId}/pay)`);
    const reported = await simulator.report(open.id, result);
    return view(billId, reported, result === 'confirm' ? 'confirmed' : 'cancelled');
  }, { bill_id: billId });
}

function view(billId: string, p: SimulatedPayment, result: SimulatedStorePayment['result']): SimulatedStorePayment {
  return { billId, store: p.chain, paymentNumber: p.payment_number, amount: p.amount, paidAt: p.paid_at, result, simulatorPaymentId: p.id };
}
