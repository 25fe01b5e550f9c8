import iconv from 'iconv-lite';
import { csvEncodingOf, decodeCsv, parseCsv, writeCsv } from './csv';
import { ValidationError } from './errors';

function fieldOf(fn: () => unknown): { field: string; code: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return { field: err.fieldViolations[0].field, code: err.code };
    throw err;
  }
  throw new Error('no error');
}

describe('CSV', () => {
  it('detects Shift_JIS and UTF-8 (with or without BOM)', () => {
    const text = 'customer_ref,amount,description\r\nC1,100,口座振替テスト\r\n';
    expect(decodeCsv(iconv.encode(text, 'cp932'))).toEqual({ text, encoding: 'shift_jis' });
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode(text, 'cp932'), 'shift_jis').text).toBe(text);
  });

  it('refuses Shift_JIS bytes named UTF-8, naming the csv', () => {
    expect(fieldOf(() => decodeCsv(iconv.encode('山田,1', 'cp932'), 'utf-8'))).toEqual({ field: 'csv', code: 'invalid_encoding' });
  });

  it('reads quotes, doubled quotes, CRLF and LF, and drops blank lines', () => {
    expect(parseCsv('a,"b,c"\r\n\r\n"say ""hi""",\n"two\nlines",x')).toEqual([['a', 'b,c'], ['say "hi"', ''], ['two\nlines', 'x']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses a quoted field left open, naming its line', () => {
    let message = '';
    try {
      parseCsv('a,b\r\nc,"d\r\ne,f\r\n');
    } catch (err) {
      message = err instanceof ValidationError ? err.fieldViolations[0].description : String(err);
    }
    expect(message).toMatch(/line 2/);
  });

  it('writes CSV that reads back, formulas neutralised', () => {
    const csv = writeCsv([['a', 'b'], ['=1+1', 'x,"y"'], ['-2', '@x']], 'utf-8');
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parseCsv(decodeCsv(csv).text)).toEqual([['a', 'b'], ["'=1+1", 'x,"y"'], ["'-2", "'@x"]]);
    // numbers are written as numbers, negative ones too (never a formula)
    expect(parseCsv(decodeCsv(writeCsv([[-300, 0, 1_500]], 'utf-8')).text)).toEqual([['-300', '0', '1500']]);
    expect(iconv.decode(writeCsv([['振替済']], 'shift_jis'), 'cp932')).toBe('振替済\r\n');
  });

  it('names the encoding field it could not read', () => {
    expect(csvEncodingOf(' Shift-JIS ')).toBe('shift_jis');
    expect(csvEncodingOf('UTF8')).toBe('utf-8');
    expect(csvEncodingOf('')).toBeUndefined();
    expect(fieldOf(() => csvEncodingOf('latin1', 'format'))).toEqual({ field: 'format', code: 'invalid_encoding' });
  });
});
