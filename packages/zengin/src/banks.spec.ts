import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BankDirectory, ZenginError, applyBankOverride, bankDataVersion, bankDirectory, resetBankDirectory } from './index';

function failure(fn: () => unknown): ZenginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZenginError) return err;
    throw err;
  }
  throw new Error('expected a ZenginError');
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(require.resolve('zengin-code/package.json'), 'utf8')) as { version: string }).version;
const FIRST_SMBC_BRANCH = BankDirectory.base().branches('0009')[0]!.code;

afterEach(() => resetBankDirectory());

describe('the zengin-code data', () => {
  const dir = BankDirectory.base();

  it('finds banks and branches with names and kana', () => {
    expect(dir.requireBank('0001')).toEqual({ code: '0001', name: 'みずほ', kana: 'ミズホ', hira: 'みずほ' });
    expect(dir.requireBranch('0001', '100')).toMatchObject({ bankCode: '0001', code: '100', name: '本店', kana: 'ホンテン' });
    expect(dir.bankCount).toBeGreaterThan(1000);
  });

  it('answers undefined for well-formed codes it does not list', () => {
    expect(dir.bank('0002')).toBeUndefined();
    expect(dir.branch('0001', '000')).toBeUndefined();
    expect(dir.branch('0002', '001')).toBeUndefined();
  });

  it('names the field of an unknown or malformed code', () => {
    expect(failure(() => dir.requireBank('0002')).code).toBe('unknown_bank');
    expect(failure(() => dir.requireBank('0002')).message).toContain(PACKAGE_VERSION);
    const branch = failure(() => dir.requireBranch('0001', '000', { branch: 'payout.branch_code' }));
    expect([branch.code, branch.field]).toEqual(['unknown_branch', 'payout.branch_code']);
    expect(failure(() => dir.requireBranch('0002', '001')).field).toBe('bank_code');
    expect(failure(() => dir.requireBranch('0001', '1')).code).toBe('invalid_format');
    expect(failure(() => dir.bank('1')).field).toBe('bank_code');
  });

  it('knows Japan Post Bank branches made from 記号', () => {
    expect(dir.requireBranch('9900', '018').name).toBe('〇一八');
  });

  it('lists the branches of a bank in code order', () => {
    const codes = dir.branches('0001').map((b) => b.code);
    expect(codes).toEqual([...codes].sort());
    expect(codes.length).toBeGreaterThan(100);
  });
});

describe('search', () => {
  const dir = BankDirectory.base();

  it('by code prefix', () => {
    expect(dir.searchBanks('000').map((b) => b.code)).toEqual(['0001', '0005', '0009']);
    expect(dir.searchBanks('9900').map((b) => b.code)).toEqual(['9900']);
    expect(dir.searchBranches('0001', '10').every((b) => b.code.startsWith('10'))).toBe(true);
  });

  it.each(['みずほ', 'ミズホ', 'ﾐｽﾞﾎ', 'みずほ銀行', 'ミズホギンコウ', ' みずほ '])('bank by name %j finds みずほ first', (q) => {
    expect(dir.searchBanks(q)[0]?.code).toBe('0001');
  });

  it('small kana and long vowels do not matter', () => {
    expect(dir.searchBanks('ゆうちょ')[0]?.code).toBe('9900');
    expect(dir.searchBanks('みつびしゆーえふじぇい')[0]?.code).toBe('0005');
    expect(dir.searchBanks('三菱ＵＦＪ')[0]?.code).toBe('0005');
    expect(dir.searchBanks('三菱UFJ')[0]?.code).toBe('0005');
  });

  it('branches by kanji, kana or hiragana, exact first', () => {
    expect(dir.searchBranches('0001', '新宿')[0]?.name).toBe('新宿');
    expect(dir.searchBranches('0001', 'しんじゅく')[0]?.name).toBe('新宿');
    expect(dir.searchBranches('0001', 'シンジユク支店')[0]?.name).toBe('新宿');
  });

  it('bounds the results and refuses bad limits', () => {
    expect(dir.searchBanks('し', { limit: 5 })).toHaveLength(5);
    expect(dir.searchBanks('')).toEqual([]);
    expect(dir.searchBanks('   ')).toEqual([]);
    expect(dir.searchBanks('ーー')).toEqual([]);
    expect(failure(() => dir.searchBanks('し', { limit: 0 })).field).toBe('limit');
    expect(failure(() => dir.searchBanks('し', { limit: 101 })).field).toBe('limit');
    expect(failure(() => dir.searchBranches('0002', 'し')).code).toBe('unknown_bank');
  });
});

