import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ASSET_NAMES, AssetManifest, AssetName, contentHash, MANIFEST_FILE } from '../assets';

/**
 * The package's bundle step (docs/web-pages.md, "Assets"): esbuild minifies
 * the stylesheet and bundles the enhancement script from client/ for the
 * browsers we support; each output is written as name.<content hash>.ext with
 * a manifest of logical name → file. Needs esbuild (a devDependency): run at
 * build time, never by a service.
 */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

const SOURCES: Record<AssetName, string> = {
  'kessai.css': 'assets/kessai.css',
  'enhance.js': 'client/enhance.ts',
  'icon.svg': 'assets/icon.svg',
};

async function compile(name: AssetName, source: string): Promise<Buffer> {
  if (name.endsWith('.svg')) return fs.readFileSync(source);
  const result = await build({
    entryPoints: [source],
    bundle: true,
    minify: true,
    write: false,
    legalComments: 'none',
    target: ['chrome109', 'safari15', 'firefox115'],
    ...(name.endsWith('.js') ? { format: 'iife' as const, platform: 'browser' as const } : {}),
    logLevel: 'silent',
  });
  if (result.outputFiles.length !== 1) throw new Error(`esbuild gave ${result.outputFiles.length} files for ${source}`);
  return Buffer.from(result.outputFiles[0].contents);
}

/** Builds every asset into `outDir` (emptied first) and returns the manifest. */
export async function bundleAssets(outDir: string, root: string = PACKAGE_ROOT): Promise<AssetManifest> {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = {} as AssetManifest;
  for (const name of ASSET_NAMES) {
    const body = await compile(name, path.join(root, SOURCES[name]));
    const ext = path.extname(name);
    const file = `${path.basename(name, ext)}.${contentHash(body)}${ext}`;
    fs.writeFileSync(path.join(outDir, file), body);
    manifest[name] = file;
  }
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
