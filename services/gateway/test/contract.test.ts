/**
 * Contract test of gateway's MerchantService RPCs that no other test calls through
 * the generated client, over the network against the run's gateway.
 */
import { gatewayV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { testContext } from '../../../scripts/test/support/context';
import { gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { rejection } from '../../../scripts/test/support/errors';

const ctx = testContext();
const admin = gatewayAdminClient();
const merchants = connectClient(gatewayV1.MerchantServiceClient, ctx.services.gateway.grpcAddr);

afterAll(() => {
  admin.close();
  merchants.close();
});

describe('MerchantService.GetMerchant', () => {
  it('returns the merchant as created, with its contract settings, tenancy and virtual accounts', async () => {
    const settings = { enabledStoreChains: ['lawson', 'seven_eleven'], feePlan: 'billing_plan', settlementCycle: 'half_monthly' };
    const { merchant: owner } = await admin.createMerchant({ idempotencyKey: '', name: '契約株式会社', ownerId: '', settings }, OPERATOR);
    const { merchant: tenant } = await admin.createMerchant({ idempotencyKey: '', name: '契約テナント', ownerId: owner!.id, settings }, OPERATOR);

    const { merchant } = await merchants.getMerchant({ merchantId: tenant!.id });
    expect(merchant).toMatchObject({
      id: tenant!.id,
      name: '契約テナント',
      ownerId: owner!.id,
      settings: { enabledStoreChains: ['lawson', 'seven_eleven'], feePlan: 'billing_plan', settlementCycle: 'half_monthly' },
      contractTerms: [{ feePlan: 'billing_plan', settlementCycle: 'half_monthly', effectiveFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }],
      testVirtualAccountNumber: tenant!.testVirtualAccountNumber,
      liveVirtualAccountNumber: tenant!.liveVirtualAccountNumber,
    });
    expect(merchant!.testVirtualAccountNumber).toMatch(/^\d{7}$/);
    expect(merchant!.testVirtualAccountNumber).not.toBe(merchant!.liveVirtualAccountNumber);
    expect(merchant!.createdAt).toBeInstanceOf(Date);
    expect(merchant!.createdAt!.getTime()).toBe(tenant!.createdAt!.getTime());

    const self = (await merchants.getMerchant({ merchantId: owner!.id })).merchant!;
    expect({ id: self.id, ownerId: self.ownerId }).toEqual({ id: owner!.id, ownerId: '' });
  });

  it('answers NOT_FOUND, naming the merchant, for an id that does not exist', async () => {
    const err = await rejection(merchants.getMerchant({ merchantId: 'mer_doesnotexist' }));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'not_found', code: 'merchant_not_found' });
    expect(err.message).toContain('mer_doesnotexist');
  });
});
