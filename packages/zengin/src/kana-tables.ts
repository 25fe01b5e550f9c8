/** Small katakana and their large forms, plus the old kana banks write as their modern sound. */
const ENLARGE: Readonly<Record<string, string>> = {
  ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ',
  ヰ: 'イ', ヱ: 'エ',
};

/** Replaces small full-width katakana (and ヰ ヱ) by the large kana bank files use: キュ → キユ. */
export function enlargeSmallKana(katakana: string): string {
  return katakana.replace(/[ァィゥェォッャュョヮヵヶヰヱ]/g, (c) => ENLARGE[c] ?? c);
}
