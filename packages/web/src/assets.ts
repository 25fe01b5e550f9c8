import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The pages' static files (stylesheet, enhancement script, icon), built by the
 * package's bundle step (src/build/bundle.ts) into dist/assets with the content
 * hash in each file name, so they are served with a year-long immutable cache.
 */
export const ASSET_PREFIX = '/assets/';

/** The logical names a page refers to; the manifest maps them to hashed file names. */
export const ASSET_NAMES = ['kessai.css', 'enhance.js', 'icon.svg'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];
export type AssetManifest = Record<AssetName, string>;
export const MANIFEST_FILE = 'manifest.json';

export interface Asset {
  /** the URL path, e.g. /assets/kessai.1a2b3c4d5e.css */
  path: string;
  contentType: string;
  body: Buffer;
  /** strong validator: a quoted hash of the body */
  etag: string;
}

export interface AssetBundle {
  /** the URL of a logical asset: url('kessai.css') → '/assets/kessai.1a2b3c4d5e.css' */
  url(name: AssetName): string;
  /** the asset at a URL path, if there is one */
  get(urlPath: string): Asset | undefined;
  list(): Asset[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** Where the bundle step writes: packages/web/dist/assets (from src/ under jest too). */
export const DEFAULT_ASSET_DIR = path.resolve(__dirname, '..', 'dist', 'assets');

export function contentHash(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

/** Reads a built asset folder (its manifest and files) into memory. */
export function loadAssets(dir: string = DEFAULT_ASSET_DIR): AssetBundle {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`no web assets in ${dir}: build them with \`npm run build -w @kessai/web\` (docs/web-pages.md)`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as AssetManifest;
  const byPath = new Map<string, Asset>();
  for (const name of ASSET_NAMES) {
    const file = manifest[name];
    if (!file) throw new Error(`web asset manifest ${manifestPath} lacks ${name}`);
    const body = fs.readFileSync(path.join(dir, file));
    const urlPath = `${ASSET_PREFIX}${file}`;
    byPath.set(urlPath, {
      path: urlPath,
      contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      body,
      etag: `"${contentHash(body)}"`,
    });
  }
  return {
    url: (name) => `${ASSET_PREFIX}${manifest[name]}`,
    get: (urlPath) => byPath.get(urlPath),
    list: () => [...byPath.values()],
  };
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Serves the bundle's files under ASSET_PREFIX (GET and HEAD, ETag / 304).
 * Anything else goes to `next` (Express middleware) or, without one, gets a 404.
 * Works with node:http and Express alike: `app.use(assetHandler(bundle))`.
 */
export function assetHandler(bundle: AssetBundle): NodeHandler {
  return (req, res, next) => {
    const urlPath = (req.url ?? '/').split('?')[0];
    const asset = (req.method === 'GET' || req.method === 'HEAD') && urlPath.startsWith(ASSET_PREFIX) ? bundle.get(urlPath) : undefined;
    if (!asset) {
      if (next) return next();
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end('not found');
      return;
    }
    const headers = {
      'Content-Type': asset.contentType,
      'Cache-Control': IMMUTABLE_CACHE,
      ETag: asset.etag,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(asset.body.length) });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
}
