import fs from 'node:fs';
import { chromium, Browser } from 'playwright-core';
import { testContext } from '../../../scripts/test/support/context';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const http = testContext().services.gateway.httpUrl!;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}, 60_000);
afterAll(() => browser?.close());

describe('/docs in a real browser with the network cut', () => {
  it('renders the interactive API docs from the gateway\'s own assets only', async () => {
    const context = await browser.newContext();
    const outside: string[] = [];
    // the network is cut: only the gateway itself answers
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${http}/`)) return route.continue();
      outside.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));

    await page.goto(`${http}/docs`, { waitUntil: 'load' });
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
    expect(await page.textContent('.swagger-ui .info .title')).toContain('Kessai API');
    await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path') ?? e.textContent));
    expect(paths).toEqual(expect.arrayContaining(['/v1/balance', '/v1/balance/transactions', '/v1/webhook_endpoints', '/v1/events', '/v1/deposit_notices']));
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
