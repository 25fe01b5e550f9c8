import type { gatewayV1 } from '@kessai/contracts';
import { isFeePlan, isSettlementCycle, type FeePlan, type SettlementCycle } from '@kessai/konbini';
import type { EntityManager } from '@kessai/platform';
import { merchantsStore, type MerchantTerms } from '../db/merchants-store';
import type { FeesDeps } from './deps';

/** A gateway merchant as this service keeps it: owner and dated terms (unknown names are refused, never guessed). */
function fromWire(m: gatewayV1.Merchant): MerchantTerms {
  return {
    merchantId: m.id,
    ownerId: m.ownerId,
    ownPayoutAccount: Boolean(m.settings?.payoutAccount?.bankCode),
    terms: m.contractTerms.map((t) => {
      if (!isFeePlan(t.feePlan) || !isSettlementCycle(t.settlementCycle)) throw new Error(`merchant ${m.id}: unknown contract terms ${t.feePlan}/${t.settlementCycle}`);
      return { feePlan: t.feePlan, settlementCycle: t.settlementCycle, effectiveFrom: t.effectiveFrom };
    }),
  };
}

/** gateway.merchant.created / .updated: the merchant's terms as the event says (an older event than the one applied changes nothing: false). */
export async function recordMerchant(tx: EntityManager, merchant: gatewayV1.Merchant, occurredAt: Date): Promise<boolean> {
  return merchantsStore.replace(tx, fromWire(merchant), occurredAt);
}

/**
 * The merchant's owner and terms; when no gateway event has arrived yet (events
 * of different publishers are not ordered), asked of the gateway and kept.
 */
export async function merchantTerms(deps: FeesDeps, tx: EntityManager, merchantId: string): Promise<MerchantTerms> {
  const known = await merchantsStore.find(tx, merchantId);
  if (known && known.terms.length) return known;
  const { merchant } = await deps.gateway.getMerchant({ merchantId });
  if (!merchant) throw new Error(`merchant ${merchantId}: not found at the gateway`);
  const terms = fromWire(merchant);
  // as of the epoch: any gateway event, older or newer than this answer, still replaces it
  await merchantsStore.replace(tx, terms, new Date(0));
  return terms;
}

/** The terms in force on a date: the latest started on or before it (the first terms before the merchant existed). */
function termsOn(m: MerchantTerms, date: string): MerchantTerms['terms'][number] {
  let found = m.terms[0];
  for (const t of m.terms) if (t.effectiveFrom <= date) found = t;
  if (!found) throw new Error(`merchant ${m.merchantId}: no contract terms`);
  return found;
}

/** The fee plan in force on a date. */
export function planOn(m: MerchantTerms, date: string): FeePlan {
  return termsOn(m, date).feePlan;
}

/** The settlement cycle in force on a date (a change takes effect the day after a close, so periods never overlap). */
export function cycleOn(m: MerchantTerms, date: string): SettlementCycle {
  return termsOn(m, date).settlementCycle;
}
