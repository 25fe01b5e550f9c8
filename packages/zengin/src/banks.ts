import { readFileSync } from 'node:fs';
import Encoding from 'encoding-japanese';
import { type BankCode, type BranchCode, parseBankCode, parseBranchCode } from './codes';
import { ZenginError, type ZenginIssue } from './errors';
import { searchKey } from './search-key';
import { toBankKana } from './kana';

export interface Bank {
  readonly code: BankCode;
  /** Name as the Zengin code list writes it, without 銀行 (e.g. `みずほ`, `三菱ＵＦＪ`). */
  readonly name: string;
  /** Full-width katakana, small kana already large (e.g. `ミツビシユ－エフジエイ`). */
  readonly kana: string;
  readonly hira: string;
}

export interface Branch {
  readonly bankCode: BankCode;
  readonly code: BranchCode;
  readonly name: string;
  readonly kana: string;
  readonly hira: string;
}

interface RawEntry {
  code: string;
  name: string;
  kana: string;
  hira: string;
}
type RawBank = RawEntry & { branches: Record<string, RawEntry> };

interface BankRecord {
  readonly bank: Bank;
  readonly branches: ReadonlyMap<BranchCode, Branch>;
}

export interface SearchOptions {
  /** At most this many results (default 20, at most 100). */
  readonly limit?: number;
}

/** The version of the bank data in use: the zengin-code package version plus the override's, if any. */
export interface BankDataVersion {
  /** zengin-code package version, e.g. `1.0.0-p20260824`. */
  readonly package: string;
  /** The `version` of the operator override file, or null. */
  readonly override: string | null;
  /** One string for logs: `zengin-code@1.0.0-p20260824+override.2026-10-01`. */
  readonly label: string;
}

/** An operator's corrections to the package data: banks and branches to add, rename or remove. */
export interface BankOverride {
  /** The operator's name for this edition of the override, logged at start. */
  readonly version: string;
  readonly banks?: readonly BankOverrideEntry[];
  readonly branches?: readonly BranchOverrideEntry[];
}

export type BankOverrideEntry =
  | { readonly code: string; readonly name?: string; readonly kana?: string; readonly remove?: false }
  | { readonly code: string; readonly remove: true };

export type BranchOverrideEntry =
  | { readonly bank: string; readonly code: string; readonly name?: string; readonly kana?: string; readonly remove?: false }
  | { readonly bank: string; readonly code: string; readonly remove: true };

/** Bank and branch master data: the zengin-code list, with an optional override applied. */
export class BankDirectory {
  private bankKeys: { record: BankRecord; keys: string[] }[] | undefined;
  private readonly branchKeys = new Map<BankCode, { branch: Branch; keys: string[] }[]>();

  private constructor(
    private readonly records: ReadonlyMap<BankCode, BankRecord>,
    readonly version: BankDataVersion,
  ) {}

  /** The package data as shipped (loaded on first use, then shared). */
  static base(): BankDirectory {
    baseDirectory ??= new BankDirectory(loadPackageData(), versionOf(null));
    return baseDirectory;
  }

  /** The package data with an override applied: a path to a JSON file, or the parsed object. */
  static withOverride(source: string | unknown): BankDirectory {
    const override = typeof source === 'string' ? readOverrideFile(source) : source;
    const valid = validateOverride(override);
    return new BankDirectory(applyOverride(BankDirectory.base().records, valid), versionOf(valid.version));
  }

  get bankCount(): number {
    return this.records.size;
  }

  /** The bank, or undefined when the code is well formed but not listed. Throws on a malformed code. */
  bank(code: unknown, field = 'bank_code'): Bank | undefined {
    return this.records.get(parseBankCode(code, field))?.bank;
  }

  /** The branch, or undefined when not listed (or the bank is not listed). Throws on malformed codes. */
  branch(bankCode: unknown, branchCode: unknown, fields: { bank?: string; branch?: string } = {}): Branch | undefined {
    const bank = parseBankCode(bankCode, fields.bank ?? 'bank_code');
    const branch = parseBranchCode(branchCode, fields.branch ?? 'branch_code');
    return this.records.get(bank)?.branches.get(branch);
  }

  /** The bank; a malformed or unlisted code is a ZenginError naming the field. */
  requireBank(code: unknown, field = 'bank_code'): Bank {
    const bank = this.bank(code, field);
    if (bank === undefined) throw ZenginError.of(field, 'unknown_bank', `no bank ${String(code)} in the Zengin code list (${this.version.label})`);
    return bank;
  }

