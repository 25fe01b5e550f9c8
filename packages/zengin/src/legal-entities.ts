import Encoding from 'encoding-japanese';
import { enlargeSmallKana } from './kana-tables';

/**
 * Legal-entity words and the kana abbreviation bank files use for them (法人略語), as the
 * Japanese banks' published tables list them. `short` is the one-kanji form written in
 * brackets, e.g. (株); `readings` are kana spellings that are abbreviated too.
 * Longer words come first so that 医療法人社団 wins over 医療法人.
 */
const ENTITIES: readonly { word: string; abbreviation: string; short?: string; readings?: string[] }[] = [
  { word: '特定非営利活動法人', abbreviation: 'トクヒ', short: '特非' },
  { word: '社会保険労務士法人', abbreviation: 'ロウム' },
  { word: '地方独立行政法人', abbreviation: 'チドク', short: '地独' },
  { word: '有限責任中間法人', abbreviation: 'チユウ' },
  { word: '無限責任中間法人', abbreviation: 'チユウ' },
  { word: '独立行政法人', abbreviation: 'ドク', short: '独' },
  { word: '医療法人社団', abbreviation: 'イ' },
  { word: '医療法人財団', abbreviation: 'イ' },
  { word: '社会医療法人', abbreviation: 'イ' },
  { word: '一般財団法人', abbreviation: 'ザイ', short: '一財' },
  { word: '公益財団法人', abbreviation: 'ザイ', short: '公財' },
  { word: '一般社団法人', abbreviation: 'シヤ', short: '一社' },
  { word: '公益社団法人', abbreviation: 'シヤ', short: '公社' },
  { word: '社会福祉法人', abbreviation: 'フク', short: '福' },
  { word: '更生保護法人', abbreviation: 'ホゴ' },
  { word: '行政書士法人', abbreviation: 'ギヨ' },
  { word: '司法書士法人', abbreviation: 'シホウ' },
  { word: '国立大学法人', abbreviation: 'ダイ' },
  { word: '公立大学法人', abbreviation: 'ダイ' },
  { word: '農事組合法人', abbreviation: 'ノウ' },
  { word: '管理組合法人', abbreviation: 'カンリ' },
  { word: '弁護士法人', abbreviation: 'ベン', short: '弁' },
  { word: '税理士法人', abbreviation: 'ゼイ', short: '税' },
  { word: '株式会社', abbreviation: 'カ', short: '株', readings: ['カブシキガイシャ', 'カブシキカイシャ'] },
  { word: '有限会社', abbreviation: 'ユ', short: '有', readings: ['ユウゲンガイシャ', 'ユウゲンカイシャ'] },
  { word: '合名会社', abbreviation: 'メ', short: '名', readings: ['ゴウメイガイシャ'] },
  { word: '合資会社', abbreviation: 'シ', short: '資', readings: ['ゴウシガイシャ'] },
  { word: '合同会社', abbreviation: 'ド', short: '同', readings: ['ゴウドウガイシャ'] },
  { word: '相互会社', abbreviation: 'ソ', short: '相' },
  { word: '医療法人', abbreviation: 'イ', short: '医' },
  { word: '財団法人', abbreviation: 'ザイ', short: '財' },
  { word: '社団法人', abbreviation: 'シヤ', short: '社' },
  { word: '宗教法人', abbreviation: 'シユウ', short: '宗' },
  { word: '学校法人', abbreviation: 'ガク', short: '学' },
];

export interface EntityForm {
  /** Exactly as it may appear in the input. */
  readonly text: string;
  /** Full-width katakana abbreviation, e.g. `カ`. */
  readonly abbreviation: string;
}

function spellings(reading: string): string[] {
  const large = enlargeSmallKana(reading);
  const forms = [reading, large];
  for (const f of [reading, large]) forms.push(Encoding.toHiraganaCase(f), Encoding.toHankanaCase(f));
  return forms;
}

/** Enclosed ideographs such as ㈱ whose compatibility form is "(株)". */
function enclosed(short: string): string[] {
  const out: string[] = [];
  for (let cp = 0x3220; cp <= 0x3243; cp++) {
    const ch = String.fromCodePoint(cp);
    if (ch.normalize('NFKC') === `(${short})`) out.push(ch);
  }
  return out;
}

/** Every input form of every legal-entity word, longest first. */
export const ENTITY_FORMS: readonly EntityForm[] = ENTITIES.flatMap((e) => {
  const texts = [e.word, ...(e.readings ?? []).flatMap(spellings)];
  if (e.short !== undefined) texts.push(`(${e.short})`, `（${e.short}）`, ...enclosed(e.short));
  return [...new Set(texts)].map((text) => ({ text, abbreviation: e.abbreviation }));
}).sort((a, b) => b.text.length - a.text.length);
