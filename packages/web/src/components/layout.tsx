import type { ComponentChildren } from 'preact';
import type { Lang } from '../i18n';
import type { CommonT } from '../messages';

export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface LayoutProps {
  t: CommonT;
  lang: Lang;
  /** the page's own heading (h1) */
  heading: string;
  /** where the language links point: the caller decides how (query, cookie…) */
  languageHrefs?: Record<Lang, string>;
  nav?: NavItem[];
  /** narrow, single-column pages (the hosted payment page, the recipient's form) */
  narrow?: boolean;
  children?: ComponentChildren;
}

const LANGUAGE_NAMES: Record<Lang, string> = { ja: '日本語', en: 'English' };

export function LanguageToggle({ t, lang, hrefs }: { t: CommonT; lang: Lang; hrefs: Record<Lang, string> }) {
  return (
    <nav class="lang-toggle" aria-label={t('language')}>
      <ul>
        {(Object.keys(LANGUAGE_NAMES) as Lang[]).map((l) => (
          <li key={l}>
            {l === lang ? (
              <span aria-current="true" lang={l}>
                {LANGUAGE_NAMES[l]}
              </span>
            ) : (
              <a href={hrefs[l]} hrefLang={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every page: skip link, header (brand, navigation, language), one main landmark. */
export function Layout({ t, lang, heading, languageHrefs, nav, narrow, children }: LayoutProps) {
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <span class="brand">{t('brand')}</span>
          {nav && nav.length > 0 && (
            <nav class="site-nav" aria-label={t('mainNav')}>
              <ul>
                {nav.map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {languageHrefs && <LanguageToggle t={t} lang={lang} hrefs={languageHrefs} />}
        </div>
      </header>
      <main id="main" tabIndex={-1} class={narrow ? 'main main--narrow' : 'main'}>
        <h1>{heading}</h1>
        {children}
      </main>
    </>
  );
}