  /** The branch; malformed or unlisted codes are a ZenginError naming the field. */
  requireBranch(bankCode: unknown, branchCode: unknown, fields: { bank?: string; branch?: string } = {}): Branch {
    const bank = this.requireBank(bankCode, fields.bank ?? 'bank_code');
    const branch = this.branch(bankCode, branchCode, fields);
    if (branch === undefined) {
      throw ZenginError.of(fields.branch ?? 'branch_code', 'unknown_branch', `no branch ${String(branchCode)} of bank ${bank.code} (${bank.name}) in the Zengin code list (${this.version.label})`);
    }
    return branch;
  }

  /** Every branch of a bank, in code order. */
  branches(bankCode: unknown, field = 'bank_code'): Branch[] {
    const record = this.records.get(this.requireBank(bankCode, field).code);
    return [...(record?.branches.values() ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * Banks whose code starts with the query (when it is all digits) or whose name, kana or
   * hiragana contains it (width, kana kind, small kana, spaces and long-vowel marks ignored;
   * a trailing 銀行/ぎんこう is dropped). Exact matches first, then prefixes, then the rest;
   * ties in code order.
   */
  searchBanks(query: string, options: SearchOptions = {}): Bank[] {
    this.bankKeys ??= [...this.records.values()].map((record) => ({ record, keys: keysOf(record.bank) }));
    const candidates = this.bankKeys.map(({ record, keys }) => ({ item: record.bank, keys }));
    return search(candidates, stripBankSuffix(query), limitOf(options));
  }

  /** Branches of one bank matching the query, as for `searchBanks` (店/支店 suffixes are dropped). */
  searchBranches(bankCode: unknown, query: string, options: SearchOptions = {}): Branch[] {
    const bank = this.requireBank(bankCode).code;
    let keyed = this.branchKeys.get(bank);
    if (keyed === undefined) {
      keyed = this.branches(bank).map((branch) => ({ branch, keys: keysOf(branch) }));
      this.branchKeys.set(bank, keyed);
    }
    const candidates = keyed.map(({ branch, keys }) => ({ item: branch, keys }));
    return search(candidates, query.trim().replace(/(支店|してん|支所|出張所)$/u, ''), limitOf(options));
  }
}

let baseDirectory: BankDirectory | undefined;
let activeDirectory: BankDirectory | undefined;

/** The directory in use by this process: the package data, or the override applied with `applyBankOverride`. */
export function bankDirectory(): BankDirectory {
  return activeDirectory ?? BankDirectory.base();
}

/**
 * Validates an override (a JSON file path or the parsed object), applies it to the package
 * data and makes the result this process's directory. Call it once at start, then log
 * `bankDataVersion().label`. A bad override throws and leaves the directory in use unchanged.
 */
export function applyBankOverride(source: string | unknown): BankDirectory {
  activeDirectory = BankDirectory.withOverride(source);
  return activeDirectory;
}

/** Back to the package data as shipped (for tests and operators removing an override). */
export function resetBankDirectory(): void {
  activeDirectory = undefined;
}

/** The version of the bank data this process uses. */
export function bankDataVersion(): BankDataVersion {
  return bankDirectory().version;
}

function limitOf(options: SearchOptions): number {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw ZenginError.of('limit', 'invalid_value', `must be an integer from 1 to 100, got ${String(limit)}`);
  return limit;
}

function stripBankSuffix(query: string): string {
  return query.trim().replace(/(銀行|ぎんこう|ギンコウ|ｷﾞﾝｺｳ)$/u, '');
}

function keysOf(entry: { name: string; kana: string; hira: string }): string[] {
  return [...new Set([searchKey(entry.name), searchKey(entry.kana), searchKey(entry.hira)])];
}

function search<T extends { code: string }>(candidates: { item: T; keys: string[] }[], query: string, limit: number): T[] {
  const trimmed = query.trim();
  if (trimmed === '') return [];
  if (/^[0-9]+$/.test(trimmed)) {
    return candidates
      .map((c) => c.item)
      .filter((item) => item.code.startsWith(trimmed))
      .sort((a, b) => a.code.localeCompare(b.code))
      .slice(0, limit);
  }
  const key = searchKey(trimmed);
  if (key === '') return [];
  const ranked: { item: T; rank: number }[] = [];
  for (const { item, keys } of candidates) {
    let rank = 3;
    for (const k of keys) {
      if (k === key) rank = Math.min(rank, 0);
      else if (k.startsWith(key)) rank = Math.min(rank, 1);
      else if (k.includes(key)) rank = Math.min(rank, 2);
    }
    if (rank < 3) ranked.push({ item, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.item.code.localeCompare(b.item.code))
    .slice(0, limit)
    .map((r) => r.item);
}

function packageVersion(): string {
  // The version is the data edition (e.g. 1.0.0-p20260824); read it once from the package itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('zengin-code/package.json') as { version: string }).version;
}

function versionOf(override: string | null): BankDataVersion {
  const pkg = packageVersion();
  return { package: pkg, override, label: `zengin-code@${pkg}` + (override === null ? '' : `+override.${override}`) };
}

function loadPackageData(): Map<BankCode, BankRecord> {
  // Loaded on first use only: the list is about 5 MB and takes a tenth of a second.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('zengin-code') as Record<string, RawBank>;
  const out = new Map<BankCode, BankRecord>();
  for (const [code, b] of Object.entries(raw)) {
    const branches = new Map<BranchCode, Branch>();
    for (const [bc, br] of Object.entries(b.branches)) branches.set(bc, Object.freeze({ bankCode: code, code: bc, name: br.name, kana: br.kana, hira: br.hira }));
    out.set(code, { bank: Object.freeze({ code, name: b.name, kana: b.kana, hira: b.hira }), branches });
  }
  return out;
}

function readOverrideFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw ZenginError.of('override', 'invalid_override', `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw ZenginError.of('override', 'invalid_override', `${path} is not valid JSON: ${(err as Error).message}`);
  }
}

interface ValidOverride {
  version: string;
  banks: { code: string; name?: string; kana?: string; remove: boolean; field: string }[];
  branches: { bank: string; code: string; name?: string; kana?: string; remove: boolean; field: string }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape of an override; every defect is listed with its path (e.g. `branches[2].code`). */
function validateOverride(input: unknown): ValidOverride {
  const issues: ZenginIssue[] = [];
  const bad = (field: string, message: string): void => void issues.push({ field, code: 'invalid_override', message });
  const out: ValidOverride = { version: '', banks: [], branches: [] };
  if (!isObject(input)) throw ZenginError.of('override', 'invalid_override', 'must be a JSON object with version, banks and branches');
  for (const key of Object.keys(input)) if (!['version', 'banks', 'branches', 'comment'].includes(key)) bad(`override.${key}`, 'is not a known key (version, banks, branches, comment)');
  if (typeof input.version !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(input.version)) bad('version', 'must be 1–64 letters, digits, dots, hyphens or underscores, e.g. "2026-10-01"');
  else out.version = input.version;

  const names = (entry: Record<string, unknown>, path: string, isNew: boolean): { name?: string; kana?: string } => {
    const result: { name?: string; kana?: string } = {};
    if (entry.name !== undefined) {
      if (typeof entry.name !== 'string' || entry.name.trim() === '' || entry.name.length > 60) bad(`${path}.name`, 'must be a non-empty string of at most 60 characters');
      else result.name = entry.name.trim();
    }
    if (entry.kana !== undefined) {
      if (typeof entry.kana !== 'string' || entry.kana.trim() === '') bad(`${path}.kana`, 'must be a non-empty string');
      else {
        try {
          toBankKana(entry.kana);
          result.kana = Encoding.toZenkanaCase(Encoding.toKatakanaCase(entry.kana.trim()));
        } catch (err) {
          bad(`${path}.kana`, err instanceof ZenginError ? err.issues[0]!.message : String(err));
        }
      }
    }
    if (isNew && (entry.name === undefined || entry.kana === undefined)) bad(path, 'a new entry needs both name and kana');
    if (!isNew && entry.name === undefined && entry.kana === undefined && entry.remove !== true) bad(path, 'needs name or kana to rename, or "remove": true');
    return result;
  };
  const checkKeys = (entry: Record<string, unknown>, path: string, allowed: string[]): void => {
    for (const key of Object.keys(entry)) if (!allowed.includes(key)) bad(`${path}.${key}`, `is not a known key (${allowed.join(', ')})`);
    if (entry.remove !== undefined && typeof entry.remove !== 'boolean') bad(`${path}.remove`, 'must be true or false');
    if (entry.remove === true && (entry.name !== undefined || entry.kana !== undefined)) bad(path, 'a removal takes no name or kana');
  };
  const code = (value: unknown, path: string, digits: number): string | undefined => {
    if (typeof value === 'string' && new RegExp(`^[0-9]{${digits}}$`).test(value)) return value;
    bad(path, `must be a string of exactly ${digits} digits`);
    return undefined;
  };

  const base = BankDirectory.base();
  const banksAfter = new Set<string>();
  const removedBanks = new Set<string>();
  if (input.banks !== undefined && !Array.isArray(input.banks)) bad('banks', 'must be an array');
  const bankSeen = new Set<string>();
  for (const [i, entry] of (Array.isArray(input.banks) ? input.banks : []).entries()) {
    const path = `banks[${i}]`;
    if (!isObject(entry)) {
      bad(path, 'must be an object');
      continue;
    }
    checkKeys(entry, path, ['code', 'name', 'kana', 'remove']);
    const c = code(entry.code, `${path}.code`, 4);
    if (c === undefined) continue;
    if (bankSeen.has(c)) bad(`${path}.code`, `bank ${c} appears twice`);
    bankSeen.add(c);
    const exists = base.bank(c) !== undefined;
    const remove = entry.remove === true;
    if (remove && !exists) bad(`${path}.code`, `bank ${c} is not in the package data, so it cannot be removed`);
    const n = names(entry, path, !exists && !remove);
    if (remove) removedBanks.add(c);
    else banksAfter.add(c);
    out.banks.push({ code: c, ...n, remove, field: path });
  }

  if (input.branches !== undefined && !Array.isArray(input.branches)) bad('branches', 'must be an array');
  const branchSeen = new Set<string>();
  for (const [i, entry] of (Array.isArray(input.branches) ? input.branches : []).entries()) {
    const path = `branches[${i}]`;
    if (!isObject(entry)) {
      bad(path, 'must be an object');
      continue;
    }
    checkKeys(entry, path, ['bank', 'code', 'name', 'kana', 'remove']);
    const b = code(entry.bank, `${path}.bank`, 4);
    const c = code(entry.code, `${path}.code`, 3);
    if (b === undefined || c === undefined) continue;
    if (removedBanks.has(b)) {
      bad(`${path}.bank`, `bank ${b} is removed by this override`);
      continue;
    }
    if (base.bank(b) === undefined && !banksAfter.has(b)) {
      bad(`${path}.bank`, `bank ${b} is neither in the package data nor added by this override`);
      continue;
    }
    if (branchSeen.has(`${b}-${c}`)) bad(`${path}.code`, `branch ${b}-${c} appears twice`);
    branchSeen.add(`${b}-${c}`);
    const exists = base.bank(b) !== undefined && base.branch(b, c) !== undefined;
    const remove = entry.remove === true;
    if (remove && !exists) bad(`${path}.code`, `branch ${b}-${c} is not in the package data, so it cannot be removed`);
    const n = names(entry, path, !exists && !remove);
    out.branches.push({ bank: b, code: c, ...n, remove, field: path });
  }
  if (issues.length > 0) throw new ZenginError(issues);
  return out;
}

function applyOverride(base: ReadonlyMap<BankCode, BankRecord>, override: ValidOverride): Map<BankCode, BankRecord> {
  const out = new Map(base);
  const hira = (kana: string): string => Encoding.toHiraganaCase(kana);
  for (const entry of override.banks) {
    if (entry.remove) {
      out.delete(entry.code);
      continue;
    }
    const old = out.get(entry.code);
    const name = entry.name ?? old!.bank.name;
    const kana = entry.kana ?? old!.bank.kana;
    out.set(entry.code, { bank: Object.freeze({ code: entry.code, name, kana, hira: hira(kana) }), branches: old?.branches ?? new Map() });
  }
  const copied = new Set<BankCode>();
  for (const entry of override.branches) {
    const record = out.get(entry.bank)!;
    const branches = copied.has(entry.bank) ? (record.branches as Map<BranchCode, Branch>) : new Map(record.branches);
    copied.add(entry.bank);
    out.set(entry.bank, { bank: record.bank, branches });
    if (entry.remove) {
      branches.delete(entry.code);
      continue;
    }
    const old = branches.get(entry.code);
    const name = entry.name ?? old!.name;
    const kana = entry.kana ?? old!.kana;
    branches.set(entry.code, Object.freeze({ bankCode: entry.bank, code: entry.code, name, kana, hira: hira(kana) }));
  }
  return out;
}
