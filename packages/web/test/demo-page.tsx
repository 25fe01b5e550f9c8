import {
  Alert,
  Button,
  Copyable,
  DetailList,
  defineMessages,
  ErrorSummary,
  Form,
  formatDate,
  formatDateTime,
  formatYen,
  Lang,
  Layout,
  mergeMessages,
  Pagination,
  SelectField,
  Table,
  TextField,
  translator,
} from '../src';
import { commonMessages } from '../src/messages';

/** A page built only from the shared components, for the browser test (not a real Kessai page). */
const messages = defineMessages(
  {
    title: 'お支払い内容',
    intro: 'コンビニのレジで下の払込番号をお伝えください。',
    amount: '金額',
    dueDate: 'お支払い期限',
    issuedAt: '発行日時',
    paymentNumber: '払込番号',
    recent: '最近の請求',
    bill: '請求ID',
    store: 'お支払い先',
    account: '口座の登録',
    accountNumber: '口座番号',
    accountNumberHint: '7桁の数字',
    holderKana: '口座名義（カナ）',
    accountType: '預金種目',
    ordinary: '普通',
    current: '当座',
    submit: '登録する',
    accountNumberError: '口座番号は7桁の数字で入力してください',
    registered: '登録しました',
  },
  {
    title: 'Your payment',
    intro: 'Give the payment number below at the konbini counter.',
    amount: 'Amount',
    dueDate: 'Pay by',
    issuedAt: 'Issued at',
    paymentNumber: 'Payment number',
    recent: 'Recent bills',
    bill: 'Bill',
    store: 'Payee',
    account: 'Register an account',
    accountNumber: 'Account number',
    accountNumberHint: '7 digits',
    holderKana: 'Account holder (katakana)',
    accountType: 'Account type',
    ordinary: 'Ordinary',
    current: 'Current',
    submit: 'Register',
    accountNumberError: 'Enter the account number as 7 digits',
    registered: 'Registered',
  },
);
const catalogue = mergeMessages(commonMessages, messages);

export interface DemoState {
  accountNumber?: string;
  error?: boolean;
  saved?: boolean;
}

const bills = [
  { id: 'bill_01JD8Y4A', amount: 12_800, store: '株式会社サンプル商店' },
  { id: 'bill_01JD8Y4B', amount: 3_300, store: 'Sample Books' },
];

export function DemoPage({ lang, state = {} }: { lang: Lang; state?: DemoState }) {
  const t = translator(catalogue, lang);
  const issuedAt = new Date('2026-11-30T15:30:00Z');
  const errors = state.error ? [{ field: 'account_number', message: t('accountNumberError') }] : [];
  return (
    <Layout t={t} lang={lang} heading={t('title')} languageHrefs={{ ja: '/?lang=ja', en: '/?lang=en' }} nav={[{ href: '/', label: t('title'), current: true }]}>
      {state.saved && <Alert kind="success">{t('registered')}</Alert>}
      <p>{t('intro')}</p>
      <DetailList
        items={[
          { term: t('amount'), detail: `${formatYen(12_800)}（${formatYen(12_800, 'suffix')}）` },
          { term: t('dueDate'), detail: <time dateTime="2026-12-08">{formatDate('2026-12-08', lang)}</time> },
          { term: t('issuedAt'), detail: formatDateTime(issuedAt, lang) },
          { term: t('paymentNumber'), detail: <Copyable t={t} id="payment-number" value="1234-5678-9012" label={t('paymentNumber')} /> },
        ]}
      />
      <Table
        t={t}
        id="recent"
        caption={t('recent')}
        rows={bills}
        rowKey={(b) => b.id}
        columns={[
          { header: t('bill'), cell: (b) => b.id, rowHeader: true },
          { header: t('store'), cell: (b) => b.store },
          { header: t('amount'), cell: (b) => formatYen(b.amount), align: 'end' },
        ]}
      />
      <Pagination t={t} nextHref={`/?lang=${lang}&after=bill_01JD8Y4B`} />
      <h2>{t('account')}</h2>
      <ErrorSummary t={t} errors={errors} />
      <Form action={`/?lang=${lang}`}>
        <TextField t={t} name="account_number" label={t('accountNumber')} kind="digits" required hint={t('accountNumberHint')} value={state.accountNumber} error={state.error ? t('accountNumberError') : undefined} maxLength={7} />
        <TextField t={t} name="holder_kana" label={t('holderKana')} kind="kana" required />
        <SelectField t={t} name="account_type" label={t('accountType')} options={[{ value: 'ordinary', label: t('ordinary') }, { value: 'current', label: t('current') }]} value="ordinary" required />
        <Button>{t('submit')}</Button>
      </Form>
    </Layout>
  );
}
