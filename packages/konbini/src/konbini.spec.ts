import { CHAIN_IDS, CHAINS, ChainId } from './chains';
import { gs1Mod10, luhnCheckDigit, luhnValid } from './check-digits';
import { slipBarcodeData, slipBarcodeValid } from './barcode';
import {
  customerNumberChains, customerNumberEntries, customerNumberFromEntry, generateCustomerNumber, generatePaymentNumber, isLegacyCustomerNumber, isValidCustomerNumber,
  isValidPaymentNumber,
} from './payment-numbers';

const codes = { familymart: '12345' };
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
      const n = generatePaymentNumber(chain, codes);
      for (const part of CHAINS[chain].parts) {
        expect(n.parts[part.name]).toMatch(new RegExp(`^\\d{${part.length}}$`));
        if (part.checkDigit) expect(luhnValid(n.parts[part.name])).toBe(true);
      }
      expect(isValidPaymentNumber(chain, n.number)).toBe(true);
      expect(isValidPaymentNumber(chain, n.number, codes)).toBe(true);
      // never the first digit of a customer number's entry
      expect(n.number.slice(CHAINS[chain].parts.filter((p) => p.companyCode).length ? 5 : 0)).toMatch(/^[1-8]/);
      // one wrong digit is caught by the check digit
      const last = n.number.length - 1;
      expect(isValidPaymentNumber(chain, `${n.number.slice(0, last)}${(Number(n.number[last]) + 1) % 10}`)).toBe(false);
    }
  });

  it('gives each chain the number the customer needs; FamilyMart\'s company code is configuration', () => {
    expect(generatePaymentNumber('seven_eleven', codes).number).toHaveLength(13);
    expect(Object.keys(generatePaymentNumber('lawson', codes).parts)).toEqual(['customer_number', 'confirmation_number']);
    expect(generatePaymentNumber('familymart', codes).number).toMatch(/^12345[1-8]\d{11}$/);
    expect(generatePaymentNumber('familymart', { familymart: '54321' }).parts.company_code).toBe('54321');
    expect(() => generatePaymentNumber('familymart', {})).toThrow(/company code/);
    expect(generatePaymentNumber('seicomart', codes).number).toHaveLength(11);
    // another company's code is not ours (with the codes); the shape alone is (without)
    const fm = generatePaymentNumber('familymart', { familymart: '54321' }).number;
    expect(isValidPaymentNumber('familymart', fm, codes)).toBe(false);
    expect(isValidPaymentNumber('familymart', fm)).toBe(true);
  });
});

describe('customer numbers: each chain row says whether and how it takes one', () => {
  it('makes Luhn-checked 12-digit customer numbers starting with 9; the 17-digit ones are legacy', () => {
    for (let i = 0; i < 50; i++) {
      const n = generateCustomerNumber();
      expect(n).toMatch(/^9\d{11}$/);
      expect(isValidCustomerNumber(n)).toBe(true);
      expect(isValidCustomerNumber(`${n.slice(0, 11)}${(Number(n[11]) + 1) % 10}`)).toBe(false);
      expect(isLegacyCustomerNumber(n)).toBe(false);
    }
    expect(isLegacyCustomerNumber('90000000000000001')).toBe(true);
    expect(isValidCustomerNumber('90000000000000001')).toBe(false);
  });

  it.each([
    // chain, takes one, entry shape
    ['seven_eleven', false, null],
    ['lawson', true, /^91(9\d{11})$/],
    ['ministop', true, /^91(9\d{11})$/],
    ['familymart', true, /^12345(9\d{11})$/],
    ['daily_yamazaki', false, null],
    ['seicomart', false, null],
  ] as [ChainId, boolean, RegExp | null][])('%s takes a customer number: %s', (chain, takes, shape) => {
    expect(customerNumberChains().includes(chain)).toBe(takes);
    const n = generateCustomerNumber();
    const entry = customerNumberEntries(n, codes).find((e) => e.chain === chain);
    if (!shape) {
      expect(entry).toBeUndefined();
      expect(customerNumberFromEntry(chain, n)).toBeNull();
      return;
    }
    expect(entry!.number).toMatch(shape);
    expect(shape.exec(entry!.number)![1]).toBe(n);
    // the entry has the chain's own shape: every part its length, the Luhn digit still valid
    expect(isValidPaymentNumber(chain, entry!.number, codes)).toBe(true);
    for (const part of CHAINS[chain].parts) expect(entry!.parts[part.name]).toMatch(new RegExp(`^\\d{${part.length}}$`));
    expect(customerNumberFromEntry(chain, entry!.number, codes)).toBe(n);
    // a bill's own number is never read as a customer number
    expect(customerNumberFromEntry(chain, generatePaymentNumber(chain, codes).number, codes)).toBeNull();
  });

  it('gives Lawson and Ministop (both Loppi) the same entry, FamilyMart its own', () => {
    const entries = customerNumberEntries(generateCustomerNumber(), codes);
    expect(entries.map((e) => e.chain)).toEqual(['lawson', 'familymart', 'ministop']);
    expect(entries.find((e) => e.chain === 'lawson')!.parts).toEqual(entries.find((e) => e.chain === 'ministop')!.parts);
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
