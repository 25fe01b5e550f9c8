import { randomInt } from 'node:crypto';
import { CHAIN_IDS, CHAINS, ChainId, CompanyCodes, NumberPart } from './chains';
import { luhnCheckDigit, luhnValid } from './check-digits';

/** One chain's number for one bill: what the customer enters, part by part. */
export interface PaymentNumber {
  chain: ChainId;
  /** the number the store network reports back (digits only) */
  number: string;
  /** every part the customer enters, by the chain table's part names */
  parts: Record<string, string>;
}

/**
 * Random digits that never start with 0 (a spreadsheet would drop it) nor 9:
 * a generated part starting with 9 is a customer number's (see below), so a
 * bill's number and a customer number never collide at a chain.
 */
function randomDigits(n: number): string {
  let s = `${1 + randomInt(8)}`;
  for (let i = 1; i < n; i++) s += String(randomInt(10));
  return s;
}

function companyCode(chain: ChainId, codes: CompanyCodes): string {
  const code = codes[chain];
  if (code === undefined) throw new RangeError(`no company code configured for ${chain}`);
  return code;
}

function generatePart(chain: ChainId, p: NumberPart, codes: CompanyCodes): string {
  if (p.companyCode) return companyCode(chain, codes);
  if (!p.checkDigit) return randomDigits(p.length);
  const body = randomDigits(p.length - 1);
  return `${body}${luhnCheckDigit(body)}`;
}

/**
 * A fresh random number for `chain`, shaped by the chain table (company codes
 * from configuration). Uniqueness is the store's to enforce (a unique index);
 * the caller retries on a clash.
 */
export function generatePaymentNumber(chain: ChainId, codes: CompanyCodes): PaymentNumber {
  const parts: Record<string, string> = {};
  for (const p of CHAINS[chain].parts) parts[p.name] = generatePart(chain, p, codes);
  return { chain, number: reportedNumber(chain, parts), parts };
}

function firstGenerated(chain: ChainId): NumberPart {
  return CHAINS[chain].parts.find((p) => !p.companyCode)!;
}

/** What the store network reports for these parts: the company code (if any) + the first generated part. */
export function reportedNumber(chain: ChainId, parts: Record<string, string>): string {
  const code = CHAINS[chain].parts.filter((p) => p.companyCode).map((p) => parts[p.name]).join('');
  return `${code}${parts[firstGenerated(chain).name]}`;
}

/**
 * Splits a reported number into its company code and its generated part, or
 * null when it has not the chain's shape. With `codes` the company code must
 * be the configured one; without, any digits of its length (the webhook
 * service, which holds no codes, checks the shape only).
 */
function splitReported(chain: ChainId, number: string, codes?: CompanyCodes): { code: string; generated: string } | null {
  if (!/^\d+$/.test(number)) return null;
  const codeParts = CHAINS[chain].parts.filter((p) => p.companyCode);
  const codeLength = codeParts.reduce((n, p) => n + p.length, 0);
  const code = number.slice(0, codeLength);
  if (codes && codeParts.length > 0 && code !== companyCode(chain, codes)) return null;
  const generated = number.slice(codeLength);
  return generated.length === firstGenerated(chain).length ? { code, generated } : null;
}

/** True when `number` has the chain's reported shape and check digit. */
export function isValidPaymentNumber(chain: ChainId, number: string, codes?: CompanyCodes): boolean {
  const split = splitReported(chain, number, codes);
  if (!split) return false;
  return firstGenerated(chain).checkDigit ? luhnValid(split.generated) : true;
}

/**
 * A persistent customer number (docs/reference/konbini.md#customer-numbers):
 * 12 digits, starting with 9, ending in a Luhn check digit. It is what the
 * merchant sees; each chain that takes one has its own entry form of it
 * (`customerNumberEntries`).
 */
export const CUSTOMER_NUMBER_LENGTH = 12;

export function generateCustomerNumber(): string {
  let body = '9';
  for (let i = 1; i < CUSTOMER_NUMBER_LENGTH - 1; i++) body += String(randomInt(10));
  return `${body}${luhnCheckDigit(body)}`;
}

export function isValidCustomerNumber(n: string): boolean {
  return new RegExp(`^9\\d{${CUSTOMER_NUMBER_LENGTH - 1}}$`).test(n) && luhnValid(n);
}

/** The 17-digit customer numbers Kessai issued before the chains' shapes (kept as aliases, never issued again). */
export function isLegacyCustomerNumber(n: string): boolean {
  return /^9\d{16}$/.test(n) && luhnValid(n);
}

/** The chains among `chains` that take a persistent customer number. */
export function customerNumberChains(chains: readonly ChainId[] = CHAIN_IDS): ChainId[] {
  return chains.filter((c) => CHAINS[c].customerNumber !== null);
}

/**
 * The digits of a part a customer-number entry needs besides the number
 * itself (Loppi's confirmation number), derived from the number so that the
 * entry is the same wherever it is shown and needs no storage; 1–8 first.
 */
function derivedDigits(customerNumber: string, length: number): string {
  const low = 10n ** BigInt(length - 1);
  return String(((BigInt(customerNumber) * 7_919n) % (8n * low)) + low);
}

/**
 * What the customer enters for a customer number at each chain that takes
 * one: the company code, the chain's prefix + the number as the first
 * generated part, and digits derived from the number for any other part —
 * so Lawson and Ministop (both Loppi) show the same entry. The reported
 * number (`number`) is what a kiosk lookup sends.
 */
export function customerNumberEntries(customerNumber: string, codes: CompanyCodes): PaymentNumber[] {
  return customerNumberChains().map((chain) => {
    const spec = CHAINS[chain].customerNumber!;
    const first = firstGenerated(chain);
    const parts: Record<string, string> = {};
    for (const p of CHAINS[chain].parts) {
      if (p.companyCode) parts[p.name] = companyCode(chain, codes);
      else if (p === first) parts[p.name] = `${spec.prefix}${customerNumber}`;
      else parts[p.name] = derivedDigits(customerNumber, p.length);
    }
    return { chain, number: reportedNumber(chain, parts), parts };
  });
}

/**
 * The customer number behind a number entered at a chain's kiosk, or null when
 * it is not a customer-number entry of that chain (a bill's own number, or a
 * chain that takes no customer number).
 */
export function customerNumberFromEntry(chain: ChainId, number: string, codes?: CompanyCodes): string | null {
  const spec = CHAINS[chain].customerNumber;
  if (!spec) return null;
  const split = splitReported(chain, number, codes);
  if (!split || !split.generated.startsWith(spec.prefix)) return null;
  const customerNumber = split.generated.slice(spec.prefix.length);
  return isValidCustomerNumber(customerNumber) ? customerNumber : null;
}
