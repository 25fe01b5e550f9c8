import type { ZenginIssue } from '../errors';
import { END_RECORD, type Layout } from './layouts';
import { type RawRecord, checkFillers, decodeRecord, issueAt, splitRecords } from './records';

export interface FileLayouts {
  readonly header: Layout;
  readonly data: Layout;
  readonly trailer: Layout;
}

export interface FileStructure {
  readonly header: RawRecord | undefined;
  readonly data: { number: number; raw: RawRecord }[];
  readonly trailer: { number: number; raw: RawRecord } | undefined;
}

const ORDER: Record<string, number> = { '1': 0, '2': 1, '8': 2, '9': 3 };
const NAMES: Record<string, string> = { '1': 'header', '2': 'data', '8': 'trailer', '9': 'end' };

/**
 * Splits a file into its header, data records and trailer, checking the order
 * header (1) → data (2)… → trailer (8) → end (9), one header, one trailer, an end record last
 * and nothing after it. Fields are decoded with their layouts; defects go to `issues`.
 */
export function readStructure(bytes: Uint8Array, layouts: FileLayouts, issues: ZenginIssue[]): FileStructure {
  const layoutOf = (t: string): Layout => ({ '1': layouts.header, '2': layouts.data, '8': layouts.trailer, '9': END_RECORD })[t] ?? layouts.data;
  const records = splitRecords(bytes, layoutOf, issues);
  let header: RawRecord | undefined;
  const data: { number: number; raw: RawRecord }[] = [];
  let trailer: { number: number; raw: RawRecord } | undefined;
  let stage = -1; // index in ORDER of the last record kind seen
  let ended = false;
  for (const { number, text } of records) {
    if (ended) {
      issues.push(issueAt('data_type', number, 'record_order', 'comes after the end record (9)'));
      continue;
    }
    if (text === undefined) continue; // already reported
    const type = text[0]!;
    const rank = ORDER[type];
    if (rank === undefined) {
      issues.push(issueAt('data_type', number, 'invalid_value', `must be 1 (header), 2 (data), 8 (trailer) or 9 (end), got ${JSON.stringify(type)}`));
      continue;
    }
    const expected = stage === -1 ? 'a header (1)' : stage === 0 ? 'a data record (2)' : stage === 1 ? 'a data record (2) or the trailer (8)' : 'the end record (9)';
    const fits = stage === -1 ? rank === 0 : stage === 0 ? rank === 1 : stage === 1 ? rank === 1 || rank === 2 : rank === 3;
    if (!fits) {
      issues.push(issueAt('data_type', number, 'record_order', `is a ${NAMES[type]} record where ${expected} belongs`));
      continue;
    }
    stage = rank;
    const fields = layoutOf(type);
    const raw = decodeRecord(fields, text, number, issues);
    checkFillers(fields, raw, number, issues);
    if (type === '1') header = raw;
    else if (type === '2') data.push({ number, raw });
    else if (type === '8') trailer = { number, raw };
    else ended = true;
  }
  if (!ended && records.length > 0) {
    const missing = stage < 2 ? 'the trailer (8) and the end record (9)' : 'the end record (9)';
    issues.push(issueAt('data_type', records.length + 1, 'record_order', `the file ends without ${missing}`));
  }
  return { header, data, trailer };
}
