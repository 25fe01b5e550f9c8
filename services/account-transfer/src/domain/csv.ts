import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'shift_jis';

export function parseCsvEncoding(value: string | undefined, field = 'encoding'): CsvEncoding | undefined {
  const v = (value ?? '').trim().toLowerCase().replace(/[-_]/g, '');
  if (v === '') return undefined;
  if (v === 'utf8') return 'utf-8';
  if (v === 'shiftjis' || v === 'sjis' || v === 'cp932') return 'shift_jis';
  throw new RangeError(`${field}: utf-8 or shift_jis`);
}

function cell(v: string | number): string {
  const s = String(v);
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 with CRLF: UTF-8 with a BOM, or Shift_JIS (CP932) — what Excel in Japan opens correctly. */
export function writeCsv(rows: readonly (readonly (string | number)[])[], encoding: CsvEncoding): Buffer {
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'shift_jis') return iconv.encode(text, 'cp932');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export function csvContentType(encoding: CsvEncoding): string {
  return encoding === 'shift_jis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8';
}

/**
 * Bytes → text: UTF-8 (a BOM is dropped) or Shift_JIS. Without `encoding`,
 * valid UTF-8 is UTF-8 and anything else is read as Shift_JIS.
 */
export function decodeCsv(bytes: Buffer, encoding?: CsvEncoding): { text: string; encoding: CsvEncoding } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (encoding === 'shift_jis') return { text: iconv.decode(body, 'cp932'), encoding };
  const utf8 = body.toString('utf8');
  if (encoding === 'utf-8' || !utf8.includes('\ufffd')) return { text: utf8, encoding: 'utf-8' };
  return { text: iconv.decode(body, 'cp932'), encoding: 'shift_jis' };
}

/** RFC 4180 records (quotes, doubled quotes, CRLF or LF); a trailing empty line is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
