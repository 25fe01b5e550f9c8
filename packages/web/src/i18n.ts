/**
 * Message catalogues (docs/web-pages.md, "Text and languages"). Japanese is the
 * default language; English is offered where a page has a toggle. Each page
 * defines one catalogue with both languages: the English half must have every
 * key of the Japanese half with the same shape, so a missing or extra key fails
 * the type check. A message is a string, or a function of typed parameters.
 */
export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'ja';

export type Message = string | ((...args: never[]) => string);
export type Messages = Record<string, Message>;

/** The English half: exactly the keys of the Japanese half, each of the same type. */
export type Translation<M extends Messages> = { [K in keyof M]: M[K] extends string ? string : M[K] };

export interface Catalogue<M extends Messages> {
  readonly ja: M;
  readonly en: Translation<M>;
}

type ArgsOf<V> = V extends (...args: infer A) => string ? A : [];

/** Looks a message up in the language the caller chose: `t('total')`, `t('rows', 3)`. */
export type Translator<M extends Messages> = <K extends keyof M & string>(key: K, ...args: ArgsOf<M[K]>) => string;

/**
 * Defines a catalogue. The type parameter is inferred from the Japanese half;
 * the English half is checked against it:
 *
 *   const messages = defineMessages({ title: '請求', rows: (n: number) => `${n}件` },
 *                                   { title: 'Bills', rows: (n: number) => `${n} rows` });
 */
export function defineMessages<M extends Messages>(ja: M, en: Translation<M>): Catalogue<M> {
  return { ja, en };
}

/** Two catalogues as one (a page's own with the shared components' one). */
export function mergeMessages<A extends Messages, B extends Messages>(a: Catalogue<A>, b: Catalogue<B>): Catalogue<A & B> {
  return { ja: { ...a.ja, ...b.ja }, en: { ...a.en, ...b.en } as Translation<A & B> };
}

/**
 * A translator for one language. Should a key be missing at run time (only
 * possible past the type check, e.g. through a cast), it falls back to the other
 * language and then to the key itself, never to an exception on a live page.
 */
export function translator<M extends Messages>(catalogue: Catalogue<M>, lang: Lang): Translator<M> {
  const primary = catalogue[lang] as Messages;
  const other = (lang === 'ja' ? catalogue.en : catalogue.ja) as Messages;
  return ((key: string, ...args: unknown[]) => {
    const message = Object.hasOwn(primary, key) ? primary[key] : Object.hasOwn(other, key) ? other[key] : undefined;
    if (message === undefined) return key;
    return typeof message === 'function' ? (message as (...a: unknown[]) => string)(...args) : message;
  }) as Translator<M>;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language of a request, from the caller's candidates in order of
 * precedence (e.g. `?lang=`, then a cookie): the first supported one, else
 * Japanese. Where the candidates come from is the caller's choice.
 */
export function pickLang(...candidates: unknown[]): Lang {
  for (const c of candidates) if (isLang(c)) return c;
  return DEFAULT_LANG;
}

/**
 * The language links of a page: the same path and query with `lang` set, for
 * Layout's `languageHrefs` when the language travels in the query string.
 */
export function languageHrefs(pathAndQuery: string, param = 'lang'): Record<Lang, string> {
  const url = new URL(pathAndQuery, 'http://page.invalid');
  const hrefs = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    url.searchParams.set(param, lang);
    hrefs[lang] = `${url.pathname}${url.search}`;
  }
  return hrefs;
}
