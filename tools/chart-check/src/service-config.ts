import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, relative } from 'node:path';
import { serviceFolders } from './repo';
import { looksLikeSecretValue, SECRET_NAME } from './rules';
import type { Finding, KubeObject } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests and loaded configs are untyped JSON */
type Json = any;

/**
 * "Service config": does each service start with the environment its chart gives it?
 *
 * For every folder under services/ the check loads services/<name>/dist/config.js
 * (building it with `tsc -b` first) and calls its loader — by convention the
 * export `<camelCase name>Config(env)`, e.g. `ledgerConfig`, `accountTransferConfig`
 * — with the environment of every container of the release that runs the service's
 * code (the server Deployment and the migrations Job: migrate.js runs the same
 * loader). The environment is built from the rendered manifests: ConfigMap values
 * resolved (envFrom and configMapKeyRef), and every Secret reference replaced by a
 * placeholder of the right shape (see `placeholderFor`). Every problem the loader
 * reports becomes a finding naming the service, the environment and the variable.
 *
 * On the loaded configuration (so defaults the chart does not override count too),
 * for the server container:
 *   - a value pointing at loopback (127.x, localhost, ::1) — in a pod that is the pod
 *     itself, never the SMTP relay or NATS the default meant on a laptop;
 *   - every `*_DIR` must be an absolute path on a writable volume mount (the root
 *     filesystem is read-only);
 *   - `GRPC_PORT` / `OPS_PORT` / `HTTP_PORT` must be the container ports named grpc /
 *     ops / http, exposed by the Service; HTTP also admitted by the NetworkPolicy.
 * And for every container: a secret-looking variable (name: token, pepper, secret,
 * password, ...; value: a URL with credentials, a private key, JSON carrying
 * secrets) given as a plain value instead of a Secret reference.
 *
 * The check has no per-service knowledge: the loader comes from the convention, the
 * placeholders from the variable names or from `placeholder` in the values files.
 */

/** Where a rendered release's environment comes from. */
export interface ConfigTarget {
  service: string;
  /** deploy/<env> folder name (dev, staging, prod) */
  env: string;
  /** e.g. "notification/prod" */
  where: string;
  objects: KubeObject[];
  /** merged values of the release (secretEnv placeholders, database) */
  values: Record<string, Json>;
}

export interface ServiceConfigOptions {
  root: string;
  servicesDir: string;
  /** run `tsc -b` on the services first (default true) */
  build?: boolean;
}

/** The loader's export name for a service folder: account-transfer -> accountTransferConfig. */
export function loaderName(service: string): string {
  return `${service.replace(/[-_]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Config`;
}

const LONG = '0123456789abcdef0123456789abcdef';

/**
 * A placeholder for a Secret-referenced variable: the `placeholder` its values
 * declare (secretEnv[].placeholder, database.placeholder), or else one chosen by
 * the variable's name:
 *   DATABASE_URL, *_DATABASE_URL, *_DSN       postgres://placeholder@postgres.placeholder.invalid:5432/kessai
 *   *_URL, *_URI, *_ENDPOINT                  https://placeholder.invalid/
 *   *_HOST                                    placeholder.invalid
 *   *_PORT                                    1
 *   *_USER, *_USERNAME                        placeholder-user
 *   anything else (tokens, peppers, keys)     placeholder-<name>-<32 hex digits>
 */
export function placeholderFor(name: string, values: Record<string, Json>): string {
  const declared = (values.secretEnv ?? []).find((e: Json) => e?.name === name)?.placeholder;
  if (typeof declared === 'string' && declared) return declared;
  if (name === 'DATABASE_URL' && typeof values.database?.placeholder === 'string' && values.database.placeholder) return values.database.placeholder;
  if (/(^|_)(DATABASE_URL|DSN)$/.test(name)) return 'postgres://placeholder@postgres.placeholder.invalid:5432/kessai';
  if (/_(URL|URI|ENDPOINT)$/.test(name)) return 'https://placeholder.invalid/';
  if (/_HOST$/.test(name)) return 'placeholder.invalid';
  if (/_PORT$/.test(name)) return '1';
  if (/_USER(NAME)?$/.test(name)) return 'placeholder-user';
  return `placeholder-${name.toLowerCase().replace(/_/g, '-')}-${LONG}`;
}

