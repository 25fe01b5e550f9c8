import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import type { MeshEntry } from './mesh';
import { looksLikeSecretValue } from './rules';
import { ENVIRONMENTS, NAMESPACES, type Environment, type Finding } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- skaffold.yaml and values are untyped YAML */
type Json = any;

/** Folders under services/ (each one a deployable service). */
export function serviceFolders(servicesDir: string): string[] {
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir)
    .filter((n) => !n.startsWith('.') && statSync(join(servicesDir, n)).isDirectory())
    .sort();
}

/** skaffold's template-variable suffix for an image name: kessai/account-transfer -> kessai_account_transfer. */
export function skaffoldImageKey(image: string): string {
  return image.replace(/[^A-Za-z0-9]/g, '_');
}

export interface LayoutPaths {
  root: string;
  skaffoldFile: string;
  servicesDir: string;
  deployDir: string;
}

/**
 * Every service that exists under services/ must be a MESH service, have an
 * image artifact and a Helm release in skaffold.yaml (default pipeline and each
 * environment profile), and values for every environment. The other way round,
 * skaffold.yaml and deploy/ list only services that exist: a module, a values
 * file or a calls/callers entry for a service without a folder fails (the
 * documented helm loop would stop at it).
 */
export function checkLayout(p: LayoutPaths, mesh: Record<string, MeshEntry>): Finding[] {
  const out: Finding[] = [];
  const add = (rule: 'skaffold' | 'deploy-values', where: string, message: string) => out.push({ rule, where, message });
  const rel = (f: string) => relative(p.root, f) || f;
  const services = serviceFolders(p.servicesDir);
  for (const s of services) {
    if (!mesh[s]) add('deploy-values', `services/${s}`, `${s} is not in MESH (packages/platform/src/mesh.ts): add it there first`);
    for (const env of ENVIRONMENTS) {
      const f = join(p.deployDir, env, `${s}.yaml`);
      if (!existsSync(f)) add('deploy-values', `services/${s}`, `no values for ${env}: ${rel(f)} is missing`);
    }
  }
  for (const env of ENVIRONMENTS) {
    const envDir = join(p.deployDir, env);
    if (!existsSync(join(envDir, '_env.yaml'))) add('deploy-values', `deploy/${env}`, `${rel(join(envDir, '_env.yaml'))} is missing`);
    if (!existsSync(envDir)) continue;
    for (const file of readdirSync(envDir).filter((f) => f.endsWith('.yaml') && f !== '_env.yaml').sort()) {
      const name = file.slice(0, -'.yaml'.length);
      if (!services.includes(name)) add('deploy-values', rel(join(envDir, file)), `values for ${name}, which has no folder services/${name}: list only services that exist`);
    }
    for (const s of services) {
      const f = join(envDir, `${s}.yaml`);
      if (!existsSync(f)) continue;
      let v: Json;
      try {
        v = parse(readFileSync(f, 'utf8'));
      } catch {
        continue; // the render reports YAML errors
      }
      for (const key of ['calls', 'callers'] as const) {
        for (const other of Array.isArray(v?.[key]) ? v[key] : []) {
          if (!services.includes(String(other))) add('deploy-values', rel(f), `${key} lists ${other}, which has no folder services/${other}`);
        }
      }
    }
  }

  if (!existsSync(p.skaffoldFile)) {
    add('skaffold', rel(p.skaffoldFile), 'skaffold.yaml is missing');
    return out;
  }
  const docs = parseAllDocuments(readFileSync(p.skaffoldFile, 'utf8'));
  const bad = docs.find((d) => d.errors.length > 0);
  if (bad) {
    add('skaffold', rel(p.skaffoldFile), `not valid YAML: ${bad.errors[0].message}`);
    return out;
  }
  // one module (YAML document) per service: metadata.name = folder under services/
  const modules = docs.map((d) => d.toJS() as Json).filter((m) => m && typeof m === 'object');
  const pipelines: Array<{ name: string; env: string; releases: Json[] }> = [];
  for (const m of modules) {
    const mod = `module ${m.metadata?.name ?? '?'}`;
    if (!String(m.apiVersion ?? '').startsWith('skaffold/') || m.kind !== 'Config') add('skaffold', 'skaffold.yaml', `${mod}: apiVersion skaffold/... and kind Config required`);
    if (!m.build?.tagPolicy?.gitCommit) add('skaffold', 'skaffold.yaml', `${mod}: build.tagPolicy must be gitCommit (image tags from the git commit)`);
    pipelines.push({ name: `${mod} default pipeline`, env: 'dev', releases: m.deploy?.helm?.releases ?? [] });
    for (const env of ENVIRONMENTS) {
      const profile = (m.profiles ?? []).find((x: Json) => x.name === env);
      if (profile) pipelines.push({ name: `${mod} profile ${env}`, env, releases: profile.deploy?.helm?.releases ?? [] });
    }
  }
  for (const m of modules) {
    const name = m.metadata?.name;
    if (typeof name === 'string' && !services.includes(name)) add('skaffold', 'skaffold.yaml', `module ${name} has no folder services/${name}: list only services that exist`);
  }
  for (const s of services) {
    const image = `kessai/${s}`;
    const m = modules.find((x) => x.metadata?.name === s);
    if (!m) {
      add('skaffold', `services/${s}`, `skaffold.yaml has no module (document with metadata.name: ${s})`);
      continue;
    }
    const artifacts: Json[] = m.build?.artifacts ?? [];
    const artifact = artifacts.find((a) => a.image === image);
    if (!artifact || artifacts.length !== 1) add('skaffold', `services/${s}`, `module ${s} must have exactly one artifact, ${image}`);
    else if (artifact.docker?.buildArgs?.SERVICE !== s) add('skaffold', `services/${s}`, `artifact ${image} must build with buildArgs.SERVICE: ${s}`);
    const key = skaffoldImageKey(image);
    const mine = [{ name: `module ${s} default pipeline`, env: 'dev', releases: m.deploy?.helm?.releases ?? [] }];
    for (const env of ENVIRONMENTS) {
      const profile = (m.profiles ?? []).find((x: Json) => x.name === env);
      if (!profile) add('skaffold', `services/${s}`, `module ${s} has no profile ${env}`);
      else mine.push({ name: `module ${s} profile ${env}`, env, releases: profile.deploy?.helm?.releases ?? [] });
    }
    for (const pl of mine) {
      const r = pl.releases.find((x: Json) => x.name === `kessai-${s}`);
      if (!r || pl.releases.length !== 1) {
        add('skaffold', `services/${s}`, `${pl.name} must deploy exactly one Helm release, kessai-${s}`);
        if (!r) continue;
      }
      if (r.chartPath !== 'charts/kessai-service') add('skaffold', `services/${s}`, `${pl.name} release kessai-${s} must use charts/kessai-service`);
      const files: string[] = r.valuesFiles ?? [];
      const want = [`deploy/${pl.env}/_env.yaml`, `deploy/${pl.env}/${s}.yaml`];
      if (files.join('|') !== want.join('|')) add('skaffold', `services/${s}`, `${pl.name} release kessai-${s} valuesFiles must be ${want.join(', ')} (got ${files.join(', ') || 'none'})`);
      const tmpl = r.setValueTemplates ?? {};
      if (!String(tmpl['image.repository'] ?? '').includes(`IMAGE_REPO_${key}`) || !String(tmpl['image.tag'] ?? '').includes(`IMAGE_TAG_${key}`)) {
        add('skaffold', `services/${s}`, `${pl.name} release kessai-${s} must set image.repository/image.tag from IMAGE_REPO_${key}/IMAGE_TAG_${key}`);
      }
      if (r.namespace !== NAMESPACES[pl.env as Environment]) add('skaffold', `services/${s}`, `${pl.name} release kessai-${s} must deploy to namespace ${NAMESPACES[pl.env as Environment]}`);
    }
  }
  for (const pl of pipelines) {
    for (const r of pl.releases) {
      for (const f of r.valuesFiles ?? []) if (!existsSync(join(p.root, f))) add('skaffold', 'skaffold.yaml', `${pl.name} release ${r.name}: values file ${f} does not exist`);
    }
  }
  return out;
}

