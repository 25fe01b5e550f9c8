import { Writable } from 'node:stream';
import { createLogger } from './logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON with severity and the service name', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'ledger', destination }).warn({ x: 1 }, 'hello');
    expect(lines[0]).toMatchObject({ severity: 'WARNING', service: 'ledger', message: 'hello', x: 1 });
  });

  it('redacts personal data wherever it sits', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'remittance', destination }).info(
      { recipient: { name: '山田太郎', email: 'taro@example.jp', phone: '090-1234-5678', accountNumber: '1234567' }, email: 'a@b.jp', amount: 5_000 },
      'recipient registered',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['山田太郎', 'taro@example.jp', '090-1234-5678', '1234567', 'a@b.jp']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ amount: 5_000 });
  });
});
