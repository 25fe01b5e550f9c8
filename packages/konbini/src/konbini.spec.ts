import { CHAIN_IDS, CHAINS } from './chains';
import { gs1Mod10, luhnCheckDigit, luhnValid } from './check-digits';
import { slipBarcodeData, slipBarcodeValid } from './barcode';
import { generateCustomerNumber, generatePaymentNumber, isValidCustomerNumber, isValidPaymentNumber } from './payment-numbers';
import { stampDuty } from './stamp-duty';

describe('check digits', () => {
  it('computes the GS1 modulus 10 of the published convenience-store example', () => {
    const example = '91912345123456789012345678901125013100123404';
    expect(gs1Mod10(example.slice(0, 43))).toBe(4);
    expect(slipBarcodeValid(example)).toBe(true);
    expect(slipBarcodeValid(`${example.slice(0, 43)}5`)).toBe(false);
  });

  it.each([
    ['7992739871', 3],
    ['0', 0],
    ['1234567812345670'.slice(0, -1), 0],
  ])('Luhn check digit of %s is %d', (body, digit) => {
    expect(luhnCheckDigit(body)).toBe(digit);
    expect(luhnValid(`${body}${digit}`)).toBe(true);
    expect(luhnValid(`${body}${(digit + 1) % 10}`)).toBe(false);
  });
});

describe('payment numbers: one table, each chain its own shape', () => {
  it.each(CHAIN_IDS.map((c) => [c]))('%s: parts as the table says, valid check digit, reported number recognised', (chain) => {
    for (let i = 0; i < 50; i++) {
      const n = generatePaymentNumber(chain);
      for (const part of CHAINS[chain].parts) {
        expect(n.parts[part.name]).toMatch(new RegExp(`^\\d{${part.length}}$`));
        if (part.checkDigit) expect(luhnValid(n.parts[part.name])).toBe(true);
      }
      expect(isValidPaymentNumber(chain, n.number)).toBe(true);
      // one wrong digit is caught by the check digit
      const last = n.number.length - 1;
      expect(isValidPaymentNumber(chain, `${n.number.slice(0, last)}${(Number(n.number[last]) + 1) % 10}`)).toBe(false);
    }
  });

  it('gives each chain the number the customer needs', () => {
    expect(generatePaymentNumber('seven_eleven').number).toHaveLength(13);
    expect(Object.keys(generatePaymentNumber('lawson').parts)).toEqual(['customer_number', 'confirmation_number']);
    expect(generatePaymentNumber('familymart').number).toMatch(/^10015\d{12}$/);
    expect(generatePaymentNumber('seicomart').number).toHaveLength(11);
  });

  it('makes Luhn-checked 17-digit customer numbers', () => {
    const n = generateCustomerNumber();
    expect(isValidCustomerNumber(n)).toBe(true);
    expect(isValidCustomerNumber(`${n.slice(0, 16)}${(Number(n[16]) + 1) % 10}`)).toBe(false);
  });
});

describe('slip barcode (GS1-128, AI 91)', () => {
  it('lays out the 44 digits with due date, stamp flag, amount and check digit', () => {
    const data = slipBarcodeData({ companyCode: '912345', freeField: '123456789012345678901', reissue: 1, dueDate: '2025-01-31', stampRequired: false, amount: 12_340 });
    expect(data).toBe('91912345123456789012345678901125013100123404');
    const padded = slipBarcodeData({ companyCode: '999999', freeField: '42', dueDate: null, stampRequired: true, amount: 300_000 });
    expect(padded).toHaveLength(44);
    expect(padded.slice(8, 29)).toBe('420000000000000000000');
    expect(padded.slice(30, 36)).toBe('999999');
    expect(padded[36]).toBe('1');
    expect(padded.slice(37, 43)).toBe('300000');
    expect(slipBarcodeValid(padded)).toBe(true);
  });
});

describe('stamp duty at payment, by chain', () => {
  it.each([
    // amount, tax, chain, duty
    [49_999, null, 'lawson', 0],
    [50_000, null, 'lawson', 200],
    [300_000, null, 'seicomart', 200],
    // tax stated separately: the base excludes it, except at 7-Eleven, FamilyMart, Daily Yamazaki
    [54_999, 5_000, 'lawson', 0],
    [55_000, 5_000, 'lawson', 200],
    [54_999, 5_000, 'ministop', 0],
    [54_999, 5_000, 'seicomart', 0],
    [54_999, 5_000, 'seven_eleven', 200],
    [54_999, 5_000, 'familymart', 200],
    [54_999, 5_000, 'daily_yamazaki', 200],
    [49_999, 5_000, 'seven_eleven', 0],
  ] as const)('%d yen (tax %s) at %s → %d', (amount, taxAmount, chain, duty) => {
    expect(stampDuty({ amount, taxAmount, chain })).toBe(duty);
  });
});
