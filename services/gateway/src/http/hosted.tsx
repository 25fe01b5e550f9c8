import type express from 'express';
import { billingV1 } from '@kessai/contracts';
import type { ChainId } from '@kessai/konbini';
import { isDomainError, type Logger } from '@kessai/platform';
import { Alert, assetHandler, commonMessages, defineMessages, type AssetBundle, type Lang, languageHrefs, Layout, mergeMessages, pageHeaders, pickLang, renderPage, translator } from '@kessai/web';
import type { BillingClient } from '../app/deps';
import { PayPage, type PayPageView } from './pay-page';

const notFoundMessages = mergeMessages(
  commonMessages,
  defineMessages(
    { title: 'ご請求が見つかりません', body: 'このリンクのご請求は見つかりません。メールのリンクをもう一度お確かめいただくか、ご請求元にお問い合わせください。' },
    { title: 'Bill not found', body: 'There is no bill at this link. Check the link in your email, or contact the merchant.' },
  ),
);

const PAGE_TITLE: Record<Lang, string> = { ja: 'コンビニでのお支払い', en: 'Pay at a convenience store' };

function NotFoundPage({ lang, hrefs }: { lang: Lang; hrefs: Record<Lang, string> }) {
  const t = translator(notFoundMessages, lang);
  return (
    <Layout t={t} lang={lang} heading={t('title')} languageHrefs={hrefs} narrow>
      <Alert kind="warning">{t('body')}</Alert>
    </Layout>
  );
}

/** The page's view of a bill (the slip is a sibling route of the gateway: /slips/<token>). */
export function payPageView(r: billingV1.GetHostedBillResponse, token: string): PayPageView {
  const b = r.bill!;
  const state = r.payable ? 'payable' : b.status === billingV1.BillStatus.BILL_STATUS_PAID ? 'paid' : 'closed';
  return {
    merchantName: b.merchantName,
    amount: b.amount,
    taxAmount: b.taxAmount ?? null,
    dueDate: b.dueDate,
    message: b.message,
    state,
    numbers: b.paymentNumbers.map((n) => ({ chain: n.chain as ChainId, parts: Object.entries(n.parts).map(([name, value]) => ({ name, value })) })),
    customerNumber: b.customerNumber,
    barcodeSrc: r.barcodeSvg ? `/pay/${encodeURIComponent(token)}/barcode.svg` : undefined,
    barcodeDigits: b.barcode,
    slipHref: r.payable ? `/slips/${encodeURIComponent(token)}` : undefined,
  };
}

/**
 * The hosted payment page per bill (docs/reference/konbini.md#hosted-payment-page):
 * GET /pay/<token> (the slip's unguessable token; no API key) and its barcode
 * image at /pay/<token>/barcode.svg, with the shared web assets under /assets/.
 */
export function mountHostedPages(app: express.Express, billing: Pick<BillingClient, 'getHostedBill'>, assets: AssetBundle, logger: Logger): void {
  app.use(assetHandler(assets));
  const failed = (res: express.Response, lang: Lang, hrefs: Record<Lang, string>, err: unknown) => {
    const notFound = isDomainError(err) && err.kind === 'not_found';
    if (!notFound) logger.error({ err: String(err) }, 'hosted page failed');
    res.status(notFound ? 404 : 500).set(pageHeaders()).send(renderPage(<NotFoundPage lang={lang} hrefs={hrefs} />, { lang, title: translator(notFoundMessages, lang)('title'), assets, noindex: true }));
  };
  app.get('/pay/:token', (req, res) => {
    const token = String(req.params.token);
    const lang = pickLang(req.query.lang);
    const hrefs = languageHrefs(req.originalUrl);
    billing
      .getHostedBill({ token })
      .then((r) => {
        const view = payPageView(r, token);
        res.status(200).set(pageHeaders()).send(renderPage(<PayPage lang={lang} view={view} languageHrefs={hrefs} />, { lang, title: PAGE_TITLE[lang], assets, enhance: true, noindex: true }));
      })
      .catch((err: unknown) => failed(res, lang, hrefs, err));
  });
  app.get('/pay/:token/barcode.svg', (req, res) => {
    billing
      .getHostedBill({ token: String(req.params.token) })
      .then((r) => {
        if (!r.barcodeSvg) return void res.status(404).type('text/plain; charset=utf-8').send('not found');
        res.status(200).set({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" }).send(r.barcodeSvg);
      })
      .catch((err: unknown) => {
        const notFound = isDomainError(err) && err.kind === 'not_found';
        if (!notFound) logger.error({ err: String(err) }, 'hosted barcode failed');
        res.status(notFound ? 404 : 500).type('text/plain; charset=utf-8').send(notFound ? 'not found' : 'error');
      });
  });
}
