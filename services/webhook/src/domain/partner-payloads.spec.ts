import { CHAIN_IDS, ChainId, customerNumberEntries, generateCustomerNumber, generatePaymentNumber as generate } from '@kessai/konbini';
import { storeLookupPayload, storePaymentPayload } from './partner-payloads';
import { REPORT_KINDS } from './partner-reports';

// the webhook service holds no company codes: it checks the shape, any FamilyMart code of its length
const generatePaymentNumber = (chain: ChainId) => generate(chain, { familymart: '54321' });
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

  it.each([
    // transaction id, accepted
    [undefined, true],
    ['7-11:2026112300001234', true],
    ['', false],
    ['x'.repeat(65), false],
    ['with space', false],
  ])('takes the store network\'s transaction id %j as optional: %s', (transactionId, ok) => {
    const body = { ...result('lawson', generatePaymentNumber('lawson').number), ...(transactionId === undefined ? {} : { transaction_id: transactionId }) };
    expect(storePaymentPayload.safeParse(body).success).toBe(ok);
  });

  it('refuses a chain that is not in the table, and an empty number', () => {
    expect(storePaymentPayload.safeParse(result('circle_k', '1234567890128')).success).toBe(false);
    expect(storePaymentPayload.safeParse(result('lawson', '')).success).toBe(false);
  });

  it('looks up a payment number of the chain or a customer number, and refuses anything else naming number', () => {
    expect(storeLookupPayload.safeParse({ chain: 'familymart', number: generatePaymentNumber('familymart').number }).success).toBe(true);
    // a customer number's entry at the kiosk chains; a legacy 17-digit one there too (its alias); none at a till chain
    for (const e of customerNumberEntries(generateCustomerNumber(), { familymart: '54321' })) expect(storeLookupPayload.safeParse({ chain: e.chain, number: e.number }).success).toBe(true);
    expect(storeLookupPayload.safeParse({ chain: 'lawson', number: '90000000000000001' }).success).toBe(true);
    expect(storeLookupPayload.safeParse({ chain: 'seven_eleven', number: '90000000000000001' }).success).toBe(false);
    expect(storeLookupPayload.safeParse({ chain: 'seven_eleven', number: generateCustomerNumber() }).success).toBe(false);
    const wrongChain = storeLookupPayload.safeParse({ chain: 'seven_eleven', number: generatePaymentNumber('daily_yamazaki').number });
    expect(wrongChain.success).toBe(false);
    expect(wrongChain.error!.issues.map((i) => i.path.join('.'))).toEqual(['number']);
    expect(storeLookupPayload.safeParse({ chain: 'nowhere', number: generateCustomerNumber() }).success).toBe(false);
  });
});
