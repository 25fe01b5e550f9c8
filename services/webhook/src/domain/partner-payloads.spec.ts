import { CHAIN_IDS, generateCustomerNumber, generatePaymentNumber } from '@kessai/konbini';
import { storeLookupPayload, storePaymentPayload } from './partner-payloads';
import { REPORT_KINDS } from './partner-reports';

const storeKind = REPORT_KINDS.find((k) => k.eventType === 'webhook.store_payment.reported')!;
const result = (chain: string, number: string) => ({
  id: 'evt-1', type: 'payment.reported', status: 'confirmed', chain, payment_number: number, amount: 100, paid_at: '2026-11-23T10:00:00Z', store_code: 'S1',
});

describe('store results and lookups use the konbini chain table', () => {
  it.each(CHAIN_IDS)('accepts a %s result with a number of its shape, unflagged', (chain) => {
    const p = storePaymentPayload.parse(result(chain, generatePaymentNumber(chain).number));
    expect(storeKind.flags!(p)).toEqual([]);
  });

  it('accepts and flags a result whose number fits no shape of its chain (the cash was taken)', () => {
    const lawson = generatePaymentNumber('lawson').number;
    const wrongCheckDigit = `${lawson.slice(0, -1)}${(Number(lawson.slice(-1)) + 1) % 10}`;
    for (const [chain, number] of [['seven_eleven', lawson], ['lawson', wrongCheckDigit], ['familymart', 'ABC-12'], ['seicomart', '1']]) {
      const p = storePaymentPayload.parse(result(chain, number));
      expect({ chain, number, flags: storeKind.flags!(p) }).toEqual({ chain, number, flags: ['unrecognised_payment_number'] });
    }
  });

  it('refuses a chain that is not in the table, and an empty number', () => {
    expect(storePaymentPayload.safeParse(result('circle_k', '1234567890128')).success).toBe(false);
    expect(storePaymentPayload.safeParse(result('lawson', '')).success).toBe(false);
  });

  it('looks up a payment number of the chain or a customer number, and refuses anything else naming number', () => {
    expect(storeLookupPayload.safeParse({ chain: 'familymart', number: generatePaymentNumber('familymart').number }).success).toBe(true);
    expect(storeLookupPayload.safeParse({ chain: 'lawson', number: generateCustomerNumber() }).success).toBe(true);
    const wrongChain = storeLookupPayload.safeParse({ chain: 'seven_eleven', number: generatePaymentNumber('daily_yamazaki').number });
    expect(wrongChain.success).toBe(false);
    expect(wrongChain.error!.issues.map((i) => i.path.join('.'))).toEqual(['number']);
    expect(storeLookupPayload.safeParse({ chain: 'nowhere', number: generateCustomerNumber() }).success).toBe(false);
  });
});
