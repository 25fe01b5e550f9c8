import { ComponentChildren, Fragment, h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AssetBundle } from './assets';
import { Alert, ErrorSummary } from './components/alert';
import { Copyable } from './components/copy';
import { DetailList } from './components/details';
import { TextField } from './components/form';
import { Layout } from './components/layout';
import { Pagination } from './components/pagination';
import { Table } from './components/table';
import { renderPage } from './document';
import { translator } from './i18n';
import { commonMessages } from './messages';

const assets: AssetBundle = {
  url: (name) => `/assets/${name.replace('.', '.abc123.')}`,
  get: () => undefined,
  list: () => [],
};
const ja = translator(commonMessages, 'ja');
const en = translator(commonMessages, 'en');
const html = (node: ComponentChildren) => renderToString(h(Fragment, null, node));

describe('renderPage', () => {
  const doc = renderPage(h('p', null, 'こんにちは'), { lang: 'ja', title: '請求', assets, enhance: true, noindex: true });

  it('is a whole document in the page language with the phone viewport', () => {
    expect(doc.startsWith('<!doctype html>\n<html lang="ja"><head>')).toBe(true);
    expect(doc).toContain('<meta charset="utf-8"/>');
    expect(doc).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(doc).toContain('<title>請求 | Kessai</title>');
    expect(doc).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(doc).toContain('<body><p>こんにちは</p></body></html>');
  });

  it('links the hashed stylesheet and defers the enhancement script from /assets/', () => {
    expect(doc).toContain('<link rel="stylesheet" href="/assets/kessai.abc123.css"/>');
    expect(doc).toContain('<script src="/assets/enhance.abc123.js" defer></script>');
  });

  it('has no inline script or style (the CSP would refuse them)', () => {
    expect(doc).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(doc).not.toMatch(/<style|\sstyle=/);
  });

  it('leaves the script out unless asked and escapes the title', () => {
    const plain = renderPage(h('p', null), { lang: 'en', title: '</title><script>x()</script>', assets });
    expect(plain).toContain('<html lang="en">');
    expect(plain).not.toContain('<script');
    expect(plain).toContain('&lt;/title>&lt;script>');
  });
});

describe('components', () => {
  it('Layout: a skip link to the one main landmark, and the language links the caller gives', () => {
    const out = html(h(Layout, { t: en, lang: 'en', heading: 'Bills', languageHrefs: { ja: '?lang=ja', en: '?lang=en' } }, h('p', null, 'x')));
    expect(out).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(out).toContain('<main id="main" tabindex="-1" class="main"><h1>Bills</h1><p>x</p></main>');
    expect(out).toContain('<a href="?lang=ja" hreflang="ja" lang="ja">日本語</a>');
    expect(out).toContain('<span aria-current="true" lang="en">English</span>');
    expect(out.match(/<main/g)).toHaveLength(1);
  });

  it('TextField: label for the input, hint and error tied by aria-describedby, numeric keypad for digits', () => {
    const out = html(h(TextField, { t: ja, name: 'account_number', label: '口座番号', kind: 'digits', required: true, hint: '7桁', error: '7桁の数字で入力してください', value: '12' }));
    expect(out).toContain('<label for="account_number" class="field__label">口座番号 <span class="field__required">必須</span></label>');
    expect(out).toContain('<p id="account_number-hint" class="field__hint">7桁</p>');
    expect(out).toContain('id="account_number-error"');
    expect(out).toMatch(/<input [^>]*inputmode="numeric"/);
    expect(out).toMatch(/<input [^>]*aria-describedby="account_number-hint account_number-error"/);
    expect(out).toMatch(/<input [^>]*aria-invalid="true"/);
    expect(out).toMatch(/<input [^>]*required/);
    expect(out).toMatch(/<input [^>]*value="12"/);
  });

  it('TextField: kana in Japanese, no describedby without hint or error, optional marked', () => {
    const out = html(h(TextField, { t: ja, name: 'holder_kana', label: '口座名義（カナ）', kind: 'kana' }));
    expect(out).toMatch(/<input [^>]*lang="ja"/);
    expect(out).not.toContain('aria-describedby');
    expect(out).not.toContain('aria-invalid');
    expect(out).toContain('<span class="field__optional">任意</span>');
  });

  it('ErrorSummary links each error to its field', () => {
    const out = html(h(ErrorSummary, { t: ja, errors: [{ field: 'amount', message: '金額を入力してください' }] }));
    expect(out).toContain('role="alert"');
    expect(out).toContain('<a href="#amount">金額を入力してください</a>');
    expect(html(h(ErrorSummary, { t: ja, errors: [] }))).toBe('');
  });

  it('Table: caption, column and row scopes, a labelled focusable scroll region', () => {
    const rows = [{ id: 'bill_1', amount: 1200 }];
    const out = html(
      h(Table<(typeof rows)[number]>, {
        t: en,
        id: 'bills',
        caption: 'Bills',
        rows,
        rowKey: (r) => r.id,
        columns: [
          { header: 'Bill', cell: (r) => r.id, rowHeader: true },
          { header: 'Amount', cell: (r) => `¥${r.amount}`, align: 'end' },
        ],
      }),
    );
    expect(out).toContain('<div class="table-wrap" role="region" aria-label="Bills (scrolls sideways)" tabindex="0">');
    expect(out).toContain('<caption id="bills-caption">Bills</caption>');
    expect(out).toContain('<th scope="col">Bill</th><th scope="col" class="cell--end">Amount</th>');
    expect(out).toContain('<th scope="row">bill_1</th><td class="cell--end">¥1200</td>');
  });

  it('Table: an empty list says so instead of an empty table', () => {
    const out = html(h(Table<{ id: string }>, { t: en, id: 'b', caption: 'Bills', rows: [], rowKey: (r) => r.id, columns: [], empty: 'No bills yet' }));
    expect(out).not.toContain('<table');
    expect(out).toContain('No bills yet');
  });

  it('Copyable: the value is readable without JS; the button starts hidden', () => {
    const out = html(h(Copyable, { t: ja, id: 'payment-number', value: '1234-5678-9012', label: '払込番号' }));
    expect(out).toContain('<span id="payment-number" class="copyable__value">1234-5678-9012</span>');
    expect(out).toMatch(/<button type="button"[^>]* hidden[^>]*data-copy-target="payment-number"/);
    expect(out).toContain('aria-label="コピー: 払込番号"');
  });

  it('Pagination: rel links only where there is a page, nothing when there is none', () => {
    expect(html(h(Pagination, { t: en, nextHref: '?after=bill_9' }))).toBe(
      '<nav class="pagination" aria-label="Pagination"><ul><li><a href="?after=bill_9" rel="next" class="button button--secondary">Next page</a></li></ul></nav>',
    );
    expect(html(h(Pagination, { t: en }))).toBe('');
  });

  it('DetailList and Alert', () => {
    expect(html(h(DetailList, { items: [{ term: '金額', detail: '¥1,200' }] }))).toBe('<dl class="details"><div class="details__row"><dt>金額</dt><dd>¥1,200</dd></div></dl>');
    expect(html(h(Alert, { kind: 'success' }, '保存しました'))).toContain('role="status"');
  });
});