const SECRET_KEY = /(passwords?|passwd|secrets?|tokens?|peppers?|api_?key|private_?key|credentials?)$/i;

/** No secret values in any values file: only references (secretName / secretKey). */
export function checkValuesFilesForSecrets(files: string[], root: string): Finding[] {
  const out: Finding[] = [];
  const walk = (v: Json, path: string, file: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, file));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && x !== '' && SECRET_KEY.test(k)) out.push({ rule: 'plaintext-secret', where: relative(root, file), message: `${path}.${k} holds a secret value; reference a Secret instead` });
      walk(x, `${path}.${k}`, file);
    }
    else if (typeof v === 'string' && looksLikeSecretValue(v)) out.push({ rule: 'plaintext-secret', where: relative(root, file), message: `${path} holds a credential in plain text` });
  };
  for (const f of files) walk(parse(readFileSync(f, 'utf8')), '', f);
  return out;
}

/** MESH entries that have a folder under services/ (the services skaffold.yaml and deploy/ list). */
export function deployedServices(mesh: Record<string, MeshEntry>, services: string[]): MeshEntry[] {
  return Object.values(mesh).filter((m) => services.includes(m.name));
}

/**
 * deploy/nats/streams: one stream per service under services/, file storage,
 * 3 replicas; no stream for a service without a folder.
 */
