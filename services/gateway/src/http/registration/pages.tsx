import type { ComponentChildren } from 'preact';
import { Alert, Button, ButtonLink, commonMessages, DetailList, ErrorSummary, Form, formatDate, formatYen, Layout, SelectField, TextField, translator } from '@kessai/web';

/**
 * The recipient's account-registration pages (docs/reference/remittance.md#registration-page):
 * code → the remittance and the account form → confirmation → done. Japanese,
 * one column, every step a plain form that works without script.
 */
const t = translator(commonMessages, 'ja');

export interface FieldError {
  field: string;
  message: string;
}

function Frame({ heading, children }: { heading: string; children?: ComponentChildren }) {
  return (
    <Layout t={t} lang="ja" heading={heading} narrow>
      {children}
    </Layout>
  );
}

const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function CodePage({ action, csrf, error, attemptsLeft }: { action: string; csrf: string; error?: string; attemptsLeft?: number }) {
  const errors = error ? [{ field: 'code', message: error }] : [];
  return (
    <Frame heading="振込先口座のご登録">
      <ErrorSummary t={t} errors={errors} />
      <p>お届けしたメールまたははがきに記載の登録コードを入力してください。コードを確認した後に、送金の内容が表示されます。</p>
      <Form action={action} label="登録コード">
        <input type="hidden" name="csrf" value={csrf} />
        <TextField t={t} name="code" label="登録コード" hint="例：ABCD-2345（大文字・小文字は区別しません）" required error={error} autoComplete="one-time-code" maxLength={20} />
        {attemptsLeft !== undefined && error && <p class="field__hint">あと{attemptsLeft}回間違えると、このリンクは使えなくなります。</p>}
        <Button>次へ</Button>
      </Form>
    </Frame>
  );
}

const STATE_TEXT: Record<string, { heading: string; body: string }> = {
  locked: { heading: 'このリンクは使えなくなりました', body: '登録コードを続けて間違えたため、このリンクを停止しました。送金元の事業者にご連絡ください。新しいコードをお届けします。' },
  expired: { heading: '登録期限を過ぎています', body: 'このリンクの登録期限を過ぎました。送金元の事業者にお問い合わせください。' },
  closed: { heading: '登録は不要です', body: 'この送金はすでに手続きが済んでいるため、口座の登録はできません。' },
  not_found: { heading: 'リンクが見つかりません', body: 'URLをもう一度ご確認ください。メールやはがきに記載のリンクをそのままお使いください。' },
  limited: { heading: 'しばらくしてからお試しください', body: '短い時間に多くの入力がありました。時間をおいてからもう一度お試しください。' },
  session: { heading: 'もう一度コードを入力してください', body: '一定時間操作がなかったため、確認をやり直します。' },
};

export function StatePage({ state, retryHref }: { state: keyof typeof STATE_TEXT; retryHref?: string }) {
  const s = STATE_TEXT[state];
  return (
    <Frame heading={s.heading}>
      <Alert kind={state === 'closed' ? 'info' : 'warning'}>{s.body}</Alert>
      {retryHref && <ButtonLink href={retryHref}>コードを入力する</ButtonLink>}
    </Frame>
  );
}

export interface RegistrationView {
  merchantName: string;
  amount: number;
  message: string;
  guideText: string;
  purpose: string;
  deadline: string;
  failureCode: string;
  hasAccount: boolean;
}

export interface BankChoice {
  code: string;
  name: string;
}

export interface AccountFormValues {
  via: 'bank' | 'japan_post';
  bank_code: string;
  branch_code: string;
  account_type: string;
  account_number: string;
  japan_post_kigou: string;
  japan_post_bangou: string;
  holder_kana: string;
}

export const EMPTY_ACCOUNT: AccountFormValues = { via: 'bank', bank_code: '', branch_code: '', account_type: '1', account_number: '', japan_post_kigou: '', japan_post_bangou: '', holder_kana: '' };

const ACCOUNT_TYPES = [
  { value: '1', label: '普通' },
  { value: '2', label: '当座' },
  { value: '4', label: '貯蓄' },
];

function Remittance({ view }: { view: RegistrationView }) {
  return (
    <>
      <DetailList
        items={[
          { term: '送金元', detail: view.merchantName },
          { term: '金額', detail: formatYen(view.amount, 'suffix') },
          { term: '内容', detail: view.purpose },
          { term: '登録期限', detail: view.deadline ? formatDate(view.deadline, 'ja') : '—' },
        ]}
      />
      {view.message && <p class="guide">{view.message}</p>}
      {view.guideText && view.guideText !== view.message && <p class="guide">{view.guideText}</p>}
    </>
  );
}

export interface AccountPageProps {
  base: string;
  csrf: string;
  view: RegistrationView;
  values: AccountFormValues;
  errors: FieldError[];
  bankQuery?: string;
  banks?: BankChoice[];
  bank?: BankChoice;
  branchQuery?: string;
  branches?: BankChoice[];
}

