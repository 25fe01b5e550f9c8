import Encoding from 'encoding-japanese';
import { ZenginError } from './errors';
import { enlargeSmallKana } from './kana-tables';
import { ENTITY_FORMS, type EntityForm } from './legal-entities';

/** Entity forms by their first UTF-16 unit, longest first, so most characters look at none. */
const ENTITY_FORMS_BY_FIRST = new Map<string, EntityForm[]>();
for (const form of ENTITY_FORMS) {
  const list = ENTITY_FORMS_BY_FIRST.get(form.text[0]!) ?? [];
  list.push(form);
  ENTITY_FORMS_BY_FIRST.set(form.text[0]!, list);
}

export interface BankKanaOptions {
  /** Field name for errors (default `holder_name`). */
  readonly field?: string;
  /** Also allow `/` and `,`, which some banks accept (default false). */
  readonly allowSlashComma?: boolean;
  /** Refuse a result longer than this many half-width characters (e.g. 30 for a transfer file). */
  readonly maxLength?: number;
}

const BASE_ALLOWED = /^[ｦｱ-ﾝﾞﾟA-Z0-9 ().-]$/u;
const WITH_SLASH_COMMA = /^[ｦｱ-ﾝﾞﾟA-Z0-9 ().\-/,]$/u;

/** Characters that become the half-width hyphen: the long vowel mark and dash-like symbols. */
const HYPHENS = /[ーｰ‐‑−－]/gu;

/**
 * One input character in bank kana (half-width, large kana, separate voicing marks), or null
 * when it has no place in an account-holder name.
 */
function convertCharacter(ch: string, allowed: RegExp): string | null {
  const cache = allowed === BASE_ALLOWED ? BASE_CACHE : allowed === WITH_SLASH_COMMA ? SLASH_COMMA_CACHE : undefined;
  const known = cache?.get(ch);
  if (known !== undefined) return known;
  const result = convertUncached(ch, allowed);
  if (cache !== undefined && cache.size < 20_000) cache.set(ch, result);
  return result;
}

/** Per-character results for the two allowed sets (the conversion of a character never changes). */
const BASE_CACHE = new Map<string, string | null>();
const SLASH_COMMA_CACHE = new Map<string, string | null>();

function convertUncached(ch: string, allowed: RegExp): string | null {
  let s: string;
  if (ch === '゛' || ch === '\u3099') s = 'ﾞ';
  else if (ch === '゜' || ch === '\u309a') s = 'ﾟ';
  else if (ch === '\u3000') s = ' ';
  else {
    s = Encoding.toHankakuCase(ch); // full-width letters, digits and symbols
    s = Encoding.toKatakanaCase(s); // hiragana
    s = Encoding.toZenkanaCase(s); // half-width kana, so small ones can be enlarged
    s = enlargeSmallKana(s).replace(HYPHENS, '-');
    s = Encoding.toHankanaCase(s).toUpperCase(); // ガ → ｶﾞ, separate mark
  }
  for (const c of s) if (!allowed.test(c)) return null;
  return s;
}

type Token = { kind: 'text'; value: string } | { kind: 'entity'; abbreviation: string };

function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? hex : `'${ch}' (${hex})`;
}

/**
 * Normalises an account-holder name (振込カナ) to the half-width bank kana of Zengin files.
 * Full-width katakana, hiragana, half-width katakana and full-width letters and digits are
 * accepted; small kana become large (キュ → ｷﾕ); voiced kana become the kana plus a separate
 * ﾞ or ﾟ; ー becomes `-`; lower-case letters become capitals; runs of spaces become one and the
 * ends are trimmed. Legal-entity words (株式会社, (株), ㈱, カブシキガイシャ, 有限会社 …) become
 * their abbreviation by position: at the front `ｶ)`, in the middle `(ｶ)`, at the end `(ｶ`.
 *
 * Anything else (kanji, ・, `* & $ + ; @ = %`, emoji, control characters …) is a ZenginError
 * naming the character and its 1-based position in the input.
 */
