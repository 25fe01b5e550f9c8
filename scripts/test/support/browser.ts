import fs from 'node:fs';
import path from 'node:path';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './context';

/**
 * Real-browser tests (docs/web-pages.md, "Testing pages"): Debian's chromium
 * driven by playwright-core, the network cut to this machine, CSP violations
 * and console errors collected, accessibility checked with axe-core.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Only this machine answers: http(s) on 127.0.0.1, localhost or ::1. */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOCAL_HOSTS.has(parsed.hostname);
}

export interface GuardedPage {
  context: BrowserContext;
  page: Page;
  /** requests that tried to leave the machine (aborted) */
  outside: string[];
  /** console errors and uncaught page errors */
  problems: string[];
  /** Content-Security-Policy violations reported by the page */
  cspViolations: string[];
  /** fails the test if anything above is not empty */
  expectClean(): Promise<void>;
  close(): Promise<void>;
}

declare global {
  interface Window {
    __kessaiCsp?: string[];
  }
}

/**
 * A new context and page whose requests to anywhere but this machine are
 * aborted and recorded, with CSP violations and console errors collected.
 * The CSP listener is an init script, which the browser runs outside the
 * page's policy; the page's own scripts still obey it.
 */
export async function openGuardedPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; isMobile?: boolean; locale?: string; httpCredentials?: { username: string; password: string } } = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({
    httpCredentials: options.httpCredentials,
    viewport: options.viewport ?? DESKTOP,
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    locale: options.locale ?? 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  const outside: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  await context.addInitScript(() => {
    window.__kessaiCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__kessaiCsp!.push(`${e.violatedDirective} ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  const cspViolations: string[] = [];
  const readCsp = async () => {
    const found = await page.evaluate(() => window.__kessaiCsp ?? []).catch(() => []);
    cspViolations.splice(0, cspViolations.length, ...found);
  };
  return {
    context,
    page,
    outside,
    problems,
    cspViolations,
    async expectClean() {
      await readCsp();
      const report = { outside, cspViolations, problems };
      if (outside.length + cspViolations.length + problems.length > 0) {
        throw new Error(`the page was not clean:\n${JSON.stringify(report, null, 2)}`);
      }
    },
    close: () => context.close(),
  };
}

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

export interface AxeOptions {
  /** the impacts that count (default: serious and critical) */
  impacts?: ImpactValue[];
  /** axe rule tags to run (default: WCAG 2.x A and AA, and best practices) */
  tags?: string[];
}

/**
 * Runs axe-core in the page and returns the violations of the given impacts.
 * axe is evaluated through the DevTools protocol, which the page's CSP does not
 * govern, so the check sees the page exactly as served.
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<Result[]> {
  const impacts = options.impacts ?? ['serious', 'critical'];
  const tags = options.tags ?? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  const results = await page.evaluate(
    (runTags) => (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values: runTags }, resultTypes: ['violations'] }),
    tags,
  );
  return results.violations.filter((v) => v.impact && impacts.includes(v.impact));
}

/** A readable line per violation, for a failing expectation. */
export function describeViolations(violations: Result[]): string[] {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves a full-page screenshot under .kessai/screenshots/ (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(repoRoot(), '.kessai', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Presses Tab until the focused element matches `selector` (at most `limit`
 * presses) and returns how many it took, or throws: the keyboard reaches it.
 */
export async function tabTo(page: Page, selector: string, limit = 30): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return presses;
  }
  throw new Error(`${selector} not reached with ${limit} presses of Tab`);
}
