/**
 * A qualified-invoice issuer's registration number (登録番号,
 * docs/reference/legal.md#qualified-invoices): "T" and the issuer's 13-digit
 * corporate number (法人番号). The corporate number's first digit is a check
 * digit over the other twelve: 9 − (Σ Pn × Qn mod 9), Pn the n-th digit
 * counted from the right of the twelve, Qn 1 for odd n and 2 for even n.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError(`a corporate number's base is 12 digits, got ${JSON.stringify(base12)}`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

/** Why a registration number is not valid, or null when it is. */
export function registrationNumberProblem(value: string): string | null {
  if (!/^T\d{13}$/.test(value)) return 'must be T followed by 13 digits (e.g. T1234567890123)';
  const digits = value.slice(1);
  const expected = corporateNumberCheckDigit(digits.slice(1));
  if (Number(digits[0]) !== expected) return `has a wrong check digit: the corporate number ${digits} should begin with ${expected}`;
  return null;
}
