import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { h } from 'preact';
import type { Browser } from 'playwright-core';
import { assetHandler, AssetBundle, loadAssets, pageHeaders, pickLang, renderPage } from '../src';
import { bundleAssets } from '../src/build/bundle';
import { axeViolations, describeViolations, DESKTOP, launchChromium, openGuardedPage, PHONE, screenshot, tabTo } from '../../../scripts/test/support/browser';
import { DemoPage } from './demo-page';

/**
 * The shared components in a real browser: a demo page served by a bare
 * node:http server (as the gateway will) from freshly bundled assets, at a phone
 * and a desktop size, with the network cut.
 */
let browser: Browser;
let server: http.Server;
let base: string;
let assetDir: string;
let assets: AssetBundle;

function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/assets/')) return assetHandler(assets)(req, res);
  const lang = pickLang(url.searchParams.get('lang'));
  if (url.pathname === '/' && req.method === 'POST') {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const accountNumber = new URLSearchParams(body).get('account_number') ?? '';
      const state = /^\d{7}$/.test(accountNumber) ? { saved: true } : { accountNumber, error: true };
      res.writeHead(state.saved ? 200 : 422, pageHeaders()).end(renderPage(h(DemoPage, { lang, state }), { lang, title: 'Demo', assets, enhance: true }));
    });
    return;
  }
  if (url.pathname === '/') {
    return res.writeHead(200, pageHeaders()).end(renderPage(h(DemoPage, { lang }), { lang, title: 'Demo', assets, enhance: true }));
  }
  // what the guards must catch: a request off the machine (served without the CSP, which would
  // block it first), an image without a text alternative, and an inline script the CSP refuses
  if (url.pathname === '/leaky') {
    const html = `<!doctype html><html lang="en"><head><title>leaky</title></head><body><main><h1>x</h1><img src="https://example.invalid/pixel.png"></main></body></html>`;
    return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  }
  if (url.pathname === '/inline') {
    const html = `<!doctype html><html lang="en"><head><title>inline</title></head><body><main><h1>x</h1><script>document.title = 'ran'</script></main></body></html>`;
    return res.writeHead(200, pageHeaders()).end(html);
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
}

beforeAll(async () => {
  assetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-web-browser-'));
  await bundleAssets(assetDir);
  assets = loadAssets(assetDir);
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(assetDir, { recursive: true, force: true });
});

describe.each([
  ['phone', PHONE, true],
  ['desktop', DESKTOP, false],
] as const)('the demo page on a %s', (name, viewport, isMobile) => {
  it('loads only from this machine, keeps to the CSP, passes axe and is reachable by keyboard', async () => {
    const guarded = await openGuardedPage(browser, { viewport, isMobile });
    const { page } = guarded;
    try {
      const response = await page.goto(`${base}/`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      expect(await page.textContent('h1')).toBe('お支払い内容');
      // the stylesheet applied (system fonts, the header colour)
      expect(await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 79, 138)');
      // the enhancement script ran: the copy button is shown
      expect(await page.isVisible('button[data-copy-target="payment-number"]')).toBe(true);

      const violations = await axeViolations(page);
      expect(describeViolations(violations)).toEqual([]);

      // the skip link comes first, then the form is reachable from the keyboard
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
      await tabTo(page, '#account_number');
      await page.keyboard.type('12');
      await tabTo(page, 'form button[type="submit"]');

      // the copy button copies the payment number and says so
      await guarded.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await page.click('button[data-copy-target="payment-number"]');
      await page.waitForFunction(() => document.querySelector('[data-copy-status="payment-number"]')?.textContent === 'コピーしました');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('1234-5678-9012');

      // the page does not scroll sideways as a whole on a phone (only the table region may)
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      const file = await screenshot(page, `web-demo-${name}`);
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
      await guarded.expectClean();
    } finally {
      await guarded.close();
    }
  }, 60_000);
});

describe('the demo page without JavaScript', () => {
  it('still shows the payment number, hides the copy button, and the form round-trips an error', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/?lang=en`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('#payment-number')).toBe('1234-5678-9012');
      expect(await page.isVisible('button[data-copy-target]')).toBe(false);
      await page.fill('#account_number', '12');
      await page.fill('#holder_kana', 'ヤマダ タロウ');
      await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
      expect(await page.textContent('#account_number-error')).toContain('Enter the account number as 7 digits');
      expect(await page.getAttribute('#account_number', 'aria-describedby')).toBe('account_number-hint account_number-error');
      expect(await page.getAttribute('.error-summary a', 'href')).toBe('#account_number');
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('the guards themselves', () => {
  it('catch a request off the machine, and axe an image without alt text', async () => {
    const guarded = await openGuardedPage(browser);
    try {
      await guarded.page.goto(`${base}/leaky`, { waitUntil: 'load' });
      await expect(guarded.expectClean()).rejects.toThrow(/not clean/);
      expect(guarded.outside).toEqual(['https://example.invalid/pixel.png']);
      expect((await axeViolations(guarded.page)).map((v) => v.id)).toContain('image-alt');
    } finally {
      await guarded.close();
    }
  }, 60_000);

  it('catch an inline script the CSP refuses', async () => {
    const guarded = await openGuardedPage(browser);
    try {
      await guarded.page.goto(`${base}/inline`, { waitUntil: 'load' });
      expect(await guarded.page.title()).toBe('inline');
      await expect(guarded.expectClean()).rejects.toThrow(/not clean/);
      expect(guarded.outside).toEqual([]);
      expect(guarded.cspViolations).toEqual([expect.stringMatching(/^script-src(-elem)? \(inline\)|^script-src(-elem)? inline/)]);
    } finally {
      await guarded.close();
    }
  }, 60_000);
});