/** A plain value that carries secrets: a credential URL, a private key, or JSON with a non-empty secret-named field. */
export function plainValueLooksSecret(value: string): boolean {
  if (looksLikeSecretValue(value)) return true;
  const t = value.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return false;
  }
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') {
      return Object.entries(v).some(([k, x]) => (/(secret|password|passwd|token|pepper|private_?key|api_?key)s?$/i.test(k) && x !== '' && x !== null && !(Array.isArray(x) && x.length === 0)) || walk(x));
    }
    return false;
  };
  return walk(parsed);
}

interface Workload {
  owner: KubeObject;
  container: Json;
  server: boolean;
  volumes: Json[];
}

function workloads(objects: KubeObject[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objects as Json[]) {
    if (o.kind !== 'Deployment' && o.kind !== 'Job') continue;
    const spec = o.spec?.template?.spec ?? {};
    for (const container of spec.containers ?? []) out.push({ owner: o, container, server: o.kind === 'Deployment', volumes: spec.volumes ?? [] });
  }
  return out;
}

interface ResolvedVar {
  value: string;
  /** where it came from: "ConfigMap kessai-x", "literal", "Secret kessai-x-db/DATABASE_URL (placeholder)" */
  source: string;
  secret: boolean;
}

/** The container's environment as the process would see it, Secret references replaced by placeholders. */
export function resolveEnv(container: Json, objects: KubeObject[], values: Record<string, Json>): { env: Map<string, ResolvedVar>; problems: string[] } {
  const env = new Map<string, ResolvedVar>();
  const problems: string[] = [];
  const configMap = (name: string): Json => objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name);
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = configMap(from.configMapRef.name);
      if (!cm) problems.push(`envFrom: ConfigMap ${from.configMapRef.name} is not part of the release`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(`${from.prefix ?? ''}${k}`, { value: String(v), source: `ConfigMap ${from.configMapRef.name}`, secret: false });
    } else if (from.secretRef) {
      problems.push(`envFrom: Secret ${from.secretRef.name} (whole-Secret imports are not allowed: reference each variable so the values files document it)`);
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.set(e.name, { value: String(e.value), source: 'literal', secret: false });
    else if (e.valueFrom?.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      env.set(e.name, { value: placeholderFor(e.name, values), source: `Secret ${r.name}/${r.key}`, secret: true });
    } else if (e.valueFrom?.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      const v = configMap(r.name)?.data?.[r.key];
      if (v === undefined) problems.push(`${e.name}: ConfigMap ${r.name} key ${r.key} is not in the release`);
      else env.set(e.name, { value: String(v), source: `ConfigMap ${r.name}`, secret: false });
    } else if (e.valueFrom?.fieldRef || e.valueFrom?.resourceFieldRef) {
      env.set(e.name, { value: 'placeholder-field', source: 'fieldRef', secret: false });
    } else {
      env.set(e.name, { value: '', source: 'empty', secret: false });
    }
  }
  return { env, problems };
}

interface LoaderResult {
  ok: boolean;
  problems?: string[];
  config?: Record<string, Json>;
}

