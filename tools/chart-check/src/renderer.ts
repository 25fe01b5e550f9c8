import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './types';

/** The Go renderer's source folder and the binary built from it (dist/ is gitignored). */
export function rendererPaths(root: string): { source: string; binary: string } {
  const source = join(root, 'tools/chart-render');
  return { source, binary: join(source, 'dist/chart-render') };
}

/** Go toolchain available? (Debian's golang-go; scripts/ci/charts.sh installs it.) */
export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds tools/chart-render offline in GOPATH mode (Debian's sprig and yaml
 * packages under /usr/share/gocode) unless the binary is newer than main.go.
 * Returns the binary path, or null when Go is not installed.
 */
export function ensureRenderer(root: string): string | null {
  const { source, binary } = rendererPaths(root);
  const main = join(source, 'main.go');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(main).mtimeMs) return binary;
  if (!hasGo()) return null;
  mkdirSync(join(source, 'dist'), { recursive: true });
  // build to a private name, then rename: two jest workers may build at once
  const tmp = `${binary}.${process.pid}.tmp`;
  execFileSync('go', ['build', '-o', tmp, '.'], {
    cwd: source,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPROXY: 'off',
      GOFLAGS: '',
      GOPATH: process.env.KESSAI_GOPATH ?? '/usr/share/gocode',
      GOCACHE: process.env.GOCACHE ?? join(source, 'dist/gocache'),
    },
  });
  renameSync(tmp, binary);
  return binary;
}

export interface RenderRequest {
  chartDir: string;
  releaseName: string;
  namespace: string;
  valueFiles: string[];
  setString?: Record<string, string>;
}

export type RenderResult = { ok: true; objects: KubeObject[]; sources: string[] } | { ok: false; error: string };

function args(req: RenderRequest): string[] {
  const a = ['-chart', req.chartDir, '-name', req.releaseName, '-namespace', req.namespace];
  for (const f of req.valueFiles) a.push('-f', f);
  for (const [k, v] of Object.entries(req.setString ?? {})) a.push('-set-string', `${k}=${v}`);
  return a;
}

/** Renders like `helm template`; a template error, bad YAML or an object without kind is an error. */
export function render(binary: string, req: RenderRequest): RenderResult {
  const r = spawnSync(binary, args(req), { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, error: (r.stderr || r.error?.message || 'renderer failed').trim() };
  const objects: KubeObject[] = [];
  const sources: string[] = [];
  for (const doc of parseAllDocuments(r.stdout)) {
    if (doc.errors.length > 0) return { ok: false, error: doc.errors.map((e) => e.message).join('; ') };
    const value = doc.toJS() as KubeObject | null;
    if (value === null) continue;
    objects.push(value);
    const source = /# Source: (\S+)/.exec(String(doc.commentBefore ?? ''));
    sources.push(source?.[1] ?? '?');
  }
  return { ok: true, objects, sources };
}

/** The merged values (chart defaults + files, Helm's coalescing) as the renderer computes them. */
export function mergedValues(binary: string, req: RenderRequest): Record<string, unknown> {
  const r = spawnSync(binary, [...args(req), '-values'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stderr || 'renderer failed').trim());
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
