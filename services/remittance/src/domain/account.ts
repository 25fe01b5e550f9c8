import type { FieldViolation } from '@kessai/platform';
import {
  JAPAN_POST_BANK_CODE,
  ZenginError,
  bankDirectory,
  japanPostAccount,
  normaliseAccountNumber,
  parseAccountType,
  parseBankCode,
  parseBranchCode,
  toBankKana,
} from '@kessai/zengin';
import type { BankAccount, BankAccountInput } from './types';

/** Longest payee name a Zengin transfer record holds (half-width characters). */
export const PAYEE_NAME_MAX = 30;

/** Japanese sentences for the Zengin library's refusal codes (the recipient's page shows them). */
const MESSAGES: Record<string, Record<string, string>> = {
  bank_code: { required: '金融機関コードを入力してください', invalid_format: '金融機関コードは4桁の数字です', unknown_bank: 'この金融機関コードは見つかりません' },
  branch_code: { required: '支店コードを入力してください', invalid_format: '支店コードは3桁の数字です', unknown_branch: 'この支店コードは見つかりません' },
  account_type: { required: '預金種目を選んでください', invalid_value: '預金種目は普通・当座・貯蓄・その他から選んでください' },
  account_number: { required: '口座番号を入力してください', invalid_format: '口座番号は7桁までの数字です', too_long: '口座番号は7桁までの数字です', invalid_value: '口座番号が正しくありません' },
  japan_post_kigou: { required: '記号を入力してください', invalid_format: '記号は5桁の数字です', invalid_value: '記号が正しくありません' },
  japan_post_bangou: { required: '番号を入力してください', invalid_format: '番号の桁数が正しくありません', invalid_value: '番号が正しくありません（通常貯金は末尾が1です）' },
  holder_kana: {
    required: '口座名義（カナ）を入力してください',
    invalid_character: '口座名義に使えない文字が含まれています（カナ・英数字・スペース・( ) - . が使えます）',
    too_long: '口座名義は半角30文字までです',
  },
};

function message(field: string, code: string, fallback: string): string {
  return MESSAGES[field]?.[code] ?? fallback;
}

/**
 * Checks and normalises an account as typed: bank and branch against the
 * Zengin code list, Japan Post 記号/番号 converted, the holder in bank kana
 * (docs/reference/bank.md). Every problem is a violation named
 * `<prefix><field>` with a Japanese sentence; nothing is returned then.
 */
export function normaliseAccount(input: BankAccountInput | undefined, prefix = 'account.'): { account?: BankAccount; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const fail = (field: string, err: unknown) => {
    const code = err instanceof ZenginError ? err.code : 'invalid_value';
    violations.push({ field: `${prefix}${field}`, description: message(field, code, err instanceof Error ? err.message : String(err)) });
  };
  if (!input) return { violations: [{ field: `${prefix.replace(/\.$/, '')}`, description: '口座情報を入力してください' }] };

  let bankCode = '';
  let branchCode = '';
  let accountType: BankAccount['accountType'] = '1';
  let accountNumber = '';
  const japanPost = Boolean(input.japanPostKigou || input.japanPostBangou);
  if (japanPost) {
    if (input.bankCode && input.bankCode !== JAPAN_POST_BANK_CODE) violations.push({ field: `${prefix}bank_code`, description: '記号・番号はゆうちょ銀行（9900）の口座にだけ使えます' });
    try {
      const jp = japanPostAccount(input.japanPostKigou, input.japanPostBangou);
      ({ bankCode, branchCode, accountType, accountNumber } = jp);
    } catch (err) {
      const field = err instanceof ZenginError && err.issues[0]?.field === 'bangou' ? 'japan_post_bangou' : 'japan_post_kigou';
      fail(field, err);
    }
  } else {
    try {
      bankCode = parseBankCode(input.bankCode ?? '');
    } catch (err) {
      fail('bank_code', err);
    }
    try {
      branchCode = parseBranchCode(input.branchCode ?? '');
    } catch (err) {
      fail('branch_code', err);
    }
    try {
      accountType = parseAccountType(input.accountType === 0 || input.accountType === undefined || input.accountType === '' ? undefined : input.accountType);
    } catch (err) {
      fail('account_type', err);
    }
    try {
      accountNumber = normaliseAccountNumber(input.accountNumber ?? '');
    } catch (err) {
      fail('account_number', err);
    }
  }
  let bankName = '';
  let branchName = '';
  if (bankCode) {
    try {
      bankName = bankDirectory().requireBank(bankCode).name;
      if (branchCode) branchName = bankDirectory().requireBranch(bankCode, branchCode).name;
    } catch (err) {
      fail(err instanceof ZenginError && err.code === 'unknown_branch' ? 'branch_code' : 'bank_code', err);
    }
  }
  let holderKana = '';
  try {
    holderKana = toBankKana(input.holderKana ?? '', { maxLength: PAYEE_NAME_MAX });
    if (!holderKana) throw new ZenginError([{ field: 'holder_kana', code: 'required', message: 'is required' }]);
  } catch (err) {
    fail('holder_kana', err);
  }
  if (violations.length) return { violations };
  return { account: { bankCode, branchCode, accountType, accountNumber, holderKana, bankName, branchName }, violations };
}

/** The same account, whoever typed it: the split check's account key. */
export function accountKey(a: Pick<BankAccount, 'bankCode' | 'branchCode' | 'accountType' | 'accountNumber'>): string {
  return `${a.bankCode}-${a.branchCode}-${a.accountType}-${a.accountNumber}`;
}

/** The number as shown back: all but the last three digits masked. */
export function maskAccountNumber(n: string): string {
  return n.length <= 3 ? n : `${'*'.repeat(n.length - 3)}${n.slice(-3)}`;
}
