import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../../scripts/test/support/browser';
import { repoRoot } from '../../../scripts/test/support/context';

/** Console helpers for the browser tests: sign-in by hand-made requests, CSRF tokens from pages, screenshots. */
export const PASSWORD = 'correct horse battery 42';

export interface HttpSession {
  cookie: string;
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>): Promise<Response>;
  /** the session's CSRF token, read from a page's form */
  csrf(): Promise<string>;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** Signs in with fetch, as a script would (no browser): the cookie jar is one string. */
export async function httpSignIn(base: string, loginId: string, password = PASSWORD): Promise<{ status: number; session: HttpSession; body: string }> {
  const page = await fetch(`${base}/console/login`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of cookiesOf(res)) {
      const [k, v] = c.split('=');
      if (v === '') jar.delete(k);
      else jar.set(k, v);
    }
  };
  keep(page);
  const form = /name="_form" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/console/login`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _form: form, login_id: loginId, password }) });
  keep(res);
  const session: HttpSession = {
    get cookie() {
      return cookie();
    },
    async get(p) {
      const r = await fetch(`${base}${p}`, { redirect: 'manual', headers: { cookie: cookie() } });
      keep(r);
      return r;
    },
    async post(p, f) {
      const r = await fetch(`${base}${p}`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(f) });
      keep(r);
      return r;
    },
    async csrf() {
      const html = await (await session.get('/console/account')).text();
      return /name="_csrf" value="([^"]+)"/.exec(html)![1];
    },
  };
  return { status: res.status, session, body: await res.text() };
}

export const SCREENSHOT_DIR = path.join(repoRoot(), 'artifacts', 'screenshots');

/** A full-page screenshot under artifacts/screenshots/ (ignored by git). */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** With KESSAI_REFRESH_SCREENSHOTS=1 (`npm run screenshots`), the README's screenshots are copied to docs/screenshots/. */
export function publishScreenshots(names: string[]): void {
  if (process.env.KESSAI_REFRESH_SCREENSHOTS !== '1') return;
  const dir = path.join(repoRoot(), 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  for (const n of names) fs.copyFileSync(path.join(SCREENSHOT_DIR, `${n}.png`), path.join(dir, `console-${n}.png`));
}

/** Signs in through the login form of the console at `base`. */
export async function signInAt(page: Page, base: string, loginId: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('#login_id', loginId);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/console/login"] button[type=submit]')]);
}

/** axe finds nothing on the page; then its screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(describeViolations(await axeViolations(page))).toEqual([]);
  await shot(page, name);
}

/** Clicks a download link and reads the file back. */
export async function download(page: Page, selector: string): Promise<{ name: string; data: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = path.join(os.tmpdir(), `console-${process.pid}-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(file);
  const data = fs.readFileSync(file);
  fs.rmSync(file, { force: true });
  return { name: d.suggestedFilename(), data };
}
