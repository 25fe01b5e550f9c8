import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ASSET_PREFIX, assetHandler, IMMUTABLE_CACHE, loadAssets } from './assets';
import { bundleAssets } from './build/bundle';

let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-web-assets-'));
  await bundleAssets(dir);
  const handle = assetHandler(loadAssets(dir));
  server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the bundle step', () => {
  it('names every file by its content hash and writes a manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest['kessai.css']).toMatch(/^kessai\.[0-9a-f]{12}\.css$/);
    expect(manifest['enhance.js']).toMatch(/^enhance\.[0-9a-f]{12}\.js$/);
    expect(manifest['icon.svg']).toMatch(/^icon\.[0-9a-f]{12}\.svg$/);
  });

  it('is reproducible: the same sources give the same names', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-web-assets-'));
    try {
      expect(await bundleAssets(again)).toEqual(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  it('bundles the enhancement script as one self-contained browser script', () => {
    const js = fs.readFileSync(path.join(dir, loadAssets(dir).url('enhance.js').slice(ASSET_PREFIX.length)), 'utf8');
    expect(js).not.toMatch(/\brequire\(|\bimport\s|\bexport\s/);
    expect(js).toContain('data-copy-target');
  });

  it('loading a folder without a build names the command to run', () => {
    expect(() => loadAssets(path.join(dir, 'missing'))).toThrow(/npm run build -w @kessai\/web/);
  });
});

describe('assetHandler', () => {
  it('serves an asset with its type, an ETag and a year-long immutable cache', async () => {
    const url = loadAssets(dir).url('kessai.css');
    const res = await fetch(`${base}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('.skip-link');

    const again = await fetch(`${base}${url}`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers HEAD without a body and 404 for anything else', async () => {
    const url = loadAssets(dir).url('icon.svg');
    const head = await fetch(`${base}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(`${base}/assets/kessai.css`)).status).toBe(404);
    expect((await fetch(`${base}/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}${url}`, { method: 'POST' })).status).toBe(404);
  });

  it('hands unknown paths to next() when mounted as middleware', () => {
    const next = jest.fn();
    const res = { writeHead: jest.fn() } as unknown as http.ServerResponse;
    assetHandler(loadAssets(dir))({ url: '/bills', method: 'GET', headers: {} } as http.IncomingMessage, res, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(res.writeHead).not.toHaveBeenCalled();
  });
});
