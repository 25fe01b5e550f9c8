import { multipartBoundary, parseMultipart } from './multipart';

const body = (b: string, parts: string[]) => Buffer.from(`${parts.map((p) => `--${b}\r\n${p}\r\n`).join('')}--${b}--\r\n`, 'utf8');

describe('parseMultipart', () => {
  it('reads text fields and files (the file bytes as sent)', () => {
    const b = '----kessai123';
    const csv = 'name,amount\r\n山田,1000\r\n';
    const form = parseMultipart(
      body(b, ['Content-Disposition: form-data; name="_csrf"\r\n\r\ntok', `Content-Disposition: form-data; name="file"; filename="受取人.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}`]),
      b,
    );
    expect(form.fields).toEqual({ _csrf: 'tok' });
    expect(form.files.file).toMatchObject({ filename: '受取人.csv', contentType: 'text/csv' });
    expect(form.files.file.data.toString('utf8')).toBe(csv);
  });

  it('keeps binary bytes (Shift_JIS) untouched, and an empty file is an empty buffer', () => {
    const b = 'xyz';
    const sjis = Buffer.from([0x8e, 0x52, 0x93, 0x63, 0x0d, 0x0a]);
    const raw = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`),
      sjis,
      Buffer.from(`\r\n--${b}\r\nContent-Disposition: form-data; name="empty"; filename=""\r\n\r\n\r\n--${b}--`),
    ]);
    const form = parseMultipart(raw, b);
    expect(form.files.file.data.equals(sjis)).toBe(true);
    expect(form.files.empty.data.length).toBe(0);
  });

  it('refuses a body that is cut short', () => {
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'b')).toThrow(/closing delimiter/);
    expect(() => parseMultipart(Buffer.from('nothing'), 'b')).toThrow(/boundary/);
  });

  it('finds the boundary in the content type, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeUndefined();
  });
});
