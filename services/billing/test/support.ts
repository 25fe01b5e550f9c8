import { randomUUID } from 'node:crypto';
import { CHAIN_IDS } from '@kessai/konbini';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
export { rejection } from '../../../scripts/test/support/errors';

export const ctx = testContext();
export const http = ctx.services.gateway.httpUrl!;
export const billingOps = ctx.services.billing.opsUrl;
export const ALL_CHAINS: string[] = [...CHAIN_IDS];

/** A merchant whose contract enables the given chains, with a test and a live key. */
export async function konbiniMerchant(admin: ReturnType<typeof gatewayAdminClient>, name: string, chains = ALL_CHAINS, ownerId = '') {
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name, ownerId, settings: { enabledStoreChains: chains, feePlan: 'billing_plan', settlementCycle: 'monthly' } }, OPERATOR);
  const test = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, OPERATOR);
  const live = await admin.issueApiKey({ merchantId: merchant!.id, livemode: true }, OPERATOR);
  return { merchant: merchant!, testKey: test.secret, liveKey: live.secret };
}

/** Today in Tokyo by billing's (test) clock, plus n days. */
export async function billingDate(plusDays = 0): Promise<string> {
  const { now } = (await (await fetch(`${billingOps}/test/clock`)).json()) as { now: string };
  const t = new Date(new Date(now).getTime() + 9 * 3600_000 + plusDays * 86_400_000);
  return t.toISOString().slice(0, 10);
}

export async function createBill(key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api(http, 'POST', '/v1/bills', { key, idempotencyKey: randomUUID(), body, headers });
}

export async function opsPost(path: string, body: unknown = {}) {
  const res = await fetch(`${billingOps}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * The DomainError a promise rejects with; fails when it resolves or rejects
 * with anything else. Kept here until the shared helper in scripts/test/support
 * lands (same name, so it swaps in).
 */
