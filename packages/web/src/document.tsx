import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AssetBundle } from './assets';
import type { Lang } from './i18n';

export interface PageOptions {
  lang: Lang;
  /** the document title (the tab, the history); the site name is appended */
  title: string;
  assets: AssetBundle;
  /** load the enhancement script (deferred); pages work without it */
  enhance?: boolean;
  /** a short summary for the <meta name="description"> */
  description?: string;
  /** keep the page out of search engines (payment and recipient pages) */
  noindex?: boolean;
  /** reload the page after this many seconds (progress pages that work without script) */
  refreshSeconds?: number;
}

const SITE_NAME = 'Kessai';

/**
 * Renders a page component to a whole HTML document: doctype, language, the
 * phone viewport, the stylesheet and (optionally) the enhancement script from
 * the gateway's /assets/. No inline script or style anywhere (the CSP forbids it).
 */
export function renderPage(body: ComponentChildren, options: PageOptions): string {
  const { lang, title, assets, enhance, description, noindex, refreshSeconds } = options;
  const head = (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      {noindex && <meta name="robots" content="noindex, nofollow" />}
      {description && <meta name="description" content={description} />}
      {refreshSeconds !== undefined && <meta http-equiv="refresh" content={String(refreshSeconds)} />}
      <title>{`${title} | ${SITE_NAME}`}</title>
      <link rel="icon" href={assets.url('icon.svg')} type="image/svg+xml" />
      <link rel="stylesheet" href={assets.url('kessai.css')} />
      {enhance && <script src={assets.url('enhance.js')} defer />}
    </head>
  );
  return `<!doctype html>\n<html lang="${lang}">${renderToString(head)}${renderToString(<body>{body}</body>)}</html>\n`;
}
