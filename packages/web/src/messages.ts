import { defineMessages, Translator } from './i18n';

/** The shared components' own words; a page merges its catalogue with this one. */
export const commonMessages = defineMessages(
  {
    skipToContent: '本文へ移動',
    brand: 'Kessai',
    language: '表示言語',
    mainNav: 'メインメニュー',
    required: '必須',
    optional: '任意',
    errorPrefix: 'エラー：',
    errorSummaryTitle: '入力内容を確認してください',
    pagination: 'ページ送り',
    previousPage: '前のページ',
    nextPage: '次のページ',
    copy: 'コピー',
    copied: 'コピーしました',
    copySelected: '選択しました。コピーしてください',
    scrollableTable: (caption: string) => `${caption}（横にスクロールできます）`,
  },
  {
    skipToContent: 'Skip to main content',
    brand: 'Kessai',
    language: 'Language',
    mainNav: 'Main menu',
    required: 'required',
    optional: 'optional',
    errorPrefix: 'Error: ',
    errorSummaryTitle: 'Please check what you entered',
    pagination: 'Pagination',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    copy: 'Copy',
    copied: 'Copied',
    copySelected: 'Selected: copy it now',
    scrollableTable: (caption: string) => `${caption} (scrolls sideways)`,
  },
);

export type CommonMessages = (typeof commonMessages)['ja'];
/** What every shared component takes as `t`: a translator that knows at least the common words. */
export type CommonT = Translator<CommonMessages>;
