import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackRetrier, PARTNER_SIGNATURE_HEADER, postSignedCallback } from './partner-callbacks';
import { verifySignature } from './signing';

/** A partner endpoint answering with the given statuses in turn (the last one repeats). */
async function endpoint(statuses: number[]) {
  const seen: { body: string; signature: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers[PARTNER_SIGNATURE_HEADER]) });
      res.writeHead(statuses[Math.min(seen.length - 1, statuses.length - 1)], { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('partner callbacks (shared by the store and bank simulators)', () => {
  it('signs each POST with the partner secret', async () => {
    const ep = await endpoint([200]);
    const r = await postSignedCallback({ url: ep.url, secret: 'whsec_x', body: '{"id":"e1"}' });
    expect(r).toMatchObject({ done: true, attempt: { status: 200 }, text: '{"ok":true}' });
    expect(verifySignature({ secrets: ['whsec_x'], header: ep.seen[0].signature, body: ep.seen[0].body, nowMs: Date.now() }).ok).toBe(true);
    await ep.close();
  });

  it('treats a 4xx as final, a 5xx or no answer as retryable', async () => {
    const ep = await endpoint([400]);
    expect((await postSignedCallback({ url: ep.url, secret: 's', body: '{}' })).done).toBe(true);
    await ep.close();
    const down = await postSignedCallback({ url: ep.url, secret: 's', body: '{}', timeoutMs: 1_000 });
    expect(down).toMatchObject({ done: false, attempt: { status: 0 } });
    expect(down.attempt.error).toBeTruthy();
  });

  it('retries after each delay until delivered', async () => {
    const ep = await endpoint([503, 502, 200]);
    const retrier = new CallbackRetrier([1, 1, 1, 1]);
    const attempts: number[] = [];
    let gaveUp = false;
    await retrier.deliver(
      async () => {
        const r = await postSignedCallback({ url: ep.url, secret: 's', body: '{}' });
        attempts.push(r.attempt.status);
        return r.done;
      },
      () => (gaveUp = true),
    );
    await waitFor(() => attempts.length === 3);
    expect(attempts).toEqual([503, 502, 200]);
    expect(gaveUp).toBe(false);
    retrier.stop();
    await ep.close();
  });

  it('gives up after the last delay, and stop() cancels pending retries', async () => {
    const retrier = new CallbackRetrier([1, 1]);
    let calls = 0;
    let gaveUp = false;
    await retrier.deliver(async () => (calls++, false), () => (gaveUp = true));
    await waitFor(() => gaveUp);
    expect({ calls, gaveUp }).toEqual({ calls: 3, gaveUp: true });

    const slow = new CallbackRetrier([60_000]);
    let slowCalls = 0;
    await slow.deliver(async () => (slowCalls++, false));
    slow.stop();
    expect(slowCalls).toBe(1);
  });
});