export function AccountPage({ base, csrf, view, values, errors, bankQuery, banks, bank, branchQuery, branches }: AccountPageProps) {
  const action = `${base}/account`;
  const bankErrors = values.via === 'bank' ? errors : [];
  const jpErrors = values.via === 'japan_post' ? errors : [];
  return (
    <Frame heading="振込先口座のご登録">
      <ErrorSummary t={t} errors={errors} />
      {view.failureCode && <Alert kind="warning">前回のお振込みができませんでした。口座の内容をご確認のうえ、もう一度ご登録ください。</Alert>}
      <Remittance view={view} />

      <h2>銀行・信用金庫などの口座</h2>
      <Form action={action} method="get" label="金融機関を探す">
        <TextField t={t} name="q" label="金融機関名または金融機関コード" hint="例：みずほ、0001" value={bankQuery} />
        <Button variant="secondary">金融機関を探す</Button>
      </Form>
      {banks && (
        <section aria-label="金融機関の検索結果">
          {banks.length === 0 ? (
            <p role="status">該当する金融機関が見つかりません。別の名前やコードでお試しください。</p>
          ) : (
            <ul class="choices" id="bank-results">
              {banks.map((b) => (
                <li key={b.code}>
                  <a href={`${action}?bank=${b.code}`}>
                    {b.name}（{b.code}）
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {bank && (
        <>
          <p id="chosen-bank">選んだ金融機関：{bank.name}（{bank.code}）</p>
          <Form action={action} method="get" label="支店を探す">
            <input type="hidden" name="bank" value={bank.code} />
            <TextField t={t} name="bq" label="支店名または支店コード" hint="例：東京営業部、001" value={branchQuery} />
            <Button variant="secondary">支店を探す</Button>
          </Form>
          {branches && (
            <ul class="choices" id="branch-results" aria-label="支店の検索結果">
              {branches.length === 0 && <li>該当する支店が見つかりません。</li>}
              {branches.map((b) => (
                <li key={b.code}>
                  <a href={`${action}?bank=${bank.code}&branch=${b.code}`}>
                    {b.name}（{b.code}）
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Form action={action} label="銀行・信用金庫などの口座">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="via" value="bank" />
        <TextField t={t} name="bank_code" label="金融機関コード" kind="digits" hint="4桁" required maxLength={4} value={values.bank_code || bank?.code} error={errorOf(bankErrors, 'bank_code')} />
        <TextField t={t} name="branch_code" label="支店コード" kind="digits" hint="3桁" required maxLength={3} value={values.branch_code} error={errorOf(bankErrors, 'branch_code')} />
        <SelectField t={t} name="account_type" label="預金種目" options={ACCOUNT_TYPES} value={values.account_type} required error={errorOf(bankErrors, 'account_type')} />
        <TextField t={t} name="account_number" label="口座番号" kind="digits" hint="7桁まで" required maxLength={7} value={values.account_number} error={errorOf(bankErrors, 'account_number')} />
        <TextField t={t} id="holder_kana" name="holder_kana" label="口座名義（カナ）" kind="kana" hint="通帳に記載のとおり。例：ヤマダ タロウ（ひらがな・半角カナも可）" required maxLength={60} value={values.via === 'bank' ? values.holder_kana : ''} error={errorOf(bankErrors, 'holder_kana')} />
        <Button>確認へ進む</Button>
      </Form>

      <h2>ゆうちょ銀行の口座（記号・番号）</h2>
      <Form action={action} label="ゆうちょ銀行の口座">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="via" value="japan_post" />
        <TextField t={t} name="japan_post_kigou" label="記号" kind="digits" hint="5桁（1で始まります）" required maxLength={6} value={values.japan_post_kigou} error={errorOf(jpErrors, 'japan_post_kigou')} />
        <TextField t={t} name="japan_post_bangou" label="番号" kind="digits" hint="8桁まで" required maxLength={8} value={values.japan_post_bangou} error={errorOf(jpErrors, 'japan_post_bangou')} />
        <TextField t={t} id="jp_holder_kana" name="holder_kana" label="口座名義（カナ）" kind="kana" required maxLength={60} value={values.via === 'japan_post' ? values.holder_kana : ''} error={errorOf(jpErrors, 'holder_kana')} />
        <Button>確認へ進む</Button>
      </Form>
    </Frame>
  );
}

export interface ConfirmedAccount {
  bankName: string;
  bankCode: string;
  branchName: string;
  branchCode: string;
  accountType: number;
  accountNumber: string;
  holderKana: string;
}

const TYPE_NAME: Record<number, string> = { 1: '普通', 2: '当座', 4: '貯蓄', 9: 'その他' };

export function ConfirmPage({ base, csrf, view, account, values }: { base: string; csrf: string; view: RegistrationView; account: ConfirmedAccount; values: AccountFormValues }) {
  return (
    <Frame heading="登録内容の確認">
      <p>この口座に {formatYen(view.amount, 'suffix')} をお振込みします。内容をご確認ください。</p>
      <DetailList
        items={[
          { term: '金融機関', detail: `${account.bankName}（${account.bankCode}）` },
          { term: '支店', detail: `${account.branchName}（${account.branchCode}）` },
          { term: '預金種目', detail: TYPE_NAME[account.accountType] ?? '—' },
          { term: '口座番号', detail: account.accountNumber },
          { term: '口座名義', detail: account.holderKana },
        ]}
      />
      <Form action={`${base}/confirm`} label="登録の確定">
        <input type="hidden" name="csrf" value={csrf} />
        {Object.entries(values).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Button>この内容で登録する</Button>
      </Form>
      <ButtonLink href={`${base}/account`}>修正する</ButtonLink>
    </Frame>
  );
}

export function DonePage({ transferDate }: { transferDate: string }) {
  return (
    <Frame heading="登録が完了しました">
      <Alert kind="success">振込先口座を登録しました。</Alert>
      <p>{transferDate ? `${formatDate(transferDate, 'ja')}にお振込みの予定です。` : 'お振込みの日程が決まり次第、手続きを進めます。'}</p>
      <p>このページは閉じてかまいません。</p>
    </Frame>
  );
}
