import { gs1Mod10 } from './check-digits';

/** The data of the convenience-store GS1-128 barcode (AI 91), docs/reference/konbini.md#slip-and-barcode. */
export interface SlipBarcodeInput {
  /** 6 digits: GS1 company prefix without its leading 4, or "9" + 5-digit agent code */
  companyCode: string;
  /** up to 21 digits (padded with trailing 0) */
  freeField: string;
  reissue?: number;
  /** YYYY-MM-DD; null = no due date (999999) */
  dueDate: string | null;
  stampRequired: boolean;
  /** yen, 0–999,999 (stores refuse over 300,000) */
  amount: number;
}

/** The 44 digits: "91" + 41 data digits + the modulus-10 check digit. */
export function slipBarcodeData(input: SlipBarcodeInput): string {
  if (!/^\d{6}$/.test(input.companyCode)) throw new RangeError('companyCode must be 6 digits');
  if (!/^\d{0,21}$/.test(input.freeField)) throw new RangeError('freeField must be at most 21 digits');
  const reissue = input.reissue ?? 0;
  if (!Number.isInteger(reissue) || reissue < 0 || reissue > 9) throw new RangeError('reissue must be 0–9');
  if (!Number.isSafeInteger(input.amount) || input.amount < 0 || input.amount > 999_999) throw new RangeError('amount must be 0–999,999 yen');
  let due = '999999';
  if (input.dueDate !== null) {
    const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(input.dueDate);
    if (!m) throw new RangeError('dueDate must be YYYY-MM-DD');
    due = `${m[1]}${m[2]}${m[3]}`;
  }
  const body = `91${input.companyCode}${input.freeField.padEnd(21, '0')}${reissue}${due}${input.stampRequired ? 1 : 0}${String(input.amount).padStart(6, '0')}`;
  return `${body}${gs1Mod10(body)}`;
}

export function slipBarcodeValid(data: string): boolean {
  return /^91\d{42}$/.test(data) && gs1Mod10(data.slice(0, 43)) === Number(data[43]);
}