describe('override file', () => {
  const merger = {
    version: '2026-10-01',
    comment: 'example merger',
    banks: [
      { code: '0998', name: 'テスト統合', kana: 'テストトウゴウ' },
      { code: '0001', name: 'みずほ新', kana: 'みずほしん' },
      { code: '0005', remove: true },
    ],
    branches: [
      { bank: '0998', code: '001', name: '本店', kana: 'ホンテン' },
      { bank: '0001', code: '999', name: '新店', kana: 'シンテン' },
      { bank: '0001', code: '100', kana: 'ホンテン2' },
      { bank: '0009', code: FIRST_SMBC_BRANCH, remove: true },
    ],
  };

  it('adds, renames and removes banks and branches, leaving the package data as it was', () => {
    const dir = BankDirectory.withOverride(merger);
    expect(dir.requireBank('0998')).toEqual({ code: '0998', name: 'テスト統合', kana: 'テストトウゴウ', hira: 'てすととうごう' });
    expect(dir.requireBank('0001')).toMatchObject({ name: 'みずほ新', kana: 'ミズホシン' });
    expect(dir.bank('0005')).toBeUndefined();
    expect(dir.branch('0005', '001')).toBeUndefined();
    expect(dir.requireBranch('0998', '001').name).toBe('本店');
    expect(dir.requireBranch('0001', '999').kana).toBe('シンテン');
    expect(dir.requireBranch('0001', '100')).toMatchObject({ name: '本店', kana: 'ホンテン2' });
    expect(dir.branch('0009', FIRST_SMBC_BRANCH)).toBeUndefined();
    expect(dir.searchBanks('てすと')[0]?.code).toBe('0998');
    expect(dir.version).toEqual({ package: PACKAGE_VERSION, override: '2026-10-01', label: `zengin-code@${PACKAGE_VERSION}+override.2026-10-01` });
    // the base is untouched
    const base = BankDirectory.base();
    expect(base.requireBank('0005').code).toBe('0005');
    expect(base.requireBank('0001').name).toBe('みずほ');
    expect(base.branch('0001', '999')).toBeUndefined();
  });

  it('is applied from a file and becomes the process’s directory and version', () => {
    expect(bankDataVersion().label).toBe(`zengin-code@${PACKAGE_VERSION}`);
    const path = join(mkdtempSync(join(tmpdir(), 'zengin-')), 'override.json');
    writeFileSync(path, JSON.stringify(merger));
    applyBankOverride(path);
    expect(bankDataVersion().override).toBe('2026-10-01');
    expect(bankDirectory().bank('0005')).toBeUndefined();
    resetBankDirectory();
    expect(bankDirectory().bank('0005')).toBeDefined();
  });

  it('a bad override leaves the directory in use unchanged', () => {
    applyBankOverride({ version: 'v1', banks: [{ code: '0998', name: 'A', kana: 'エー' }] });
    expect(() => applyBankOverride({ version: '' })).toThrow(ZenginError);
    expect(bankDataVersion().override).toBe('v1');
  });

  it('refuses a missing file and invalid JSON', () => {
    expect(failure(() => applyBankOverride('/nonexistent/override.json')).message).toContain('cannot read');
    const path = join(mkdtempSync(join(tmpdir(), 'zengin-')), 'bad.json');
    writeFileSync(path, '{"version": ');
    expect(failure(() => applyBankOverride(path)).message).toContain('not valid JSON');
  });

  it.each([
    [null, 'override'],
    [[], 'override'],
    [{}, 'version'],
    [{ version: 'a b' }, 'version'],
    [{ version: 'v', extra: 1 }, 'override.extra'],
    [{ version: 'v', banks: {} }, 'banks'],
    [{ version: 'v', banks: ['x'] }, 'banks[0]'],
    [{ version: 'v', banks: [{ code: '1', name: 'A', kana: 'ア' }] }, 'banks[0].code'],
    [{ version: 'v', banks: [{ code: 998, name: 'A', kana: 'ア' }] }, 'banks[0].code'],
    [{ version: 'v', banks: [{ code: '0998', name: 'A' }] }, 'banks[0]'],
    [{ version: 'v', banks: [{ code: '0998', name: 'A', kana: '山' }] }, 'banks[0].kana'],
    [{ version: 'v', banks: [{ code: '0998', name: '', kana: 'ア' }] }, 'banks[0].name'],
    [{ version: 'v', banks: [{ code: '0998', remove: true }] }, 'banks[0].code'],
    [{ version: 'v', banks: [{ code: '0001', remove: true, name: 'x' }] }, 'banks[0]'],
    [{ version: 'v', banks: [{ code: '0001', remove: 'yes' }] }, 'banks[0].remove'],
    [{ version: 'v', banks: [{ code: '0001' }] }, 'banks[0]'],
    [{ version: 'v', banks: [{ code: '0001', remvoe: true }] }, 'banks[0].remvoe'],
    [{ version: 'v', banks: [{ code: '0001', name: 'A' }, { code: '0001', name: 'B' }] }, 'banks[1].code'],
    [{ version: 'v', branches: [{ bank: '0002', code: '001', name: 'A', kana: 'ア' }] }, 'branches[0].bank'],
    [{ version: 'v', banks: [{ code: '0005', remove: true }], branches: [{ bank: '0005', code: '001', name: 'A', kana: 'ア' }] }, 'branches[0].bank'],
    [{ version: 'v', branches: [{ bank: '0001', code: '0001', name: 'A', kana: 'ア' }] }, 'branches[0].code'],
    [{ version: 'v', branches: [{ bank: '0001', code: '000', remove: true }] }, 'branches[0].code'],
    [{ version: 'v', branches: [{ bank: '0001', code: '000', name: 'A' }] }, 'branches[0]'],
    [{ version: 'v', branches: [{ bank: '0001', code: '999', name: 'A', kana: 'ア' }, { bank: '0001', code: '999', remove: true }] }, 'branches[1].code'],
  ])('%j is refused naming %s', (override, field) => {
    const err = failure(() => BankDirectory.withOverride(override));
    expect(err.issues.map((i) => i.field)).toContain(field);
    expect(err.issues.every((i) => i.code === 'invalid_override')).toBe(true);
  });

  it('lists every defect at once', () => {
    const err = failure(() => BankDirectory.withOverride({ version: '', banks: [{ code: 'x' }], branches: [{ bank: 'y', code: 'z' }] }));
    expect(err.issues.map((i) => i.field)).toEqual(['version', 'banks[0].code', 'branches[0].bank', 'branches[0].code']);
  });
});
