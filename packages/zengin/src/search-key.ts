import Encoding from 'encoding-japanese';
import { enlargeSmallKana } from './kana-tables';

/**
 * The form bank and branch names are compared in for search: width-folded (NFKC), lower
 * case, hiragana, small kana enlarged, and without spaces, long-vowel marks, hyphens and dots.
 * So `ミツビシユ－エフジエイ`, `みつびしゅーえふじぇい` and `ﾐﾂﾋﾞｼﾕｰｴﾌｼﾞｪｲ` share one key.
 */
export function searchKey(input: string): string {
  const folded = input.normalize('NFKC').toLowerCase();
  const hira = Encoding.toHiraganaCase(enlargeSmallKana(Encoding.toKatakanaCase(folded)));
  return hira.replace(/[\s\-‐‑−ー・.]/g, '');
}
