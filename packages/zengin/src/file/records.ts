import iconv from 'iconv-lite';
import { ZenginError, type ZenginIssue } from '../errors';
import { isBankKana } from '../kana';
import { END_RECORD, type FieldSpec, type Layout, RECORD_LENGTH, fieldAt } from './layouts';

/** C fields of a file may hold bank kana including the `/` and `,` some banks accept. */
const C_FIELD = { allowSlashComma: true } as const;

/** Values of one record by field name, as strings (digits for N fields, bank kana for C). */
export type RawRecord = Record<string, string>;

/**
 * Lays out one record: every field checked against its spec (a ZenginError naming `path` and
 * the field otherwise), N fields zero-filled on the left, C fields space-filled on the right.
 */
export function encodeRecord(fields: Layout, values: RawRecord, path: string): string {
  const issues: ZenginIssue[] = [];
  let out = '';
  for (const f of fields) {
    const value = values[f.name] ?? '';
    const field = `${path}.${f.name}`;
    if (f.type === 'N') {
      if (value === '' && f.blankable === true) out += ' '.repeat(f.length);
      else if (!/^[0-9]+$/.test(value)) issues.push({ field, code: 'invalid_format', message: `must be digits, got ${JSON.stringify(value)}` });
      else if (value.length > f.length) issues.push({ field, code: 'too_long', message: `has ${value.length} digits, the field holds ${f.length}` });
      else out += value.padStart(f.length, '0');
    } else {
      if (!isBankKana(value, C_FIELD)) {
        const bad = [...value].findIndex((c) => !isBankKana(c, C_FIELD));
        issues.push({ field, code: 'invalid_character', position: bad + 1, message: `character ${JSON.stringify([...value][bad])} at position ${bad + 1} is not half-width bank kana (normalise names with toBankKana)` });
      } else if (value.length > f.length) issues.push({ field, code: 'too_long', message: `is ${value.length} characters, the field holds ${f.length}` });
      else out += value.padEnd(f.length, ' ');
    }
  }
  if (issues.length > 0) throw new ZenginError(issues);
  return out;
}

/** Records joined with CRLF after each one, as Shift_JIS (one byte per half-width character). */
export function encodeFile(records: string[]): Buffer {
  const text = records.map((r) => `${r}\r\n`).join('');
  const bytes = iconv.encode(text, 'Shift_JIS');
  if (bytes.length !== records.length * (RECORD_LENGTH + 2)) throw new Error('a record holds a character that is not one byte in Shift_JIS');
  return bytes;
}

export interface SplitRecord {
  /** 1-based record number in the file. */
  readonly number: number;
  /** The 120 characters, decoded; undefined when the record could not be read at all. */
  readonly text: string | undefined;
}

function isAllowedByte(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || (b >= 0xa1 && b <= 0xdf);
}

/**
 * Cuts a file into records: either CRLF after every record, or no separator at all. Wrong
 * lengths, lone CR or LF, and bytes other than printable ASCII and half-width kana are issues
 * (with the record number and, for a bad byte, its field given by `layoutOf`).
 */
export function splitRecords(bytes: Uint8Array, layoutOf: (dataType: string) => Layout, issues: ZenginIssue[]): SplitRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) {
    issues.push({ field: 'file', code: 'record_order', message: 'is empty', record: 1 });
    return [];
  }
  const chunks: Buffer[] = [];
  const hasSeparator = buf.includes(0x0d) || buf.includes(0x0a);
  if (hasSeparator) {
    let start = 0;
    while (start < buf.length) {
      const lf = buf.indexOf(0x0a, start);
      const end = lf === -1 ? buf.length : lf;
      chunks.push(buf.subarray(start, end + (lf === -1 ? 0 : 1)));
      start = end + 1;
    }
  } else {
    for (let start = 0; start < buf.length; start += RECORD_LENGTH) chunks.push(buf.subarray(start, start + RECORD_LENGTH));
  }
  return chunks.map((chunk, i) => {
    const number = i + 1;
    let body = chunk;
    if (hasSeparator) {
      const crlf = chunk.length >= 2 && chunk[chunk.length - 2] === 0x0d && chunk[chunk.length - 1] === 0x0a;
      if (!crlf) {
        issues.push({ field: 'line_ending', code: 'invalid_line_ending', record: number, message: chunk.at(-1) === 0x0a ? 'ends with LF alone; records end with CRLF' : 'does not end with CRLF' });
        return { number, text: undefined };
      }
      body = chunk.subarray(0, chunk.length - 2);
      if (body.includes(0x0d)) {
        issues.push({ field: 'line_ending', code: 'invalid_line_ending', record: number, message: 'holds a lone CR; records end with CRLF' });
        return { number, text: undefined };
      }
    }
    if (body.length !== RECORD_LENGTH) {
      issues.push({ field: 'record', code: 'invalid_record_length', record: number, message: `is ${body.length} bytes, records are ${RECORD_LENGTH}` });
      return { number, text: undefined };
    }
    const dataType = isAllowedByte(body[0]!) ? String.fromCharCode(body[0]!) : '';
    const fields = layoutOf(dataType);
    let ok = true;
    body.forEach((b, j) => {
      if (!isAllowedByte(b)) {
        ok = false;
        issues.push({ field: fieldAt(fields, j + 1).name, code: 'invalid_byte', record: number, position: j + 1, message: `byte 0x${b.toString(16).padStart(2, '0')} at position ${j + 1} is neither printable ASCII nor half-width kana` });
      }
    });
    return { number, text: ok ? iconv.decode(body, 'Shift_JIS') : undefined };
  });
}

/**
 * Reads the fields of one record. N fields must be digits (or blank where the layout allows),
 * C fields bank kana; C values come back without their trailing spaces.
 */
export function decodeRecord(fields: Layout, text: string, record: number, issues: ZenginIssue[]): RawRecord {
  const out: RawRecord = {};
  for (const f of fields) {
    const raw = text.slice(f.start - 1, f.start - 1 + f.length);
    if (f.type === 'N') {
      if (f.blankable === true && raw.trim() === '') out[f.name] = '';
      else if (!/^[0-9]+$/.test(raw)) issues.push(issueAt(f, record, 'invalid_format', `must be ${f.length} digits, got ${JSON.stringify(raw)}`));
      else out[f.name] = raw;
    } else {
      const bad = [...raw].findIndex((c) => !isBankKana(c, C_FIELD));
      if (bad !== -1) issues.push({ ...issueAt(f, record, 'invalid_character', `character ${JSON.stringify(raw[bad])} at position ${f.start + bad} is not allowed in a Zengin text field`), position: f.start + bad });
      else out[f.name] = raw.trimEnd();
    }
  }
  return out;
}

export function issueAt(f: FieldSpec | string, record: number, code: ZenginIssue['code'], message: string): ZenginIssue {
  return { field: typeof f === 'string' ? f : f.name, code, record, message };
}

/** The end record (9): type and filler only. */
export function encodeEndRecord(): string {
  return encodeRecord(END_RECORD, { data_type: '9', filler: '' }, 'end');
}

/** Every filler field must be spaces. */
export function checkFillers(fields: Layout, raw: RawRecord, record: number, issues: ZenginIssue[]): void {
  for (const f of fields) {
    if (f.name.startsWith('filler') && raw[f.name] !== undefined && raw[f.name] !== '') issues.push(issueAt(f, record, 'invalid_value', 'must be spaces'));
  }
}
