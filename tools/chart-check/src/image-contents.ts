import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What the service image would contain, measured without building it: the
 * packages `npm ci --omit=dev -w services/<name>` installs (resolved from
 * package-lock.json exactly as Node would find them, sized on disk from the
 * local install) plus package.json + dist/ of every workspace in that closure,
 * which is what the Dockerfile copies into the runtime stage.
 */
export interface ImageContents {
  service: string;
  /** false when services/<name> does not exist yet: measured as a service that depends on platform + contracts */
  serviceExists: boolean;
  packages: Array<{ name: string; location: string; version: string; bytes: number }>;
  workspaces: Array<{ name: string; location: string; bytes: number; built: boolean }>;
  /** closure entries the lockfile marks as dev-only (must be empty) */
  devLeaks: string[];
  /** installed entries missing on disk (sizes then undercount) */
  notInstalled: string[];
  totalBytes: number;
  /** after the Dockerfile's clean-up of *.d.ts, *.map, *.tsbuildinfo */
  shippedBytes: number;
}

interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  os?: string[];
  cpu?: string[];
}

/** Bytes of a directory, not following symlinks, skipping the nested folders named in `skip`. */
export function dirBytes(dir: string, skip: (name: string) => boolean = () => false): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p, skip);
    else total += lstatSync(p).size;
  }
  return total;
}

/** Files the Dockerfile deletes from the runtime stage (type declarations, source maps). */
export const STRIPPED = (name: string) => name.endsWith('.map') || name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts') || name.endsWith('.tsbuildinfo');

function platformMatches(entry: LockEntry): boolean {
  // the image is linux/x64 glibc (node:bookworm build, distroless runtime)
  if (entry.os && !entry.os.includes('linux') && !entry.os.every((o) => o.startsWith('!'))) return false;
  if (entry.cpu && !entry.cpu.includes('x64') && !entry.cpu.every((c) => c.startsWith('!'))) return false;
  return true;
}

export function imageContents(root: string, service: string): ImageContents {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pk = lock.packages;
  const start = `services/${service}`;
  const serviceExists = pk[start] !== undefined;
  if (!serviceExists) {
    pk[start] = { name: `@kessai/${service}`, dependencies: { '@kessai/platform': '*', '@kessai/contracts': '*' } };
  }

  const resolveFrom = (from: string, dep: string): string | undefined => {
    let dir = from;
    for (;;) {
      const candidate = dir === '' ? `node_modules/${dep}` : `${dir}/node_modules/${dep}`;
      if (pk[candidate]) return candidate;
      if (dir === '') return undefined;
      dir = dirname(dir) === '.' ? '' : dirname(dir);
      while (dir.endsWith('node_modules')) dir = dirname(dir) === '.' ? '' : dirname(dir);
    }
  };

  const seen = new Set<string>();
  const workspaces = new Set<string>([start]);
  const missingDeps: string[] = [];
  const visit = (loc: string): void => {
    if (seen.has(loc)) return;
    seen.add(loc);
    const entry = pk[loc];
    const deps: Array<[string, boolean]> = [
      ...Object.keys(entry.dependencies ?? {}).map((d): [string, boolean] => [d, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((d): [string, boolean] => [d, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((d): [string, boolean] => [d, entry.peerDependenciesMeta?.[d]?.optional === true]),
    ];
    for (const [dep, optional] of deps) {
      const found = resolveFrom(loc, dep);
      if (!found) {
        if (!optional) missingDeps.push(`${dep} (from ${loc || 'root'})`);
        continue;
      }
      const target = pk[found];
      if (optional && !platformMatches(target)) continue;
      if (target.link && target.resolved) {
        workspaces.add(target.resolved);
        visit(target.resolved);
        continue;
      }
      visit(found);
    }
  };
  visit(start);

  const packages: ImageContents['packages'] = [];
  const devLeaks: string[] = [];
  const notInstalled: string[] = [...missingDeps];
  for (const loc of seen) {
    if (!loc.includes('node_modules/')) continue;
    const e = pk[loc];
    if (e.dev) devLeaks.push(loc);
    const dir = join(root, loc);
    const name = loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!existsSync(dir)) {
      notInstalled.push(loc);
      continue;
    }
    packages.push({ name, location: loc, version: e.version ?? '?', bytes: dirBytes(dir, (n) => n === 'node_modules') });
  }
  const ws: ImageContents['workspaces'] = [];
  for (const loc of workspaces) {
    const dir = join(root, loc);
    const built = existsSync(join(dir, 'dist'));
    const bytes = (existsSync(join(dir, 'package.json')) ? lstatSync(join(dir, 'package.json')).size : 0) + (built ? dirBytes(join(dir, 'dist')) : 0);
    ws.push({ name: pk[loc].name ?? loc, location: loc, bytes, built });
  }
  packages.sort((a, b) => b.bytes - a.bytes);
  const totalBytes = packages.reduce((s, p) => s + p.bytes, 0) + ws.reduce((s, w) => s + w.bytes, 0);
  let shippedBytes = 0;
  for (const p of packages) shippedBytes += dirBytes(join(root, p.location), (n) => n === 'node_modules' || STRIPPED(n));
  for (const w of ws) {
    const dir = join(root, w.location);
    shippedBytes += (existsSync(join(dir, 'package.json')) ? lstatSync(join(dir, 'package.json')).size : 0) + (w.built ? dirBytes(join(dir, 'dist'), STRIPPED) : 0);
  }
  return { service, serviceExists, packages, workspaces: ws, devLeaks, notInstalled, totalBytes, shippedBytes };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function formatImageContents(r: ImageContents): string {
  const lines = [
    `image contents for ${r.service}${r.serviceExists ? '' : ' (services/' + r.service + ' does not exist yet: measured as a service depending on @kessai/platform + @kessai/contracts)'}`,
    `  app layer total: ${mb(r.totalBytes)} = ${r.packages.length} npm packages ${mb(r.packages.reduce((s, p) => s + p.bytes, 0))} + workspaces ${mb(r.workspaces.reduce((s, w) => s + w.bytes, 0))}`,
    `  after the Dockerfile strips *.d.ts / *.map / *.tsbuildinfo: ${mb(r.shippedBytes)} (plus the distroless nodejs20 base image)`,
    '  workspaces (package.json + dist/):',
    ...r.workspaces.map((w) => `    ${w.name.padEnd(32)} ${mb(w.bytes).padStart(9)}${w.built ? '' : '  (not built: dist/ missing)'}`),
    '  largest npm packages:',
    ...r.packages.slice(0, 15).map((p) => `    ${`${p.name}@${p.version}`.padEnd(48)} ${mb(p.bytes).padStart(9)}`),
    `  dev-only packages in the closure: ${r.devLeaks.length === 0 ? 'none' : r.devLeaks.join(', ')}`,
  ];
  if (r.notInstalled.length > 0) lines.push(`  not installed locally (sizes undercount): ${r.notInstalled.join(', ')}`);
  return lines.join('\n');
}
