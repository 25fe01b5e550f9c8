import { Catalogue, defineMessages, mergeMessages, pickLang, translator } from './i18n';
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
