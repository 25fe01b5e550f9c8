import { timingSafeEqual } from 'node:crypto';
import { languageHrefs, pageHeaders, pickLang, renderPage, translator, type AssetBundle, type Lang } from '@kessai/web';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { consoleMessages, type ConsoleT } from './messages';

export const SESSION_COOKIE = 'kessai_console';
export const FORM_COOKIE = 'kessai_console_form';
export const LANG_COOKIE = 'kessai_lang';

export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored
    }
  }
  return out;
}

export interface CookiePolicy {
  /** Secure cookies (HTTPS only): everywhere but development and test */
  secure: boolean;
}

/** HttpOnly, SameSite=Lax, path /console; Secure outside development and test. */
export function setCookie(res: Response, policy: CookiePolicy, name: string, value: string, maxAgeMs?: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: policy.secure, path: '/console', ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) });
}

export function clearCookie(res: Response, policy: CookiePolicy, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: policy.secure, path: '/console' });
}

/** Both strings present and equal, compared in constant time. */
export function tokensMatch(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Language {
  lang: Lang;
  t: ConsoleT;
  hrefs: Record<Lang, string>;
}

/** Japanese unless ?lang=en (remembered in a cookie) asks for English. */
export function language(req: Request, res: Response, policy: CookiePolicy): Language {
  const cookies = readCookies(req);
  const lang = pickLang(req.query.lang, cookies[LANG_COOKIE]);
  if (typeof req.query.lang === 'string' && req.query.lang === lang && cookies[LANG_COOKIE] !== lang) res.cookie(LANG_COOKIE, lang, { sameSite: 'lax', secure: policy.secure, path: '/console', httpOnly: true, maxAge: 365 * 86_400_000 });
  return { lang, t: translator(consoleMessages, lang), hrefs: languageHrefs(req.originalUrl) };
}

export function sendPage(res: Response, assets: AssetBundle, status: number, lang: Lang, title: string, page: VNode, options: { refreshSeconds?: number } = {}): void {
  res.status(status).set(pageHeaders()).send(renderPage(page, { lang, title, assets, enhance: true, noindex: true, refreshSeconds: options.refreshSeconds }));
}

export const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

export const query = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
