import { Catalogue, defineMessages, languageHrefs, mergeMessages, pickLang, translator } from './i18n';
import { commonMessages } from './messages';

const page = defineMessages(
  { title: '請求一覧', rows: (n: number) => `${n}件` },
  { title: 'Bills', rows: (n: number) => `${n} rows` },
);

describe('translator', () => {
  it('looks messages up in the chosen language, with typed parameters', () => {
    expect(translator(page, 'ja')('title')).toBe('請求一覧');
    expect(translator(page, 'en')('title')).toBe('Bills');
    expect(translator(page, 'ja')('rows', 3)).toBe('3件');
    expect(translator(page, 'en')('rows', 3)).toBe('3 rows');
  });

  it('falls back to the other language, then to the key, for a key missing past the type check', () => {
    const broken = { ja: { only: 'だけ' }, en: {} } as unknown as Catalogue<{ only: string; none: string }>;
    expect(translator(broken, 'en')('only')).toBe('だけ');
    expect(translator(broken, 'ja')('none')).toBe('none');
  });

  it('merges a page catalogue with the common one', () => {
    const t = translator(mergeMessages(commonMessages, page), 'en');
    expect(t('title')).toBe('Bills');
    expect(t('skipToContent')).toBe('Skip to main content');
  });

  it('does not take keys from the prototype', () => {
    expect(translator(page, 'ja')('toString' as 'title')).toBe('toString');
  });
});

describe('the type check (npm run typecheck -w @kessai/web)', () => {
  it('refuses a missing or extra English key, a missing parameter and an unknown key', () => {
    // @ts-expect-error the English half lacks 'b'
    defineMessages({ a: 'あ', b: 'い' }, { a: 'A' });
    // @ts-expect-error the English half has a key the Japanese one lacks
    defineMessages({ a: 'あ' }, { a: 'A', extra: 'E' });
    // @ts-expect-error the English message takes other parameters
    defineMessages({ n: (n: number) => `${n}件` }, { n: (s: string) => s });
    const t = translator(page, 'ja');
    // @ts-expect-error 'rows' needs its count
    expect(t('rows')).toBe('undefined件');
    // @ts-expect-error no such key
    expect(t('nope')).toBe('nope');
  });
});

describe('the catalogues are complete', () => {
  it('every common message exists in both languages', () => {
    expect(Object.keys(commonMessages.en).sort()).toEqual(Object.keys(commonMessages.ja).sort());
    for (const v of Object.values(commonMessages.en)) expect(v).toBeTruthy();
  });
});

describe('pickLang', () => {
  it('takes the first supported candidate, else Japanese', () => {
    expect(pickLang('en', 'ja')).toBe('en');
    expect(pickLang(undefined, 'en')).toBe('en');
    expect(pickLang('fr', ['en'], 42)).toBe('ja');
    expect(pickLang()).toBe('ja');
  });
});

describe('languageHrefs', () => {
  it('keeps the path and the other parameters and sets lang', () => {
    expect(languageHrefs('/console/bills?after=bill_9&lang=ja')).toEqual({
      ja: '/console/bills?after=bill_9&lang=ja',
      en: '/console/bills?after=bill_9&lang=en',
    });
    expect(languageHrefs('/pay/abc')).toEqual({ ja: '/pay/abc?lang=ja', en: '/pay/abc?lang=en' });
  });

  it('never points to another host, whatever the request path says', () => {
    expect(languageHrefs('//evil.example/x').en).toBe('/x?lang=en');
  });
});
