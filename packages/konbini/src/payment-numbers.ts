import { randomInt } from 'node:crypto';
import { CHAINS, ChainId, NumberPart } from './chains';
import { luhnCheckDigit, luhnValid } from './check-digits';

/** One chain's number for one bill: what the customer enters, part by part. */
export interface PaymentNumber {
  chain: ChainId;
  /** the number the store network reports back (digits only) */
  number: string;
  /** every part the customer enters, by the chain table's part names */
  parts: Record<string, string>;
}

function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  // never a leading zero: the number must not lose a digit in a spreadsheet
  return s[0] === '0' ? `${1 + randomInt(9)}${s.slice(1)}` : s;
}

function generatePart(p: NumberPart): string {
  if (p.fixed !== undefined) return p.fixed;
  if (!p.checkDigit) return randomDigits(p.length);
  const body = randomDigits(p.length - 1);
  return `${body}${luhnCheckDigit(body)}`;
}

/**
 * A fresh random number for `chain`, shaped by the chain table. Uniqueness is
 * the store's to enforce (a unique index); the caller retries on a clash.
 */
export function generatePaymentNumber(chain: ChainId): PaymentNumber {
  const spec = CHAINS[chain];
  const parts: Record<string, string> = {};
  for (const p of spec.parts) parts[p.name] = generatePart(p);
  return { chain, number: reportedNumber(chain, parts), parts };
}

/** What the store network reports for these parts: the fixed prefix + the first generated part. */
export function reportedNumber(chain: ChainId, parts: Record<string, string>): string {
  const spec = CHAINS[chain];
  const fixed = spec.parts.filter((p) => p.fixed !== undefined).map((p) => parts[p.name]).join('');
  const first = spec.parts.find((p) => p.fixed === undefined)!;
  return `${fixed}${parts[first.name]}`;
}

/** True when `number` has the chain's reported shape and check digit. */
export function isValidPaymentNumber(chain: ChainId, number: string): boolean {
  const spec = CHAINS[chain];
  let rest = number;
  for (const p of spec.parts) {
    if (p.fixed !== undefined) {
      if (!rest.startsWith(p.fixed)) return false;
      rest = rest.slice(p.fixed.length);
      continue;
    }
    // only the first generated part is reported
    if (rest.length !== p.length || !/^\d+$/.test(rest)) return false;
    return p.checkDigit ? luhnValid(rest) : true;
  }
  return false;
}

/** A persistent customer number (Smart Pit style): 17 digits, Luhn-checked. */
export function generateCustomerNumber(): string {
  const body = `9${randomDigits(15)}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function isValidCustomerNumber(n: string): boolean {
  return /^9\d{16}$/.test(n) && luhnValid(n);
}
