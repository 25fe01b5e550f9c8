import { payoutFailedPostings, payoutPaidPostings, statementPostings } from './ledger-postings';
import { sameAccount, submitHorizon, waitingReason } from './payout';
import { tenantShares } from './statement-tenants';

const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

describe('statement postings', () => {
  it('moves the settled collections to revenue, tax, stamp duty and the payout, summing to zero', () => {
    const lines = statementPostings('mer_1', { fees: 1_000, payoutFee: 1_500, consumptionTax: 250, stampDuty: 200, payoutAmount: 55_050 });
    expect(lines).toEqual([
      { ownerId: 'mer_1', type: 'collections', amount: -58_000 },
      { ownerId: 'platform', type: 'platform_fee_revenue', amount: 2_500 },
      { ownerId: 'platform', type: 'platform_tax_payable', amount: 250 },
      { ownerId: 'platform', type: 'platform_stamp_duty', amount: 200 },
      { ownerId: 'mer_1', type: 'payouts_in_transit', amount: 55_050 },
    ]);
    expect(sum(lines)).toBe(0);
  });

  it('posts only what moves for a carried-over statement, and nothing when nothing moves', () => {
    expect(statementPostings('mer_1', { fees: 20, payoutFee: 0, consumptionTax: 2, stampDuty: 0, payoutAmount: 0 })).toEqual([
      { ownerId: 'mer_1', type: 'collections', amount: -22 },
      { ownerId: 'platform', type: 'platform_fee_revenue', amount: 20 },
      { ownerId: 'platform', type: 'platform_tax_payable', amount: 2 },
    ]);
    expect(statementPostings('mer_1', { fees: 0, payoutFee: 0, consumptionTax: 0, stampDuty: 0, payoutAmount: 0 })).toEqual([]);
  });

  it('takes an owner\'s tenants\' collections from their own accounts', () => {
    const lines = statementPostings('mer_o', { fees: 0, payoutFee: 1_500, consumptionTax: 150, stampDuty: 200, payoutAmount: 56_150 }, [
      { merchantId: 'mer_o', confirmedCollections: 3_000 },
      { merchantId: 'mer_t', confirmedCollections: 55_000 },
    ]);
    expect(lines.filter((l) => l.type === 'collections')).toEqual([
      { ownerId: 'mer_t', type: 'collections', amount: -55_000 },
      { ownerId: 'mer_o', type: 'collections', amount: -3_000 },
    ]);
    expect(sum(lines)).toBe(0);
  });

  it('a paid payout leaves transit for the platform bank; a failed one goes back to collections', () => {
    expect(payoutPaidPostings('mer_1', 500)).toEqual([{ ownerId: 'mer_1', type: 'payouts_in_transit', amount: -500 }, { ownerId: 'platform', type: 'platform_bank', amount: 500 }]);
    expect(payoutFailedPostings('mer_1', 500)).toEqual([{ ownerId: 'mer_1', type: 'payouts_in_transit', amount: -500 }, { ownerId: 'mer_1', type: 'collections', amount: 500 }]);
  });
});

describe('payouts and tenants', () => {
  const a = { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '1234567', holderNameKana: 'ﾃｽﾄ' };
  it('waits without an account; compares accounts field by field', () => {
    expect(waitingReason(null)).toBe('no_payout_account');
    expect(waitingReason(a)).toBeNull();
    expect(sameAccount(a, { ...a })).toBe(true);
    expect(sameAccount(a, { ...a, accountNumber: '7654321' })).toBe(false);
    expect(sameAccount(a, null)).toBe(false);
  });

  it('submits a payout from 2 bank business days before its payout date', () => {
    expect(submitHorizon('2027-01-06')).toBe('2027-01-08'); // Wednesday → Friday
    expect(submitHorizon('2027-01-08')).toBe('2027-01-13'); // Friday → Wednesday (Monday 11th is Coming of Age Day)
    expect(submitHorizon('2027-01-09')).toBe('2027-01-13'); // a Saturday counts from the next business day
  });

  it('breaks a statement down per merchant, the statement\'s own first in id order', () => {
    expect(tenantShares('mer_a', [{ merchantId: 'mer_b', amount: 100 }, { merchantId: 'mer_b', amount: 50 }], [{ merchantId: 'mer_b', amount: 20, taxable: true }, { merchantId: 'mer_b', amount: 200, taxable: false }])).toEqual([
      { merchantId: 'mer_a', confirmedCollections: 0, collectionCount: 0, fees: 0, stampDuty: 0 },
      { merchantId: 'mer_b', confirmedCollections: 150, collectionCount: 2, fees: 20, stampDuty: 200 },
    ]);
  });
});
