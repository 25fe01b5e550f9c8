import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PartnerBankClient } from './client';
import { PartnerBankError } from './errors';
import { BANK_SIGNATURE_HEADER, verifyBankRequest } from './signing';

interface Seen {
  method: string;
  url: string;
  body: Buffer;
  signature: string | undefined;
}

/** A bank that answers from a script, one answer per request. */
async function fakeBank(answers: { status: number; body: unknown }[]) {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks), signature: req.headers[BANK_SIGNATURE_HEADER] as string | undefined });
    const a = answers.shift() ?? { status: 500, body: { error: { code: 'script_exhausted' } } };
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const noSleep = { sleep: async () => undefined };
const receipt = { file_id: 'f1', sha256: 'x', status: 'accepted', uploaded_on: '2027-01-08', transfer_date: '2027-01-12', record_count: 1, total_amount: 10 };

describe('PartnerBankClient', () => {
  it('signs method, path and body, so the bank can verify the upload and the statement query', async () => {
    const bank = await fakeBank([{ status: 201, body: receipt }, { status: 200, body: { date: '2027-01-12', accounts: [] } }]);
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: bank.url, secret: 's3cret', ...noSleep });
    const bytes = Buffer.from('1210000000000 file bytes\r\n');
    expect(await client.uploadTransferFile('f1', bytes)).toEqual(receipt);
    await client.statement('2027-01-12');
    const [upload, statement] = bank.seen;
    expect(upload).toMatchObject({ method: 'PUT', url: '/v1/transfer-files/f1' });
    expect(upload.body.equals(bytes)).toBe(true);
    expect(verifyBankRequest({ secrets: ['s3cret'], header: upload.signature, method: 'PUT', pathAndQuery: upload.url, body: upload.body })).toMatchObject({ ok: true });
    // the same signature does not fit another path or another secret
    expect(verifyBankRequest({ secrets: ['s3cret'], header: upload.signature, method: 'PUT', pathAndQuery: '/v1/transfer-files/f2', body: upload.body })).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyBankRequest({ secrets: ['other'], header: upload.signature, method: 'PUT', pathAndQuery: upload.url, body: upload.body })).toMatchObject({ ok: false });
    expect(statement.url).toBe('/v1/statements?date=2027-01-12');
    expect(verifyBankRequest({ secrets: ['s3cret'], header: statement.signature, method: 'GET', pathAndQuery: statement.url, body: '' })).toMatchObject({ ok: true });
    await bank.close();
  });

  it('retries a 5xx with backoff and the same request (idempotent by file id), then succeeds', async () => {
    const bank = await fakeBank([{ status: 503, body: {} }, { status: 502, body: {} }, { status: 200, body: receipt }]);
    const waits: number[] = [];
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: bank.url, secret: 's', retryDelaysMs: [10, 20, 30], sleep: async (ms) => void waits.push(ms) });
    expect(await client.uploadTransferFile('f1', Buffer.from('x'))).toEqual(receipt);
    expect(waits).toEqual([10, 20]);
    expect(bank.seen.map((s) => s.url)).toEqual(['/v1/transfer-files/f1', '/v1/transfer-files/f1', '/v1/transfer-files/f1']);
    await bank.close();
  });

  it('retries network failures and gives up with a clear error after the last delay', async () => {
    let calls = 0;
    const failing = (async () => {
      calls += 1;
      throw new TypeError('fetch failed: ECONNREFUSED');
    }) as unknown as typeof fetch;
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: 'http://bank.invalid', secret: 's', retryDelaysMs: [1, 1], fetch: failing, ...noSleep });
    const err = (await client.statement('2027-01-12').catch((e: unknown) => e)) as PartnerBankError;
    expect(err).toBeInstanceOf(PartnerBankError);
    expect(err).toMatchObject({ status: 0, code: 'network_error', retryable: true, details: { attempts: 3 } });
    expect(err.message).toContain('simbank get statement');
    expect(calls).toBe(3);
  });

  it('times out an attempt that gets no answer', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret: 's', timeoutMs: 50, retryDelaysMs: [], ...noSleep });
    await expect(client.transferFile('f1')).rejects.toMatchObject({ code: 'timeout', status: 0 });
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('throws a refusal at once, with the defects of a rejected file', async () => {
    const defects = [{ record: 3, field: 'amount', code: 'invalid_value', message: 'must be at least 1' }];
    const bank = await fakeBank([{ status: 422, body: { error: { code: 'invalid_file', message: 'record 3: amount: must be at least 1', defects } } }, { status: 409, body: { error: { code: 'duplicate_file', message: 'same bytes', existing_file_id: 'f0' } } }]);
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: bank.url, secret: 's', ...noSleep });
    const err = (await client.uploadTransferFile('f1', Buffer.from('x')).catch((e: unknown) => e)) as PartnerBankError;
    expect(err).toMatchObject({ status: 422, code: 'invalid_file', retryable: false, defects });
    await expect(client.uploadTransferFile('f2', Buffer.from('x'))).rejects.toMatchObject({ code: 'duplicate_file', details: { existingFileId: 'f0' } });
    expect(bank.seen).toHaveLength(2);
    await bank.close();
  });

  it('refuses ids and dates it could not send safely', () => {
    const client = new PartnerBankClient({ partner: 'simbank', baseUrl: 'http://x', secret: 's' });
    expect(() => client.uploadTransferFile('../etc', Buffer.from(''))).toThrow(/fileId/);
    expect(() => client.requestReversal('', { file_id: 'f', record_number: 2 })).toThrow(/requestId/);
    expect(() => client.statement('12/01')).toThrow(/YYYY-MM-DD/);
    expect(() => new PartnerBankClient({ partner: 'simbank', baseUrl: 'http://x', secret: '' })).toThrow(/secret/);
  });
});
