import type { ChainId } from '@kessai/konbini';
import {
  Alert,
  ButtonLink,
  commonMessages,
  Copyable,
  DetailList,
  defineMessages,
  formatDate,
  formatYen,
  type Lang,
  Layout,
  mergeMessages,
  translator,
} from '@kessai/web';
import { CHAIN_STEPS, PART_LABELS } from '../domain/konbini-steps';

/** What the hosted payment page shows of a bill (docs/reference/konbini.md#hosted-payment-page). */
export interface PayPageView {
  merchantName: string;
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  message: string;
  /** payable: open and not past due; paid; closed: past its due date (or expired) */
  state: 'payable' | 'paid' | 'closed';
  numbers: { chain: ChainId; parts: { name: string; value: string }[] }[];
  customerNumber: string;
  /** the barcode image (payable bills with a till chain) */
  barcodeSrc?: string;
  barcodeDigits?: string;
  /** the PDF slip (payable bills) */
  slipHref?: string;
}

const messages = mergeMessages(
  commonMessages,
  defineMessages(
    {
      title: 'コンビニでのお支払い',
      intro: (merchant: string) => `${merchant}からのご請求です。下のいずれかのコンビニエンスストアで、お支払い期限までに現金でお支払いください。`,
      merchant: 'ご請求元',
      amount: 'お支払い金額',
      taxIncluded: (tax: string) => `（うち消費税 ${tax}）`,
      dueDate: 'お支払い期限',
      until: (date: string) => `${date} 23:59まで`,
      message: 'ご請求元からのメッセージ',
      paid: 'このご請求はお支払い済みです。ありがとうございました。',
      closed: 'お支払い期限を過ぎたため、このご請求はお支払いいただけません。ご請求元にお問い合わせください。',
      slip: '払込票（PDF）を表示・印刷',
      barcode: 'レジで読み取るバーコード',
      barcodeHint: (chains: string) => `${chains}では、レジでこのバーコードをお見せいただけます。画面を明るくしてください。`,
      barcodeAlt: (digits: string) => `お支払い用バーコード（${digits}）`,
      chains: 'お支払いできるコンビニエンスストア',
      numbersFor: (chain: string) => `${chain}で入力・お伝えいただく番号`,
      stepsFor: (chain: string) => `${chain}でのお支払い手順`,
      customerNumber: 'お客様番号（継続利用）',
      receiptNote: '領収書は、お支払いの店舗が発行するレシートです。',
    },
    {
      title: 'Pay at a convenience store',
      intro: (merchant: string) => `A bill from ${merchant}. Pay it in cash at one of the convenience stores below by the due date.`,
      merchant: 'From',
      amount: 'Amount',
      taxIncluded: (tax: string) => ` (including ${tax} consumption tax)`,
      dueDate: 'Pay by',
      until: (date: string) => `${date}, 23:59`,
      message: 'Message from the merchant',
      paid: 'This bill has been paid. Thank you.',
      closed: 'This bill is past its due date and can no longer be paid. Please contact the merchant.',
      slip: 'Show or print the payment slip (PDF)',
      barcode: 'Barcode for the register',
      barcodeHint: (chains: string) => `At ${chains}, you can show this barcode at the register. Turn your screen brightness up.`,
      barcodeAlt: (digits: string) => `Payment barcode (${digits})`,
      chains: 'Where you can pay',
      numbersFor: (chain: string) => `Numbers for ${chain}`,
      stepsFor: (chain: string) => `How to pay at ${chain}`,
      customerNumber: 'Customer number (for every bill)',
      receiptNote: 'The store\'s receipt is your proof of payment.',
    },
  ),
);

export function PayPage({ lang, view, languageHrefs }: { lang: Lang; view: PayPageView; languageHrefs: Record<Lang, string> }) {
  const t = translator(messages, lang);
  const merchant = view.merchantName || 'Kessai';
  const barcodeChains = view.numbers.filter((n) => CHAIN_STEPS[n.chain].barcode).map((n) => CHAIN_STEPS[n.chain].name[lang]);
  return (
    <Layout t={t} lang={lang} heading={t('title')} languageHrefs={languageHrefs} narrow>
      {view.state === 'paid' && <Alert kind="success">{t('paid')}</Alert>}
      {view.state === 'closed' && <Alert kind="warning">{t('closed')}</Alert>}
      {view.state === 'payable' && <p>{t('intro', merchant)}</p>}
      <DetailList
        items={[
          { term: t('merchant'), detail: merchant },
          { term: t('amount'), detail: `${formatYen(view.amount)}${view.taxAmount !== null ? t('taxIncluded', formatYen(view.taxAmount)) : ''}` },
          { term: t('dueDate'), detail: t('until', formatDate(view.dueDate, lang)) },
          ...(view.message ? [{ term: t('message'), detail: view.message }] : []),
          ...(view.customerNumber && view.state === 'payable' ? [{ term: t('customerNumber'), detail: view.customerNumber }] : []),
        ]}
      />
      {view.state === 'payable' && view.slipHref && (
        <p>
          <ButtonLink href={view.slipHref} variant="primary">
            {t('slip')}
          </ButtonLink>
        </p>
      )}
      {view.state === 'payable' && view.barcodeSrc && barcodeChains.length > 0 && (
        <section aria-labelledby="barcode-heading" class="pay-barcode">
          <h2 id="barcode-heading">{t('barcode')}</h2>
          <p>{t('barcodeHint', barcodeChains.join(lang === 'ja' ? '・' : ', '))}</p>
          <img id="barcode" src={view.barcodeSrc} alt={t('barcodeAlt', view.barcodeDigits ?? '')} width={360} height={80} />
        </section>
      )}
      {view.state === 'payable' && (
        <section aria-labelledby="chains-heading">
          <h2 id="chains-heading">{t('chains')}</h2>
          {view.numbers.map((n) => {
            const chain = CHAIN_STEPS[n.chain];
            const name = chain.name[lang];
            return (
              <section key={n.chain} id={`chain-${n.chain}`} aria-labelledby={`chain-${n.chain}-heading`} class="pay-chain">
                <h3 id={`chain-${n.chain}-heading`}>{name}</h3>
                <DetailList
                  items={n.parts.map((p) => {
                    const label = PART_LABELS[p.name]?.[lang] ?? p.name;
                    return { term: label, detail: <Copyable t={t} id={`${n.chain}-${p.name}`} value={p.value} label={`${name} ${label}`} /> };
                  })}
                />
                <ol class="pay-steps" aria-label={t('stepsFor', name)}>
                  {chain.steps[lang].map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ol>
              </section>
            );
          })}
          <p>{t('receiptNote')}</p>
        </section>
      )}
    </Layout>
  );
}
