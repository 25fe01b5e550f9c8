import type { MeshEntry } from './mesh';
import type { Finding, KubeObject, RuleName } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON */
type Json = any;

/** What the rules know about the release they look at. */
export interface ReleaseContext {
  /** e.g. "ledger/prod" */
  where: string;
  service: MeshEntry;
  namespace: string;
  mesh: Record<string, MeshEntry>;
  /** merged values of the release (calls, callers, ...) */
  values: Record<string, Json>;
}

/** Names of variables that hold secrets (values.schema.json's extraEnv rule lists the same words). */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PEPPER|PRIVATE_KEY|API_KEY|CREDENTIAL|DATABASE_URL|DSN|SIGNING_KEY)/i;
const CREDENTIAL_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s/]+@/i;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Text that looks like a secret value (a URL with a password, a private key). */
export function looksLikeSecretValue(value: string): boolean {
  return CREDENTIAL_IN_URL.test(value) || PEM.test(value);
}

interface Pod {
  owner: KubeObject;
  spec: Json;
  labels: Record<string, string>;
}

function podsOf(objects: KubeObject[]): Pod[] {
  const pods: Pod[] = [];
  for (const o of objects) {
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) {
      const t = (o as Json).spec?.template;
      pods.push({ owner: o, spec: t?.spec ?? {}, labels: t?.metadata?.labels ?? {} });
    }
  }
  return pods;
}

function containersOf(pod: Pod): Json[] {
  return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
}

function id(o: KubeObject): string {
  return `${o.kind}/${o.metadata?.name}`;
}

function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

/** Environment of a container, ConfigMap references resolved against the rendered objects. */
export function containerEnv(container: Json, objects: KubeObject[]): Map<string, Json> {
  const env = new Map<string, Json>();
  for (const from of container.envFrom ?? []) {
    const name = from.configMapRef?.name;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name) as Json;
    for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, { name: k, value: v });
  }
  for (const e of container.env ?? []) env.set(e.name, e);
  return env;
}

