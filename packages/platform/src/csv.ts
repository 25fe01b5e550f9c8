import iconv from 'iconv-lite';
import { ValidationError } from './errors';

/**
 * CSV, once for every service (docs/csv.md): what merchants upload (recipients,
 * bulk debits) and what Kessai hands out (exports, manifests). RFC 4180 with
 * CRLF; UTF-8 with a BOM or Shift_JIS (CP932) — the two a spreadsheet in
 * Japan opens correctly.
 */
export type CsvEncoding = 'utf-8' | 'shift_jis';

/** An encoding named by a caller (utf-8, utf8, shift_jis, sjis, cp932; any case); undefined when blank (detect). */
export function csvEncodingOf(value: string | undefined, field = 'encoding'): CsvEncoding | undefined {
  const v = (value ?? '').trim().toLowerCase().replace(/[-_]/g, '');
  if (v === '') return undefined;
  if (v === 'utf8') return 'utf-8';
  if (v === 'shiftjis' || v === 'sjis' || v === 'cp932') return 'shift_jis';
  throw ValidationError.field(field, 'must be utf-8 or shift_jis', 'invalid_encoding');
}

export function csvContentType(encoding: CsvEncoding): string {
  return encoding === 'shift_jis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8';
}

/**
 * Uploaded bytes → text. A UTF-8 BOM is dropped. Without `encoding`, bytes
 * that are valid UTF-8 are UTF-8 and anything else is Shift_JIS (what Excel
 * saves in Japanese). Named UTF-8 that is not valid UTF-8 is refused rather
 * than read with replacement characters.
 */
export function decodeCsv(bytes: Uint8Array, encoding?: CsvEncoding): { text: string; encoding: CsvEncoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  if (encoding === 'shift_jis') return { text: iconv.decode(body, 'cp932'), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8') throw ValidationError.field('csv', 'is not valid UTF-8 (choose shift_jis for files saved by Excel in Japanese)', 'invalid_encoding');
    return { text: iconv.decode(body, 'cp932'), encoding: 'shift_jis' };
  }
}

/**
 * RFC 4180 records: quoted fields, doubled quotes, CRLF or LF. Blank lines
 * are dropped. A quoted field left open is refused, naming its line: read
 * leniently, it would swallow every row after it.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        line++;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw ValidationError.field('csv', `a quoted field opened on line ${quoteLine} is not closed`, 'invalid_csv');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

function cell(v: string | number): string {
  // a number is never a formula: a negative amount stays a number a spreadsheet can sum
  if (typeof v === 'number') return String(v);
  const s = String(v);
  // a leading = + - @ would run as a formula in a spreadsheet (CSV injection)
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows → CSV bytes (CRLF, a final CRLF): UTF-8 with a BOM, or Shift_JIS (CP932). */
export function writeCsv(rows: readonly (readonly (string | number)[])[], encoding: CsvEncoding): Buffer {
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'shift_jis') return iconv.encode(text, 'cp932');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
