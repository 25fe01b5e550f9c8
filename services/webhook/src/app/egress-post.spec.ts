import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressClient, Resolve } from './egress-post';

describe('EgressClient: the resolved address is checked at delivery time (DNS rebinding)', () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A DNS that answers what the test says, like a rebinding attacker's. */
  const dns = (answers: Record<string, string[]>): Resolve => async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('posts to a loopback receiver when unguarded (test mode, local development)', async () => {
    const egress = new EgressClient({ timeoutMs: 2_000 });
    const before = hits;
    expect(await egress.post(`http://127.0.0.1:${port}/hook`, { 'content-type': 'application/json' }, '{}', false)).toEqual({ status: 204, error: null });
    expect(hits).toBe(before + 1);
    egress.close();
  });

  it('refuses a host name that now resolves to a private address, before connecting', async () => {
    const egress = new EgressClient({ timeoutMs: 2_000, resolve: dns({ 'hooks.example.com': ['127.0.0.1'], 'mixed.example.com': ['93.184.215.14', '169.254.169.254'] }) });
    const before = hits;
    expect(await egress.post(`http://hooks.example.com:${port}/hook`, {}, '{}', true)).toEqual({ status: 0, error: 'refused: hooks.example.com resolves to 127.0.0.1 (loopback)' });
    expect(await egress.post(`http://mixed.example.com:${port}/hook`, {}, '{}', true)).toEqual({ status: 0, error: 'refused: mixed.example.com resolves to 169.254.169.254 (metadata)' });
    expect(hits).toBe(before);
    egress.close();
  });

  it('refuses private IP literals when guarded', async () => {
    const egress = new EgressClient({ timeoutMs: 2_000 });
    const before = hits;
    expect(await egress.post(`http://127.0.0.1:${port}/hook`, {}, '{}', true)).toEqual({ status: 0, error: 'refused: 127.0.0.1 is a loopback address' });
    expect(await egress.post(`http://[::ffff:127.0.0.1]:${port}/hook`, {}, '{}', true)).toMatchObject({ status: 0, error: expect.stringMatching(/^refused: .* is a loopback address$/) });
    expect(hits).toBe(before);
    egress.close();
  });

  it('connects to the checked address when the name resolves to a public one', async () => {
    // 192.0.2.x would be refused; a public address is let through to the socket (which, offline, fails or times out — not a refusal)
    const egress = new EgressClient({ timeoutMs: 300, resolve: dns({ 'hooks.example.com': ['93.184.215.14'] }) });
    const res = await egress.post('http://hooks.example.com:9/hook', {}, '{}', true);
    expect(res.status === 0 || res.status > 0).toBe(true);
    expect(res.error ?? '').not.toMatch(/^refused/);
    egress.close();
  });
});
