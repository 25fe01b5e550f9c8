/** Luhn (mod 10) check digit of a digit string (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  assertDigits(digits);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // the digit next to the check digit is doubled
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(withCheck: string): boolean {
  if (!/^\d{2,}$/.test(withCheck)) return false;
  return luhnCheckDigit(withCheck.slice(0, -1)) === Number(withCheck[withCheck.length - 1]);
}

/**
 * GS1 modulus 10 (weights 3, 1, 3, … from the rightmost data digit), as the
 * convenience-store barcode uses it: (10 − sum mod 10) mod 10.
 */
export function gs1Mod10(digits: string): number {
  assertDigits(digits);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

function assertDigits(s: string): void {
  if (!/^\d+$/.test(s)) throw new RangeError(`expected digits, got "${s}"`);
}