/** Runs `<loader>(env)` for each env in one child process (clean process.env, scratch cwd). */
function runLoader(modulePath: string, exportName: string, envs: Array<Record<string, string>>, cwd: string): { results?: LoaderResult[]; error?: string } {
  const script = `
    const [file, name] = process.argv.slice(1);
    let chunks = '';
    process.stdin.on('data', (c) => (chunks += c));
    process.stdin.on('end', () => {
      let mod;
      try { mod = require(file); } catch (e) { process.stdout.write(JSON.stringify({ error: 'cannot load ' + file + ': ' + (e && e.message) })); return; }
      const fn = mod[name];
      if (typeof fn !== 'function') {
        const fns = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
        process.stdout.write(JSON.stringify({ error: 'does not export ' + name + '(env) (exports: ' + (fns.join(', ') || 'no functions') + ')' }));
        return;
      }
      const out = JSON.parse(chunks).map((env) => {
        try {
          const config = fn(env);
          return { ok: true, config: JSON.parse(JSON.stringify(config ?? {}, (k, v) => (typeof v === 'bigint' ? String(v) : v))) };
        } catch (e) {
          const problems = Array.isArray(e && e.problems) ? e.problems.map(String) : [String((e && e.message) || e)];
          return { ok: false, problems };
        }
      });
      process.stdout.write(JSON.stringify({ results: out }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script, modulePath, exportName], {
    cwd,
    input: JSON.stringify(envs),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production' },
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0 || !r.stdout) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(0, 5).join(' | ') };
  try {
    return JSON.parse(r.stdout) as { results?: LoaderResult[]; error?: string };
  } catch {
    return { error: `unreadable loader output: ${r.stdout.slice(0, 200)}` };
  }
}

/** `tsc -b` the services that have a config.ts (incremental: quick when up to date). */
export function buildServices(root: string, servicesDir: string, services: string[]): string | undefined {
  const projects = services.filter((s) => existsSync(join(servicesDir, s, 'tsconfig.json')) && existsSync(join(servicesDir, s, 'src/config.ts')));
  if (projects.length === 0) return undefined;
  let tsc: string;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root, __dirname] });
  } catch {
    return 'typescript is not installed (npm ci)';
  }
  const r = spawnSync(process.execPath, [tsc, '-b', ...projects.map((s) => join(servicesDir, s))], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status === 0) return undefined;
  return (r.stdout + r.stderr).trim().split('\n').slice(0, 10).join('\n') || `tsc exited ${r.status}`;
}

const LOOPBACK = /(^|\/\/|@|^[a-z]+:)(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[?::1\]?|0\.0\.0\.0)(:\d+)?(\/|$)/i;
/** The ports the chart gives names to; `<NAME>_PORT` in a loaded config is the port the process listens on. */
const NAMED_PORTS = ['grpc', 'ops', 'http'] as const;

function mountFor(path: string, container: Json, volumes: Json[]): { writable: boolean; mount?: Json } {
  const mounts: Json[] = [...(container.volumeMounts ?? [])].sort((a, b) => String(b.mountPath).length - String(a.mountPath).length);
  const norm = posix.normalize(path);
  const mount = mounts.find((m) => norm === m.mountPath || norm.startsWith(`${String(m.mountPath).replace(/\/$/, '')}/`));
  if (!mount) return { writable: false };
  const volume = volumes.find((v) => v.name === mount.name) ?? {};
  const writableKind = Boolean(volume.emptyDir || volume.persistentVolumeClaim || volume.ephemeral || volume.nfs || volume.csi);
  return { writable: writableKind && mount.readOnly !== true && !mount.subPath?.includes('..'), mount };
}

function origin(key: string, env: Map<string, ResolvedVar>): string {
  const v = env.get(key);
  if (v) return `from ${v.source}`;
  return /^[A-Z][A-Z0-9_]*$/.test(key) ? 'not set: the loader default' : "derived by the loader from its defaults; set the variable it comes from in the values";
}

export interface ServiceConfigReport {
  findings: Finding[];
  /** services whose loader ran */
  checked: string[];
  /** service folders with nothing to run yet (no src/main.ts, no dist/main.js): a service being written */
  skipped: string[];
}

/** A folder the Deployment could run: it has (or builds) main.js. */
function runnable(servicesDir: string, service: string): boolean {
  return existsSync(join(servicesDir, service, 'src/main.ts')) || existsSync(join(servicesDir, service, 'dist/main.js'));
}

/** Checks every service's config loader against every release's environment. */
export function checkServiceConfigs(targets: ConfigTarget[], o: ServiceConfigOptions): ServiceConfigReport {
  const out: Finding[] = [];
  const folders = new Set(serviceFolders(o.servicesDir));
  const present = [...new Set(targets.map((t) => t.service))].filter((s) => folders.has(s)).sort();
  const services = present.filter((s) => runnable(o.servicesDir, s));
  const skipped = present.filter((s) => !services.includes(s));
  if (o.build !== false) {
    const err = buildServices(o.root, o.servicesDir, services);
    if (err) out.push({ rule: 'service-config', where: relative(o.root, o.servicesDir) || 'services', message: `tsc -b of the services failed, configs may be stale or missing:\n${err}` });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'kessai-config-'));
  try {
    for (const service of services) {
      const mine = targets.filter((t) => t.service === service);
      const file = join(o.servicesDir, service, 'dist/config.js');
      const name = loaderName(service);
      const rel = relative(o.root, file);
      if (!existsSync(file)) {
        for (const t of mine) out.push({ rule: 'service-config', where: t.where, message: `${rel} is missing: every service reads its environment in src/config.ts and exports ${name}(env)` });
        continue;
      }
      // one child process per service: every environment × workload at once
      const jobs: Array<{ t: ConfigTarget; w: Workload; env: Map<string, ResolvedVar> }> = [];
      for (const t of mine) {
        const ws = workloads(t.objects);
        if (ws.length === 0) out.push({ rule: 'service-config', where: t.where, message: 'no Deployment or Job rendered: nothing runs the service' });
        for (const w of ws) {
          const at = `${w.owner.kind}/${w.owner.metadata.name} container ${w.container.name}`;
          const { env, problems } = resolveEnv(w.container, t.objects, t.values);
          for (const p of problems) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${p}` });
          for (const [k, v] of env) {
            if (v.secret) continue;
            if (SECRET_NAME.test(k)) out.push({ rule: 'plaintext-secret', where: t.where, message: `${at}: ${k} looks like a secret but is a plain value (${v.source}); use a Secret reference (secretEnv)` });
            else if (plainValueLooksSecret(v.value)) out.push({ rule: 'plaintext-secret', where: t.where, message: `${at}: ${k} holds secret material as a plain value (${v.source}); use a Secret reference (secretEnv)` });
          }
          jobs.push({ t, w, env });
        }
      }
      if (jobs.length === 0) continue;
      const plainEnvs = jobs.map((j) => Object.fromEntries([...j.env].map(([k, v]) => [k, v.value])));
      const run = runLoader(file, name, plainEnvs, scratch);
      if (run.error || !run.results) {
        for (const t of mine) out.push({ rule: 'service-config', where: t.where, message: `${rel}: ${run.error ?? 'no result'} — the convention is export function ${name}(env: NodeJS.ProcessEnv)` });
        continue;
      }
      run.results.forEach((r, i) => {
        const { t, w, env } = jobs[i];
        const at = `${w.owner.kind}/${w.owner.metadata.name} container ${w.container.name}`;
        if (!r.ok) {
          const problems = r.problems ?? [];
          out.push({
            rule: 'service-config',
            where: t.where,
            message: `${at}: ${name}() rejects the environment the chart gives it (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
          });
          return;
        }
        if (!w.server) return;
        const config = r.config ?? {};
        for (const [k, v] of Object.entries(config)) {
          if (typeof v !== 'string') continue;
          if (LOOPBACK.test(v) && !env.get(k)?.secret) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${k} is ${v} (${origin(k, env)}): loopback in a pod is the pod itself; set it in the values` });
          if (/_DIR$/.test(k)) {
            if (!isAbsolute(v)) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${k} is ${v} (${origin(k, env)}): must be an absolute path on a writable volume` });
            else if (!env.has(k)) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${k} is not set (the loader default ${v} depends on the working directory): point it at a writable volume (values: volumes + config.extraEnv)` });
            else {
              const m = mountFor(v, w.container, w.volumes);
              if (!m.writable) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${k} is ${v} (${origin(k, env)}), ${m.mount ? `on the read-only mount ${m.mount.name}` : 'on the read-only root filesystem'}: mount a writable volume there (values: volumes)` });
            }
          }
        }
        const ports = new Map<string, number>((w.container.ports ?? []).map((p: Json) => [p.name, p.containerPort]));
        const svc = (t.objects as Json[]).find((x) => x.kind === 'Service');
        const policies = (t.objects as Json[]).filter((x) => x.kind === 'NetworkPolicy' && !x.metadata?.annotations?.['helm.sh/hook']);
        for (const p of NAMED_PORTS) {
          const key = `${p.toUpperCase()}_PORT`;
          const listen = Number(config[key]);
          if (config[key] === undefined || config[key] === null || !Number.isFinite(listen)) continue;
          const declared = ports.get(p);
          if (declared !== listen) {
            out.push({ rule: 'service-config', where: t.where, message: `${at}: the service listens on ${key} ${listen} (${origin(key, env)}) but the container port named ${p} is ${declared ?? 'missing'}` });
            continue;
          }
          const exposed = (svc?.spec?.ports ?? []).some((sp: Json) => sp.targetPort === p || sp.targetPort === listen);
          if (!exposed) out.push({ rule: 'service-config', where: t.where, message: `${at}: ${key} ${listen} is not exposed by the Service (no port targeting ${p})` });
          if (p === 'http') {
            const admitted = policies.some((np) => (np.spec?.ingress ?? []).some((rule: Json) => (rule.ports ?? []).some((x: Json) => x.port === p || x.port === listen)));
            if (!admitted) out.push({ rule: 'service-config', where: t.where, message: `${at}: no NetworkPolicy ingress admits ${key} ${listen}` });
          }
        }
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { findings: out, checked: services, skipped };
}
