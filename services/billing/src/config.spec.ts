import { billingConfig } from './config';

const base = { DATABASE_URL: 'postgres://u@db.invalid:5432/kessai', NATS_URL: 'nats://nats.invalid:4222' };
const problems = (env: Record<string, string>): string => {
  try {
    billingConfig(env);
    return '';
  } catch (err) {
    return String((err as Error).message);
  }
};

describe('billing configuration: company codes (docs/reference/konbini.md#slip-and-barcode)', () => {
  it.each([
    // environment, barcode company code, FamilyMart company code, problem (empty: loads)
    ['test', undefined, undefined, ''],
    ['development', undefined, undefined, ''],
    ['production', undefined, undefined, 'BILLING_BARCODE_COMPANY_CODE: is required'],
    ['production', '912345', '12345', 'BILLING_BARCODE_COMPANY_CODE: 912345 is the published example'],
    ['staging', '955555', undefined, 'BILLING_FAMILYMART_COMPANY_CODE: is required'],
    ['production', '95555', '12345', 'BILLING_BARCODE_COMPANY_CODE: must be 6 digits'],
    ['production', '955555', '1234', 'BILLING_FAMILYMART_COMPANY_CODE: must be 5 digits'],
    ['production', '955555', '12345', ''],
  ])('%s, barcode %s, FamilyMart %s → %s', (env, barcode, familymart, problem) => {
    const e: Record<string, string> = { ...base, KESSAI_ENV: env };
    if (barcode) e.BILLING_BARCODE_COMPANY_CODE = barcode;
    if (familymart) e.BILLING_FAMILYMART_COMPANY_CODE = familymart;
    const got = problems(e);
    if (problem) expect(got).toContain(problem);
    else expect(got).toBe('');
  });

  it('falls back to the examples only in development and test', () => {
    const c = billingConfig({ ...base, KESSAI_ENV: 'test' });
    expect({ barcode: c.barcodeCompanyCode, codes: c.companyCodes, grace: c.BILLING_LATE_PAYMENT_GRACE_MS }).toEqual({ barcode: '912345', codes: { familymart: '10015' }, grace: 30 * 60_000 });
    const p = billingConfig({ ...base, KESSAI_ENV: 'production', BILLING_BARCODE_COMPANY_CODE: '955555', BILLING_FAMILYMART_COMPANY_CODE: '54321' });
    expect({ barcode: p.barcodeCompanyCode, codes: p.companyCodes }).toEqual({ barcode: '955555', codes: { familymart: '54321' } });
  });
});
