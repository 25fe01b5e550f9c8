import { addDays, closeOnOrAfter } from '@kessai/konbini';
import { testContext } from '../../../scripts/test/support/context';
import { gatewayAdminClient, merchantClient, OPERATOR } from '../../../scripts/test/support/edge';
import { rejection } from '../../../scripts/test/support/errors';

// The merchant contract through the operator API: a new plan or cycle is in
// force from the next close, the payout account is checked against the Zengin
// list and Japan Post Bank is refused (docs/reference/fees-and-settlement.md#the-merchant-contract).
const ctx = testContext();
const admin = gatewayAdminClient();
const merchants = merchantClient();

afterAll(() => {
  admin.close();
  merchants.close();
});

const DAY = 86_400_000;
const payout = { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '123', holderNameKana: '株式会社ケイヤク' };

it('a change of plan or cycle takes effect from the day after the next close; asking for what is in force withdraws it', async () => {
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: '契約変更KK', ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'monthly' } }, OPERATOR);
  const created = merchant!.contractTerms[0].effectiveFrom;
  expect(merchant!.contractTerms).toEqual([{ feePlan: 'collection_plan', settlementCycle: 'monthly', effectiveFrom: created }]);

  const next = addDays(closeOnOrAfter('monthly', created), 1);
  const changed = (await admin.updateMerchant({ merchantId: merchant!.id, name: '', settings: { enabledStoreChains: ['lawson', 'seven_eleven'], feePlan: 'billing_plan', settlementCycle: 'every_5_days', payoutAccount: payout } }, OPERATOR)).merchant!;
  expect(changed.settings).toMatchObject({ enabledStoreChains: ['lawson', 'seven_eleven'], feePlan: 'collection_plan', settlementCycle: 'monthly' });
  expect(changed.settings!.payoutAccount).toEqual({ bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '0000123', holderNameKana: 'ｶ)ｹｲﾔｸ' });
  expect(changed.contractTerms.slice(1)).toEqual([{ feePlan: 'billing_plan', settlementCycle: 'every_5_days', effectiveFrom: next }]);

  // asking again for the terms in force withdraws the pending change
  const back = (await admin.updateMerchant({ merchantId: merchant!.id, name: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'monthly', payoutAccount: payout } }, OPERATOR)).merchant!;
  expect(back.contractTerms).toHaveLength(1);

  // requested again, then the close passes: in force
  await admin.updateMerchant({ merchantId: merchant!.id, name: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'billing_plan', settlementCycle: 'half_monthly', payoutAccount: payout } }, OPERATOR);
  const days = Math.round((Date.parse(next) - Date.parse(created)) / DAY) + 1;
  const res = await fetch(`${ctx.services.gateway.opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: days * DAY }) });
  expect(res.status).toBe(200);
  const later = (await merchants.getMerchant({ merchantId: merchant!.id })).merchant!;
  expect(later.settings).toMatchObject({ feePlan: 'billing_plan', settlementCycle: 'half_monthly' });
  expect(later.contractTerms.map((t) => t.effectiveFrom)).toEqual([created, next]);
});

it('refuses Japan Post Bank, unknown banks and names that are not bank kana, naming each field; nothing is written', async () => {
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: '口座KK', ownerId: '' }, OPERATOR);
  const err = await rejection(admin.updateMerchant({
    merchantId: merchant!.id, name: 'changed', settings: { enabledStoreChains: [], feePlan: 'billing_plan', settlementCycle: 'monthly', payoutAccount: { ...payout, bankCode: '9900', branchCode: '018', holderNameKana: '山田' } },
  }, OPERATOR));
  expect(err.kind).toBe('invalid_argument');
  expect(err.fieldViolations.map((v) => v.field)).toEqual(['settings.payout_account.holder_name_kana', 'settings.payout_account.bank_code']);
  expect(err.fieldViolations[1].description).toMatch(/9900/);
  const err2 = await rejection(admin.createMerchant({ idempotencyKey: '', name: 'x', ownerId: '', settings: { enabledStoreChains: [], feePlan: 'premium', settlementCycle: 'weekly', payoutAccount: { ...payout, bankCode: '0999' } } }, OPERATOR));
  expect(err2.fieldViolations.map((v) => v.field)).toEqual(['settings.fee_plan', 'settings.payout_account.bank_code']);
  const same = (await merchants.getMerchant({ merchantId: merchant!.id })).merchant!;
  expect(same).toMatchObject({ name: '口座KK', settings: { feePlan: 'collection_plan', settlementCycle: 'monthly' } });
  expect(same.settings!.payoutAccount).toBeUndefined();
});
