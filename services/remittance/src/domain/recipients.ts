import { type FieldViolation, ValidationError } from '@kessai/platform';
import { ZenginError, holderNameKey, toBankKana } from '@kessai/zengin';
import { accountKey, normaliseAccount } from './account';
import { MAX_RECIPIENTS_PER_ORDER, RECIPIENT_TRANSFER_CAP } from './limits';
import type { NewRecipient, OrderMode, PostalAddress, RecipientInput } from './types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9-]{8,15}$/;
const POSTAL_CODE = /^[0-9]{3}-?[0-9]{4}$/;

/** A recipient as the split check sees it (already stored or new). */
export interface SplitCandidate {
  rowNumber: number;
  kanaKey: string;
  amount: number;
  email: string;
  phone: string;
  postalAddress: PostalAddress | null;
  accountKey: string;
}

function addressKey(a: PostalAddress | null): string {
  if (!a) return '';
  return [a.postalCode.replace('-', ''), a.prefecture, a.city, a.line1, a.line2].map((s) => s.normalize('NFKC').replace(/\s+/g, '')).join('|');
}

/**
 * Splitting refused (docs/reference/legal.md#transfer-cap): recipients with
 * the same normalised kana name and the same email, phone, address or
 * account, whose amounts add up to more than the cap. Returns the groups
 * (row numbers, ascending) that break the rule.
 */
export function findSplits(rows: SplitCandidate[], cap = RECIPIENT_TRANSFER_CAP): { rows: number[]; via: string; total: number }[] {
  // union-find over "same name and one shared contact or account"
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const via = new Map<number, string>();
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const keys: [string, string][] = [
      ['email', r.email.toLowerCase()],
      ['phone', r.phone.replace(/[^0-9]/g, '')],
      ['address', addressKey(r.postalAddress)],
      ['account', r.accountKey],
    ];
    for (const [what, value] of keys) {
      if (!value) continue;
      const k = `${r.kanaKey}\u0000${what}\u0000${value}`;
      const j = seen.get(k);
      if (j === undefined) seen.set(k, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[a] = b;
        via.set(find(i), via.get(find(i)) ?? what);
      }
    }
  });
  const groups = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const out: { rows: number[]; via: string; total: number }[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    const total = members.reduce((s, i) => s + rows[i].amount, 0);
    if (total > cap) out.push({ rows: members.map((i) => rows[i].rowNumber).sort((x, y) => x - y), via: via.get(root) ?? 'contact', total });
  }
  return out.sort((a, b) => a.rows[0] - b.rows[0]);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function postal(input: RecipientInput['postalAddress'], field: string, violations: FieldViolation[]): PostalAddress | null {
  if (!input) return null;
  const a: PostalAddress = {
    postalCode: text(input.postalCode),
    prefecture: text(input.prefecture),
    city: text(input.city),
    line1: text(input.line1),
    line2: text(input.line2),
  };
  if (!a.postalCode && !a.prefecture && !a.city && !a.line1 && !a.line2) return null;
  if (!POSTAL_CODE.test(a.postalCode)) violations.push({ field: `${field}.postal_code`, description: 'must be 7 digits (123-4567)' });
  if (!a.prefecture) violations.push({ field: `${field}.prefecture`, description: 'required with a postal address' });
  if (!a.city) violations.push({ field: `${field}.city`, description: 'required with a postal address' });
  if (!a.line1) violations.push({ field: `${field}.line1`, description: 'required with a postal address' });
  return a;
}

/**
 * Validates an upload (docs/reference/remittance.md#recipients). Rows are
 * named `rows[<row number>]` (1-based, counting on from the recipients the
 * order already has; a CSV's header is not a row). Every problem of every row
 * is collected; the upload is accepted or refused whole — this throws one
 * ValidationError listing them all.
 */
export function validateRecipients(
  inputs: RecipientInput[],
  opts: { mode: OrderMode; existing: SplitCandidate[]; firstRowNumber: number; cap?: number; maxRecipients?: number },
): NewRecipient[] {
  const cap = opts.cap ?? RECIPIENT_TRANSFER_CAP;
  const max = opts.maxRecipients ?? MAX_RECIPIENTS_PER_ORDER;
  if (inputs.length === 0) throw ValidationError.field('rows', 'at least one recipient is required', 'no_recipients');
  if (opts.existing.length + inputs.length > max) {
    throw ValidationError.field('rows', `an order holds at most ${max} recipients; this upload would make ${opts.existing.length + inputs.length}`, 'too_many_recipients');
  }
  const violations: FieldViolation[] = [];
  const out: NewRecipient[] = [];
  inputs.forEach((input, i) => {
    const rowNumber = opts.firstRowNumber + i;
    const f = `rows[${rowNumber}]`;
    const before = violations.length;
    const name = text(input.name);
    if (!name) violations.push({ field: `${f}.name`, description: 'required' });
    else if (name.length > 100) violations.push({ field: `${f}.name`, description: 'at most 100 characters' });
    let nameKana = '';
    try {
      nameKana = toBankKana(input.nameKana ?? '');
      if (!nameKana) violations.push({ field: `${f}.name_kana`, description: 'required' });
    } catch (err) {
      violations.push({ field: `${f}.name_kana`, description: err instanceof ZenginError ? err.issues[0].message : 'is not valid kana' });
    }
    const amount = input.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) violations.push({ field: `${f}.amount`, description: 'must be a whole number of yen' });
    else if (amount < 1 || amount > cap) violations.push({ field: `${f}.amount`, description: `must be from 1 to ${cap.toLocaleString('en')} yen (the cap on one transfer)` });
    const email = text(input.email);
    if (email && !EMAIL.test(email)) violations.push({ field: `${f}.email`, description: 'is not an email address' });
    const phone = text(input.phone);
    if (phone && !PHONE.test(phone.replace(/\s/g, ''))) violations.push({ field: `${f}.phone`, description: 'is not a phone number' });
    const postalAddress = postal(input.postalAddress, `${f}.postal_address`, violations);
    const reference = text(input.reference);
    if (reference.length > 100) violations.push({ field: `${f}.reference`, description: 'at most 100 characters' });
    let account = null;
    if (opts.mode === 'transfer_only') {
      const r = normaliseAccount(input.account, `${f}.account.`);
      violations.push(...r.violations);
      account = r.account ?? null;
    } else if (!email && !phone && !postalAddress) {
      violations.push({ field: `${f}.email`, description: 'an email, phone or postal address is required to reach the recipient' });
    }
    if (violations.length === before) {
      out.push({ rowNumber, name, nameKana, kanaKey: holderNameKey(nameKana), amount: amount as number, email, phone, postalAddress, reference, account });
    }
  });
  if (violations.length === 0) {
    const splits = findSplits(
      [...opts.existing, ...out.map((r) => ({ ...r, accountKey: r.account ? accountKey(r.account) : '' }))],
      cap,
    );
    for (const s of splits) {
      const newRows = s.rows.filter((n) => n >= opts.firstRowNumber);
      for (const n of newRows) {
        violations.push({
          field: `rows[${n}].amount`,
          description: `rows ${s.rows.join(', ')} share a name and ${s.via} and add up to ${s.total.toLocaleString('en')} yen, over the ${cap.toLocaleString('en')} yen cap on one transfer (splitting is not allowed)`,
        });
      }
    }
    if (violations.length) throw new ValidationError(violations, 'split_transfer');
  }
  if (violations.length) throw new ValidationError(violations, 'invalid_recipients');
  return out;
}