export function checkStreams(deployDir: string, mesh: Record<string, MeshEntry>, services: string[]): Finding[] {
  const out: Finding[] = [];
  const dir = join(deployDir, 'nats/streams');
  const wanted = deployedServices(mesh, services);
  const expected = new Set(wanted.map((m) => `KESSAI_${m.schema.toUpperCase()}.json`));
  for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith('.json')).sort() : []) {
    if (!expected.has(f)) out.push({ rule: 'nats', where: `deploy/nats/streams/${f}`, message: 'a stream for no service under services/: list only services that exist' });
  }
  for (const m of wanted) {
    const name = `KESSAI_${m.schema.toUpperCase()}`;
    const f = join(dir, `${name}.json`);
    const where = `deploy/nats/streams/${name}.json`;
    if (!existsSync(f)) {
      out.push({ rule: 'nats', where, message: `missing stream definition for ${m.name}` });
      continue;
    }
    const s = JSON.parse(readFileSync(f, 'utf8')) as Json;
    if (s.name !== name) out.push({ rule: 'nats', where, message: `name must be ${name}` });
    if (JSON.stringify(s.subjects) !== JSON.stringify([`${m.schema}.>`])) out.push({ rule: 'nats', where, message: `subjects must be ["${m.schema}.>"]` });
    if (s.storage !== 'file') out.push({ rule: 'nats', where, message: 'storage must be file' });
    if (s.num_replicas !== 3) out.push({ rule: 'nats', where, message: 'num_replicas must be 3 (production)' });
    if (!(s.duplicate_window >= 120e9)) out.push({ rule: 'nats', where, message: 'duplicate_window must be at least 2m' });
  }
  return out;
}

/** deploy/postgres/bootstrap.sql: a schema and a role per service under services/, none for a service without a folder. */
export function checkBootstrapSql(deployDir: string, mesh: Record<string, MeshEntry>, services: string[]): Finding[] {
  const f = join(deployDir, 'postgres/bootstrap.sql');
  if (!existsSync(f)) return [{ rule: 'database', where: 'deploy/postgres/bootstrap.sql', message: 'missing' }];
  const sql = readFileSync(f, 'utf8').replace(/--[^\n]*/g, ''); // comments may explain, statements may not
  const out: Finding[] = [];
  for (const m of Object.values(mesh)) {
    if (services.includes(m.name)) continue;
    if (new RegExp(`\\bkessai_${m.schema}\\b`).test(sql)) out.push({ rule: 'database', where: 'deploy/postgres/bootstrap.sql', message: `role or schema for ${m.name}, which has no folder services/${m.name}: list only services that exist` });
  }
  for (const m of deployedServices(mesh, services)) {
    const role = `kessai_${m.schema}`;
    if (!new RegExp(`CREATE\\s+ROLE\\s+${role}\\b`, 'i').test(sql) && !sql.includes(`'${role}'`)) out.push({ rule: 'database', where: 'deploy/postgres/bootstrap.sql', message: `no role ${role}` });
    if (!new RegExp(`CREATE\\s+SCHEMA\\s+IF\\s+NOT\\s+EXISTS\\s+${m.schema}\\s+AUTHORIZATION\\s+${role}\\b`, 'i').test(sql)) out.push({ rule: 'database', where: 'deploy/postgres/bootstrap.sql', message: `no schema ${m.schema} owned by ${role}` });
  }
  if (/PASSWORD\s+'/i.test(sql)) out.push({ rule: 'plaintext-secret', where: 'deploy/postgres/bootstrap.sql', message: 'passwords do not belong in the bootstrap SQL' });
  return out;
}