export function toBankKana(input: unknown, options: BankKanaOptions = {}): string {
  const field = options.field ?? 'holder_name';
  if (typeof input !== 'string') throw ZenginError.of(field, input === undefined || input === null ? 'required' : 'invalid_format', 'must be a string');
  const allowed = options.allowSlashComma === true ? WITH_SLASH_COMMA : BASE_ALLOWED;
  const tokens: Token[] = [];
  let position = 0; // code points consumed so far
  for (let i = 0; i < input.length; ) {
    const entity = ENTITY_FORMS_BY_FIRST.get(input[i]!)?.find((f) => input.startsWith(f.text, i));
    if (entity !== undefined) {
      tokens.push({ kind: 'entity', abbreviation: Encoding.toHankanaCase(entity.abbreviation) });
      position += [...entity.text].length;
      i += entity.text.length;
      continue;
    }
    const ch = String.fromCodePoint(input.codePointAt(i)!);
    position += 1;
    const converted = convertCharacter(ch, allowed);
    if (converted === null) {
      throw ZenginError.of(field, 'invalid_character', `character ${describeCharacter(ch)} at position ${position} is not allowed in a bank account name`, { position });
    }
    tokens.push({ kind: 'text', value: converted });
    i += ch.length;
  }
  const result = assemble(tokens);
  if (result === '') throw ZenginError.of(field, 'required', 'is empty once normalised');
  if (options.maxLength !== undefined && result.length > options.maxLength) {
    throw ZenginError.of(field, 'too_long', `is ${result.length} half-width characters once normalised, at most ${options.maxLength} allowed ("${result}")`);
  }
  return result;
}

/** Joins the tokens, writing each legal-entity abbreviation in the form its position asks for. */
function assemble(tokens: Token[]): string {
  const hasText = (from: number, to: number): boolean => tokens.slice(from, to).some((t) => t.kind === 'text' && t.value.trim() !== '');
  let out = '';
  tokens.forEach((t, i) => {
    if (t.kind === 'text') {
      out += t.value;
      return;
    }
    const before = hasText(0, i);
    const after = hasText(i + 1, tokens.length);
    out = out.trimEnd();
    if (!before) out += `${t.abbreviation})`;
    else if (after) out += `(${t.abbreviation})`;
    else out += `(${t.abbreviation}`;
    // Spaces right after an abbreviation are dropped, as in ｶ)ﾔﾏﾀﾞ.
    const next = tokens[i + 1];
    if (next?.kind === 'text') tokens[i + 1] = { kind: 'text', value: next.value.trimStart() };
  });
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Length in half-width characters (= bytes in a Zengin file) of the name once normalised. */
export function bankKanaLength(input: unknown, options: Omit<BankKanaOptions, 'maxLength'> = {}): number {
  return toBankKana(input, options).length;
}

/** True when the string is already valid bank kana (what a Zengin file field may hold). */
export function isBankKana(value: string, options: { allowSlashComma?: boolean } = {}): boolean {
  const allowed = options.allowSlashComma === true ? WITH_SLASH_COMMA : BASE_ALLOWED;
  return [...value].every((c) => allowed.test(c));
}

/**
 * The comparison key of a holder name: `toBankKana` of it (so 株式会社ヤマダ and ｶ)ﾔﾏﾀﾞ agree)
 * without spaces. A name `toBankKana` refuses is still compared, character by character,
 * with unknown characters kept as they are — never an error.
 */
export function holderNameKey(input: string): string {
  let kana: string;
  try {
    kana = toBankKana(input, { allowSlashComma: true });
  } catch {
    kana = '';
    for (const ch of input) kana += convertCharacter(ch, /^\S$/u) ?? ch;
  }
  return kana.replace(/\s/gu, '');
}

/** Width-, kana- and spacing-insensitive equality of two account-holder names. */
export function sameHolderName(a: string, b: string): boolean {
  return holderNameKey(a) === holderNameKey(b);
}