const CPU = /^([0-9.]+)(m?)$/;
const MEM = /^([0-9.]+)(k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const MEM_UNIT: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

function quantity(kind: 'cpu' | 'memory', q: unknown): number | undefined {
  const s = String(q);
  const m = (kind === 'cpu' ? CPU : MEM).exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return kind === 'cpu' ? (m[2] === 'm' ? n / 1000 : n) : n * MEM_UNIT[m[2] ?? ''];
}

class Collector {
  readonly findings: Finding[] = [];
  constructor(readonly where: string) {}
  add(rule: RuleName, message: string): void {
    this.findings.push({ rule, where: this.where, message });
  }
}

/** Every container (server, init, migrations) has probes where it serves, resources everywhere. */
function checkProbes(c: Collector, objects: KubeObject[], ctx: ReleaseContext): void {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  for (const d of deployments) {
    for (const container of (d as Json).spec?.template?.spec?.containers ?? []) {
      const at = `${id(d)} container ${container.name}`;
      const portNames = new Map<string, number>((container.ports ?? []).map((p: Json) => [p.name, p.containerPort]));
      const port = (p: unknown): number | undefined => (typeof p === 'number' ? p : portNames.get(String(p)));
      const r = container.readinessProbe;
      const l = container.livenessProbe;
      if (!r) c.add('probes', `${at}: no readinessProbe`);
      if (!l) c.add('probes', `${at}: no livenessProbe`);
      const grpcOk = (p: Json) => p?.grpc && port(p.grpc.port) === ctx.service.grpcPort && !p.grpc.service;
      const httpOk = (p: Json, path: string) => p?.httpGet && p.httpGet.path === path && port(p.httpGet.port) === ctx.service.opsPort;
      if (r) {
        if (ctx.service.name === 'gateway') {
          if (!httpOk(r, '/readyz')) c.add('probes', `${at}: the gateway's readiness must be HTTP GET /readyz on the ops port ${ctx.service.opsPort}`);
        } else if (!grpcOk(r)) {
          c.add('probes', `${at}: readiness must be a native gRPC probe (grpc.health.v1) on the gRPC port ${ctx.service.grpcPort}`);
        }
      }
      if (l && !grpcOk(l) && !httpOk(l, '/healthz')) {
        c.add('probes', `${at}: liveness must be gRPC health on ${ctx.service.grpcPort} or HTTP GET /healthz on the ops port ${ctx.service.opsPort}`);
      }
      for (const [name, p] of [['readiness', r], ['liveness', l], ['startup', container.startupProbe]] as const) {
        const target = p?.grpc?.port ?? p?.httpGet?.port ?? p?.tcpSocket?.port;
        if (p && target !== undefined && port(target) === undefined) c.add('probes', `${at}: ${name} probe port ${target} is not a container port`);
      }
    }
  }
}

function checkResources(c: Collector, objects: KubeObject[]): void {
  for (const pod of podsOf(objects)) {
    for (const container of containersOf(pod)) {
      const at = `${id(pod.owner)} container ${container.name}`;
      for (const kind of ['cpu', 'memory'] as const) {
        const req = container.resources?.requests?.[kind];
        const lim = container.resources?.limits?.[kind];
        if (req === undefined) c.add('resources', `${at}: no ${kind} request`);
        if (lim === undefined) c.add('resources', `${at}: no ${kind} limit`);
        if (req !== undefined && lim !== undefined) {
          const rq = quantity(kind, req);
          const lq = quantity(kind, lim);
          if (rq === undefined || lq === undefined) c.add('resources', `${at}: unreadable ${kind} quantity ${req} / ${lim}`);
          else if (rq > lq) c.add('resources', `${at}: ${kind} request ${req} exceeds limit ${lim}`);
        }
      }
    }
  }
}

function checkSecurity(c: Collector, objects: KubeObject[]): void {
  for (const pod of podsOf(objects)) {
    const psc = pod.spec.securityContext ?? {};
    if (pod.spec.hostNetwork || pod.spec.hostPID || pod.spec.hostIPC) c.add('security', `${id(pod.owner)}: host namespaces are not allowed`);
    if (pod.spec.automountServiceAccountToken !== false) {
      c.add('service-account', `${id(pod.owner)}: automountServiceAccountToken must be false (no service needs the Kubernetes API)`);
    }
    for (const container of containersOf(pod)) {
      const at = `${id(pod.owner)} container ${container.name}`;
      const sc = container.securityContext ?? {};
      const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
      const uid = sc.runAsUser ?? psc.runAsUser;
      if (nonRoot !== true) c.add('security', `${at}: runAsNonRoot must be true`);
      if (uid === 0) c.add('security', `${at}: runAsUser must not be 0`);
      if (sc.privileged === true) c.add('security', `${at}: privileged`);
      if (sc.allowPrivilegeEscalation !== false) c.add('security', `${at}: allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) c.add('security', `${at}: readOnlyRootFilesystem must be true`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) c.add('security', `${at}: capabilities must drop ALL`);
      if ((sc.capabilities?.add ?? []).length > 0) c.add('security', `${at}: adds capabilities ${sc.capabilities.add.join(', ')}`);
    }
  }
  for (const sa of objects.filter((o) => o.kind === 'ServiceAccount')) {
    if ((sa as Json).automountServiceAccountToken !== false) c.add('service-account', `${id(sa)}: automountServiceAccountToken must be false`);
  }
}

function checkPdb(c: Collector, objects: KubeObject[], ctx: ReleaseContext): void {
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = (d as Json).spec?.template?.metadata?.labels ?? {};
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects((o as Json).spec?.selector?.matchLabels, labels));
    if (pdbs.length === 0) {
      c.add('pdb', `${id(d)}: no PodDisruptionBudget selects its pods`);
      continue;
    }
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as Json;
    const replicas: number = hpa?.spec?.minReplicas ?? (d as Json).spec?.replicas ?? 1;
    for (const pdb of pdbs as Json[]) {
      const { minAvailable, maxUnavailable } = pdb.spec ?? {};
      if (maxUnavailable === 0 || maxUnavailable === '0%') c.add('pdb', `${id(pdb)}: maxUnavailable 0 blocks every node drain`);
      if (typeof minAvailable === 'number' && minAvailable >= replicas) {
        c.add('pdb', `${id(pdb)}: minAvailable ${minAvailable} with ${replicas} replica(s) blocks every node drain`);
      }
      if (minAvailable === '100%') c.add('pdb', `${id(pdb)}: minAvailable 100% blocks every node drain`);
    }
  }
  void ctx;
}

function peerIsService(peer: Json, name: string): boolean {
  const m = peer?.podSelector?.matchLabels ?? {};
  return m['app.kubernetes.io/name'] === name && m['app.kubernetes.io/part-of'] === 'kessai' && !peer.namespaceSelector && !peer.ipBlock;
}

function rulePorts(rule: Json): Array<string | number> {
  return (rule.ports ?? []).map((p: Json) => p.port);
}

/** Private and link-local ranges a rule to the internet must except (no way back into the cluster or to metadata). */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];

/** The one allowed way out to the internet: HTTPS only, internal ranges excepted (e.g. merchant webhooks). */
function publicHttpsOnly(rule: Json, peer: Json): boolean {
  const ports = rule.ports ?? [];
  const httpsOnly = ports.length > 0 && ports.every((p: Json) => p.port === 443 && (p.protocol ?? 'TCP') === 'TCP');
  const except: string[] = peer.ipBlock?.except ?? [];
  return httpsOnly && PRIVATE_RANGES.every((r) => except.includes(r));
}

function checkNetworkPolicy(c: Collector, objects: KubeObject[], ctx: ReleaseContext): void {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as Json[];
  for (const pod of podsOf(objects)) {
    const mine = policies.filter((p) => selects(p.spec?.podSelector?.matchLabels, pod.labels));
    if (mine.length === 0) {
      c.add('network-policy', `${id(pod.owner)}: no NetworkPolicy selects its pods`);
      continue;
    }
    const types = new Set(mine.flatMap((p) => p.spec?.policyTypes ?? []));
    if (!types.has('Ingress') || !types.has('Egress')) c.add('network-policy', `${id(pod.owner)}: its NetworkPolicy must restrict both Ingress and Egress`);
    for (const p of mine) {
      for (const rule of p.spec?.egress ?? []) {
        if (!rule.to || rule.to.length === 0) c.add('network-policy', `${id(p)}: an egress rule allows every destination`);
        for (const peer of rule.to ?? []) {
          if (peer.ipBlock?.cidr === '0.0.0.0/0' && !publicHttpsOnly(rule, peer)) {
            c.add('network-policy', `${id(p)}: egress to 0.0.0.0/0 (only HTTPS on 443 with the private ranges excepted may leave the cluster)`);
          }
        }
      }
    }
    if (pod.owner.kind !== 'Deployment') continue;
    // server pods: callers on gRPC, the world only on the public HTTP port
    const publicPort = ctx.service.httpPort;
    const callers = new Set<string>();
    for (const p of mine) {
      for (const rule of p.spec?.ingress ?? []) {
        const ports = rulePorts(rule);
        const open = !rule.from || rule.from.length === 0 || rule.from.some((f: Json) => f.ipBlock?.cidr === '0.0.0.0/0' || (f.namespaceSelector && Object.keys(f.namespaceSelector).length === 0 && !f.podSelector));
        if (ports.length === 0) c.add('network-policy', `${id(p)}: an ingress rule admits every port`);
        if (open && ports.some((x) => !(x === 'http' || (publicPort !== undefined && x === publicPort)))) {
          c.add('network-policy', `${id(p)}: ports ${ports.join(', ')} are open to every source (only public HTTP may be)`);
        }
        if (open && publicPort === undefined) c.add('network-policy', `${id(p)}: ${ctx.service.name} has no public HTTP port but admits every source`);
        if (ports.includes('grpc') || ports.includes(ctx.service.grpcPort)) {
          for (const f of rule.from ?? []) {
            const name = f?.podSelector?.matchLabels?.['app.kubernetes.io/name'];
            if (name && peerIsService(f, name)) callers.add(name);
            else c.add('network-policy', `${id(p)}: gRPC ingress from a peer that is not a Kessai service: ${JSON.stringify(f)}`);
          }
        }
      }
    }
    const expected = new Set<string>(ctx.values.callers ?? []);
    for (const x of expected) if (!callers.has(x)) c.add('network-policy', `${ctx.service.name}: caller ${x} is listed in values but not admitted by the NetworkPolicy`);
    for (const x of callers) if (!expected.has(x)) c.add('network-policy', `${ctx.service.name}: admits ${x} on gRPC, which is not in its callers`);
    // egress to every service it calls, on that service's port
    for (const callee of ctx.values.calls ?? []) {
      const port = ctx.mesh[callee]?.grpcPort;
      const ok = mine.some((p) => (p.spec?.egress ?? []).some((rule: Json) => (rule.to ?? []).some((peer: Json) => peerIsService(peer, callee)) && rulePorts(rule).includes(port)));
      if (!ok) c.add('network-policy', `${ctx.service.name}: no egress to ${callee} on ${port}`);
    }
  }
}

function imageFindings(c: Collector, objects: KubeObject[]): void {
  for (const pod of podsOf(objects)) {
    for (const container of containersOf(pod)) {
      const at = `${id(pod.owner)} container ${container.name}`;
      const image = String(container.image ?? '');
      const at_ = image.indexOf('@');
      const name = at_ >= 0 ? image.slice(0, at_) : image;
      const lastSlash = name.lastIndexOf('/');
      const colon = name.indexOf(':', lastSlash + 1);
      const tag = colon >= 0 ? name.slice(colon + 1) : '';
      if (!image) c.add('image-tag', `${at}: no image`);
      else if (tag === 'latest') c.add('image-tag', `${at}: image ${image} uses the latest tag`);
      else if (!tag && at_ < 0) c.add('image-tag', `${at}: image ${image} has no tag (means latest)`);
      if (container.imagePullPolicy === 'Always' && tag && at_ < 0) {
        // allowed, but a commit tag is immutable: nothing to report
      }
    }
  }
}

function checkSecrets(c: Collector, objects: KubeObject[]): void {
  for (const o of objects as Json[]) {
    if (o.kind === 'Secret' && (Object.keys(o.data ?? {}).length > 0 || Object.keys(o.stringData ?? {}).length > 0)) {
      c.add('plaintext-secret', `${id(o)}: the chart must not carry secret values (reference an existing Secret)`);
    }
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries<Json>(o.data ?? {})) {
        if (SECRET_NAME.test(k)) c.add('plaintext-secret', `${id(o)}: ${k} looks like a secret and must come from a Secret reference`);
        else if (looksLikeSecretValue(String(v))) c.add('plaintext-secret', `${id(o)}: ${k} holds a credential in plain text`);
      }
    }
  }
  for (const pod of podsOf(objects)) {
    for (const container of containersOf(pod)) {
      for (const e of container.env ?? []) {
        const at = `${id(pod.owner)} container ${container.name} env ${e.name}`;
        if (e.value !== undefined && SECRET_NAME.test(e.name)) c.add('plaintext-secret', `${at}: a secret-looking variable with a literal value (use valueFrom.secretKeyRef)`);
        else if (e.value !== undefined && looksLikeSecretValue(String(e.value))) c.add('plaintext-secret', `${at}: holds a credential in plain text`);
      }
      for (const arg of [...(container.args ?? []), ...(container.command ?? [])]) {
        if (looksLikeSecretValue(String(arg))) c.add('plaintext-secret', `${id(pod.owner)} container ${container.name}: a credential in its command line`);
      }
    }
  }
}

function checkShutdownAndMigrations(c: Collector, objects: KubeObject[], ctx: ReleaseContext): void {
  const name = ctx.service.name;
  for (const d of objects.filter((o) => o.kind === 'Deployment') as Json[]) {
    const spec = d.spec?.template?.spec ?? {};
    for (const container of spec.containers ?? []) {
      const env = containerEnv(container, objects);
      const ms = Number(env.get('SHUTDOWN_TIMEOUT_MS')?.value ?? 10000);
      const preStop = Number(container.lifecycle?.preStop?.sleep?.seconds ?? 0);
      const grace = spec.terminationGracePeriodSeconds ?? 30;
      if (!(grace > preStop + ms / 1000)) {
        c.add('shutdown', `${id(d)}: terminationGracePeriodSeconds ${grace} must exceed preStop ${preStop}s + SHUTDOWN_TIMEOUT_MS ${ms}ms`);
      }
      if (env.get('MIGRATE_ON_START')?.value !== 'false') c.add('migrations', `${id(d)}: MIGRATE_ON_START must be "false" in clusters (the migrations Job runs them)`);
      const db = env.get('DATABASE_URL');
      if (!db?.valueFrom?.secretKeyRef?.name) c.add('plaintext-secret', `${id(d)}: DATABASE_URL must come from a Secret reference`);
      const args = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
      if (!args.includes(`services/${name}/dist/main.js`)) c.add('migrations', `${id(d)}: must run services/${name}/dist/main.js (runs: ${args || 'image default'})`);
      if (env.get('GRPC_PORT')?.value !== String(ctx.service.grpcPort)) c.add('mesh', `${id(d)}: GRPC_PORT ${env.get('GRPC_PORT')?.value} is not ${ctx.service.grpcPort}`);
      if (env.get('OPS_PORT')?.value !== String(ctx.service.opsPort)) c.add('mesh', `${id(d)}: OPS_PORT ${env.get('OPS_PORT')?.value} is not ${ctx.service.opsPort}`);
      for (const callee of ctx.values.calls ?? []) {
        const m = ctx.mesh[callee];
        if (!m) {
          c.add('mesh', `${id(d)}: calls unknown service ${callee}`);
          continue;
        }
        const want = `kessai-${callee}.${ctx.namespace}.svc:${m.grpcPort}`;
        const got = env.get(m.addrEnv)?.value;
        if (got !== want) c.add('mesh', `${id(d)}: ${m.addrEnv} is ${got ?? 'unset'}, want ${want}`);
      }
    }
  }
  const jobs = objects.filter((o) => o.kind === 'Job') as Json[];
  const migrate = jobs.filter((j) => {
    const hooks = String(j.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',').map((s) => s.trim());
    return hooks.includes('pre-install') && hooks.includes('pre-upgrade');
  });
  if (migrate.length !== 1) c.add('migrations', `${name}: want exactly one migrations Job with helm.sh/hook pre-install,pre-upgrade, found ${migrate.length}`);
  for (const j of migrate) {
    const spec = j.spec?.template?.spec ?? {};
    if (spec.restartPolicy !== 'Never' && spec.restartPolicy !== 'OnFailure') c.add('migrations', `${id(j)}: restartPolicy must be Never or OnFailure`);
    const container = spec.containers?.[0] ?? {};
    const args = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    if (!args.includes(`services/${name}/dist/migrate.js`)) c.add('migrations', `${id(j)}: must run services/${name}/dist/migrate.js`);
    if (container.envFrom) c.add('migrations', `${id(j)}: a pre-install hook cannot use envFrom (the ConfigMap does not exist yet on a first install)`);
    if (spec.serviceAccountName) c.add('migrations', `${id(j)}: a pre-install hook cannot use the release's ServiceAccount (not created yet)`);
    if (!containerEnv(container, objects).get('DATABASE_URL')?.valueFrom?.secretKeyRef) c.add('plaintext-secret', `${id(j)}: DATABASE_URL must come from a Secret reference`);
  }
}

function checkServicePorts(c: Collector, objects: KubeObject[], ctx: ReleaseContext): void {
  const svc = objects.find((o) => o.kind === 'Service') as Json;
  if (!svc) {
    c.add('mesh', `${ctx.service.name}: no Service`);
    return;
  }
  if (svc.metadata.name !== `kessai-${ctx.service.name}`) c.add('mesh', `${id(svc)}: must be named kessai-${ctx.service.name} (other services dial that name)`);
  const ports = new Map<string, number>((svc.spec?.ports ?? []).map((p: Json) => [p.name, p.port]));
  if (ports.get('grpc') !== ctx.service.grpcPort) c.add('mesh', `${id(svc)}: port grpc must be ${ctx.service.grpcPort}`);
  if (ports.get('ops') !== ctx.service.opsPort) c.add('mesh', `${id(svc)}: port ops must be ${ctx.service.opsPort}`);
  if (ctx.values.publicHttp?.enabled && ctx.service.httpPort !== undefined && ports.get('http') !== ctx.service.httpPort) {
    c.add('mesh', `${id(svc)}: port http must be ${ctx.service.httpPort}`);
  }
}

/** All per-release rules. */
export function checkRelease(objects: KubeObject[], ctx: ReleaseContext): Finding[] {
  const c = new Collector(ctx.where);
  if (!objects.some((o) => o.kind === 'Deployment')) c.add('render', `${ctx.service.name}: no Deployment rendered`);
  checkProbes(c, objects, ctx);
  checkResources(c, objects);
  checkSecurity(c, objects);
  checkPdb(c, objects, ctx);
  checkNetworkPolicy(c, objects, ctx);
  imageFindings(c, objects);
  checkSecrets(c, objects);
  checkShutdownAndMigrations(c, objects, ctx);
  checkServicePorts(c, objects, ctx);
  return c.findings;
}

/** Across the releases of one environment: A calls B exactly when B lists A as a caller. */
export function checkCallerGraph(env: string, values: Record<string, Record<string, Json>>): Finding[] {
  const out: Finding[] = [];
  for (const [a, va] of Object.entries(values)) {
    for (const b of va.calls ?? []) {
      const vb = values[b];
      if (vb && !(vb.callers ?? []).includes(a)) out.push({ rule: 'callers', where: `${b}/${env}`, message: `${a} calls ${b}, but ${b}'s callers do not include ${a} (its NetworkPolicy would drop the calls)` });
    }
    for (const b of va.callers ?? []) {
      const vb = values[b];
      if (vb && !(vb.calls ?? []).includes(a)) out.push({ rule: 'callers', where: `${a}/${env}`, message: `${a} admits ${b}, but ${b} does not list ${a} in its calls` });
    }
  }
  return out;
}

/** The chart's mesh table must equal packages/platform/src/mesh.ts. */
export function checkMeshTable(chartMesh: Record<string, Json>, mesh: Record<string, MeshEntry>): Finding[] {
  const out: Finding[] = [];
  for (const [name, m] of Object.entries(mesh)) {
    const c = chartMesh?.[name];
    if (!c) {
      out.push({ rule: 'mesh', where: 'charts/kessai-service/values.yaml', message: `mesh has no entry for ${name}` });
      continue;
    }
    for (const k of ['grpcPort', 'opsPort', 'addrEnv', 'httpPort'] as const) {
      if (c[k] !== m[k]) out.push({ rule: 'mesh', where: 'charts/kessai-service/values.yaml', message: `mesh.${name}.${k} is ${c[k]}, packages/platform/src/mesh.ts says ${m[k]}` });
    }
  }
  for (const name of Object.keys(chartMesh ?? {})) {
    if (!mesh[name]) out.push({ rule: 'mesh', where: 'charts/kessai-service/values.yaml', message: `mesh.${name} is not in packages/platform/src/mesh.ts` });
  }
  return out;
}
