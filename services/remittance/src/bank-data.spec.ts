import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetBankDirectory } from '@kessai/zengin';
import { installBankData } from './bank-data';
import { normaliseAccount } from './domain/account';

afterEach(() => resetBankDirectory());

const account = { bankCode: '0998', branchCode: '999', accountType: 1, accountNumber: '1234567', holderKana: 'ヤマダ' };

describe('bank data at start', () => {
  it('logs the package version without an override', () => {
    const logged: object[] = [];
    const v = installBankData('', { info: (o) => logged.push(o) });
    expect(v.override).toBeFalsy();
    expect(logged).toEqual([{ bank_data_version: v.label, override_file: undefined }]);
    expect(v.label).toMatch(/^zengin-code@/);
  });

  it('applies the operator override file: accounts at a bank only the override lists are accepted, and its version is logged', () => {
    expect(normaliseAccount(account).violations.map((x) => x.field)).toEqual(['account.bank_code']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-override-')), 'override.json');
    fs.writeFileSync(file, JSON.stringify({ version: '2026-10-01', banks: [{ code: '0998', name: 'テスト', kana: 'テスト' }], branches: [{ bank: '0998', code: '999', name: '新店', kana: 'シンテン' }] }));
    const logged: { bank_data_version?: string }[] = [];
    const v = installBankData(file, { info: (o) => logged.push(o) });
    expect(v.label).toMatch(/\+override\.2026-10-01$/);
    expect(logged[0].bank_data_version).toBe(v.label);
    expect(normaliseAccount(account).violations).toEqual([]);
  });

  it('refuses a bad override file (the service does not start on it)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-override-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ version: '2026-10-01', banks: [{ code: '0001', remvoe: true }] }));
    expect(() => installBankData(file, { info: () => undefined })).toThrow();
  });
});
