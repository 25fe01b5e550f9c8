/**
 * Proves every check can fail: each test feeds a broken chart, values file,
 * manifest or repository layout and expects the named rule to reject it.
 * Needs Go (Debian's golang-go + sprig + yaml packages) to build the renderer;
 * the test run installs them as root. Without Go the suite fails and says what to
 * install (test/needs-renderer.ts).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkAll } from '../src/check';
import { imageContents } from '../src/image-contents';
import { validateKubeSchemas } from '../src/kube-schema';
import { readMesh } from '../src/mesh';
import { ensureRenderer, mergedValues, render } from '../src/renderer';
import { describeWithRenderer } from './needs-renderer';
import { checkBootstrapSql, checkLayout, checkStreams, checkValuesFilesForSecrets, serviceFolders } from '../src/repo';
import { checkCallerGraph, checkMeshTable, checkRelease, type ReleaseContext } from '../src/rules';
import type { Finding, KubeObject, RuleName } from '../src/types';
import { loadValuesSchema, validateValues } from '../src/values';

const root = resolve(__dirname, '../../..');
const chartDir = join(root, 'charts/kessai-service');

const rules = (f: Finding[]): RuleName[] => [...new Set(f.map((x) => x.rule))];
const clone = <T>(x: T): T => structuredClone(x);

describeWithRenderer('chart checks', () => {
  let renderer: string;
  let tmp: string;
  const mesh = readMesh(root);
  /** the services that exist (folders under services/); MESH also names services not built yet */
  const folders = serviceFolders(join(root, 'services'));
  const releases: Record<string, { objects: KubeObject[]; ctx: ReleaseContext }> = {};

  const req = (name: string, env = 'prod', files?: string[], chart = chartDir) => ({
    chartDir: chart,
    releaseName: `kessai-${name}`,
    namespace: env === 'prod' ? 'kessai' : `kessai-${env}`,
    valueFiles: files ?? [join(root, 'deploy', env, '_env.yaml'), join(root, 'deploy', env, `${name}.yaml`)],
    setString: { 'image.tag': 'abc1234' },
  });

  beforeAll(() => {
    renderer = ensureRenderer(root)!;
    tmp = mkdtempSync(join(tmpdir(), 'chart-check-'));
    for (const name of ['ledger', 'gateway', 'webhook']) {
      const r = render(renderer, req(name));
      if (!r.ok) throw new Error(r.error);
      releases[name] = { objects: r.objects, ctx: { where: `${name}/prod`, service: mesh[name], namespace: 'kessai', mesh, values: mergedValues(renderer, req(name)) } };
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const mutate = (name: string, change: (objs: any[]) => void): Finding[] => {
    const objs = clone(releases[name].objects) as any[];
    change(objs);
    return checkRelease(objs, releases[name].ctx);
  };
  const find = (objs: any[], kind: string) => objs.find((o) => o.kind === kind);
  const server = (objs: any[]) => find(objs, 'Deployment').spec.template.spec.containers[0];

  test('the real chart, values, skaffold.yaml and deploy/ pass for every service and environment', () => {
    const report = checkAll({ root, renderer, tag: 'abc1234' });
    expect(report.findings).toEqual([]);
    expect(report.releases).toBe(folders.length * 3);
    expect(folders.length).toBeGreaterThanOrEqual(5);
  });

  test('the unmodified renders pass every release rule', () => {
    for (const name of Object.keys(releases)) expect(checkRelease(releases[name].objects, releases[name].ctx)).toEqual([]);
  });

  describe('render (template errors)', () => {
    const brokenChart = (file: string, edit: (s: string) => string): string => {
      const dir = mkdtempSync(join(tmp, 'chart-'));
      cpSync(chartDir, dir, { recursive: true });
      writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
      return dir;
    };
    test('a template syntax error fails', () => {
      const dir = brokenChart('templates/deployment.yaml', (s) => s.replace('{{ .Values.image.pullPolicy }}', '{{ .Values.image.pullPolicy '));
      const r = render(renderer, req('ledger', 'prod', undefined, dir));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/deployment\.yaml/);
    });
    test('an unknown function fails', () => {
      const dir = brokenChart('templates/service.yaml', (s) => s.replace('type: ClusterIP', 'type: {{ toYamll "x" }}'));
      expect(render(renderer, req('ledger', 'prod', undefined, dir)).ok).toBe(false);
    });
    test('output that is not YAML fails (bad indentation from a missing nindent)', () => {
      const dir = brokenChart('templates/pdb.yaml', (s) => s.replace('{{- include "kessai.selectorLabels" . | nindent 6 }}', '{{ include "kessai.selectorLabels" . | nindent 2 }}\n  - broken'));
      const r = render(renderer, req('ledger', 'prod', undefined, dir));
      expect(r.ok).toBe(false);
    });
    test('a regexp in values.schema.json that Go (Helm) cannot compile fails', () => {
      const dir = brokenChart('values.schema.json', (s) => s.replace('"^latest(@|$)"', '"^(?!latest)"'));
      const r = render(renderer, req('ledger', 'prod', undefined, dir));
      expect(!r.ok && r.error).toMatch(/not a Go regexp/);
    });
    test('required values fail the render: no database secret, no image tag', () => {
      const f = join(tmp, 'no-secret.yaml');
      writeFileSync(f, 'database:\n  secretName: ""\n');
      const r = render(renderer, req('ledger', 'prod', [join(root, 'deploy/prod/_env.yaml'), join(root, 'deploy/prod/ledger.yaml'), f]));
      expect(!r.ok && r.error).toMatch(/database.secretName is required/);
      const noTag = render(renderer, { ...req('ledger'), setString: {} });
      expect(!noTag.ok && noTag.error).toMatch(/image.tag is required/);
      const latest = render(renderer, { ...req('ledger'), setString: { 'image.tag': 'latest' } });
      expect(!latest.ok && latest.error).toMatch(/must not be latest/);
    });
    test('toYaml, include, tpl, required and fromYaml behave like Helm', () => {
      const dir = mkdtempSync(join(tmp, 'fn-'));
      mkdirSync(join(dir, 'templates'));
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: fn\nversion: 0.0.1\n');
      writeFileSync(join(dir, 'values.yaml'), 'big: 1000000\nlist: [a, b]\ngreeting: "hello {{ .Release.Name }}"\nnested: {keep: 1, drop: 2}\n');
      writeFileSync(join(dir, 'templates/_h.tpl'), '{{- define "n" -}}{{ .Release.Name | upper }}{{- end -}}');
      writeFileSync(join(dir, 'templates/cm.yaml'), [
        'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ include "n" . | lower }}', 'data:',
        '  big: {{ .Values.big | quote }}', '  tpl: {{ tpl .Values.greeting . | quote }}',
        '  list: {{ toYaml .Values.list | quote }}', '  keys: {{ keys .Values.nested | sortAlpha | join "," | quote }}',
        '  round: {{ (fromYaml (toYaml .Values.nested)).keep | quote }}', '  req: {{ required "x needed" .Values.list | len | quote }}', '',
      ].join('\n'));
      const over = join(tmp, 'fn-over.yaml');
      writeFileSync(over, 'nested: {drop: null}\n');
      const r = render(renderer, { chartDir: dir, releaseName: 'rel', namespace: 'ns', valueFiles: [over] });
      if (!r.ok) throw new Error(r.error);
      // Helm reads numbers as float64: 1000000 prints as 1e+06 — the renderer must agree
      expect((r.objects[0] as any).data).toEqual({ big: '1e+06', tpl: 'hello rel', list: '- a\n- b', keys: 'keep', round: '1', req: '2' });
    });
  });

  describe('values.schema.json', () => {
    const validate = loadValuesSchema(join(chartDir, 'values.schema.json'));
    const good = () => clone(releases.ledger.ctx.values) as any;
    test('the merged values of a release are valid', () => expect(validateValues(validate, good(), 'x')).toEqual([]));
    test.each([
      ['a misspelled key', (v: any) => { v.replicaCont = 3; }],
      ['a wrong type', (v: any) => { v.replicaCount = 'three'; }],
      ['an unknown environment', (v: any) => { v.environment = 'prd'; }],
      ['the latest tag', (v: any) => { v.image.tag = 'latest'; }],
      ['a root user', (v: any) => { v.podSecurityContext.runAsNonRoot = false; }],
      ['a writable root filesystem', (v: any) => { v.securityContext.readOnlyRootFilesystem = false; }],
      ['a secret in extraEnv', (v: any) => { v.config.extraEnv = { STRIPE_SECRET: 'sk_live_x' }; }],
      ['credentials in the NATS URL', (v: any) => { v.config.natsUrl = 'nats://user:pass@nats:4222'; }],
      ['a missing database secret', (v: any) => { delete v.database.secretName; }],
      ['a shutdown deadline given in seconds', (v: any) => { v.config.shutdownTimeoutMs = 10; }],
    ])('rejects %s', (_label, change) => {
      const v = good();
      change(v);
      expect(rules(validateValues(validate, v, 'x'))).toEqual(['values-schema']);
    });
  });

  test('Kubernetes schema validation rejects wrong types and missing fields', () => {
    const objs = clone(releases.ledger.objects) as any[];
    find(objs, 'Deployment').spec.replicas = 'two';
    find(objs, 'Service').spec.ports[0].port = 'grpc';
    delete find(objs, 'Deployment').spec.selector;
    const f = validateKubeSchemas(objs, 'ledger/prod');
    expect(rules(f)).toEqual(['kube-schema']);
    expect(f.map((x) => x.message).join('\n')).toMatch(/replicas must be integer[\s\S]*port must be integer|port must be integer[\s\S]*replicas/);
    expect(validateKubeSchemas([{ apiVersion: 'apps/v1', kind: 'Deploymnt', metadata: { name: 'x' } }], 'x')[0].message).toMatch(/unknown apiVersion\/kind/);
  });

  test.each<[string, string, RuleName, (o: any[]) => void]>([
    ['no readiness probe', 'ledger', 'probes', (o) => { delete server(o).readinessProbe; }],
    ['no liveness probe', 'ledger', 'probes', (o) => { delete server(o).livenessProbe; }],
    ['a gRPC probe on the wrong port', 'ledger', 'probes', (o) => { server(o).readinessProbe = { grpc: { port: 50052 } }; }],
    ['an HTTP readiness probe on a gRPC service', 'ledger', 'probes', (o) => { server(o).readinessProbe = { httpGet: { path: '/readyz', port: 'ops' } }; }],
    ['a gateway without HTTP /readyz', 'gateway', 'probes', (o) => { server(o).readinessProbe = { grpc: { port: 50050 } }; }],
    ['no memory limit', 'ledger', 'resources', (o) => { delete server(o).resources.limits.memory; }],
    ['no resources on the migrations Job', 'ledger', 'resources', (o) => { delete find(o, 'Job').spec.template.spec.containers[0].resources; }],
    ['a request above its limit', 'ledger', 'resources', (o) => { server(o).resources.requests.cpu = '4'; }],
    ['running as root', 'ledger', 'security', (o) => { delete server(o).securityContext.runAsNonRoot; delete find(o, 'Deployment').spec.template.spec.securityContext.runAsNonRoot; }],
    ['uid 0', 'ledger', 'security', (o) => { server(o).securityContext.runAsUser = 0; }],
    ['a writable root filesystem', 'ledger', 'security', (o) => { server(o).securityContext.readOnlyRootFilesystem = false; }],
    ['capabilities kept', 'ledger', 'security', (o) => { server(o).securityContext.capabilities = { add: ['NET_ADMIN'] }; }],
    ['privilege escalation', 'ledger', 'security', (o) => { delete find(o, 'Job').spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation; }],
    ['a mounted service-account token', 'ledger', 'service-account', (o) => { find(o, 'Deployment').spec.template.spec.automountServiceAccountToken = true; }],
    ['no PodDisruptionBudget', 'ledger', 'pdb', (o) => { o.splice(o.indexOf(find(o, 'PodDisruptionBudget')), 1); }],
    ['a PDB that blocks every drain', 'ledger', 'pdb', (o) => { find(o, 'PodDisruptionBudget').spec = { minAvailable: 3, selector: find(o, 'PodDisruptionBudget').spec.selector }; }],
    ['a PDB selecting other pods', 'ledger', 'pdb', (o) => { find(o, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'billing'; }],
    ['no NetworkPolicy', 'ledger', 'network-policy', (o) => { for (const np of o.filter((x) => x.kind === 'NetworkPolicy')) o.splice(o.indexOf(np), 1); }],
    ['gRPC open to every source', 'ledger', 'network-policy', (o) => { o.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'kessai-ledger').spec.ingress.push({ ports: [{ port: 'grpc' }] }); }],
    ['an unexpected caller', 'ledger', 'network-policy', (o) => { o.find((x) => x.metadata.name === 'kessai-ledger' && x.kind === 'NetworkPolicy').spec.ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/part-of': 'kessai' } } }); }],
    ['egress anywhere', 'webhook', 'network-policy', (o) => { o.find((x) => x.metadata.name === 'kessai-webhook' && x.kind === 'NetworkPolicy').spec.egress.push({ ports: [{ port: 443 }] }); }],
    ['egress to the internet on port 80', 'webhook', 'network-policy', (o) => { const np = o.find((x) => x.metadata.name === 'kessai-webhook' && x.kind === 'NetworkPolicy'); for (const r of np.spec.egress) for (const p of r.ports ?? []) if (p.port === 443) p.port = 80; }],
    ['egress to the internet without the private ranges excepted', 'webhook', 'network-policy', (o) => { const np = o.find((x) => x.metadata.name === 'kessai-webhook' && x.kind === 'NetworkPolicy'); for (const r of np.spec.egress) for (const t of r.to ?? []) if (t.ipBlock?.except) t.ipBlock.except = ['10.0.0.0/8']; }],
    ['no egress to a service it calls', 'webhook', 'network-policy', (o) => { const np = o.find((x) => x.metadata.name === 'kessai-webhook' && x.kind === 'NetworkPolicy'); np.spec.egress = np.spec.egress.filter((r: any) => !JSON.stringify(r).includes('"gateway"')); }],
    ['only Ingress restricted', 'ledger', 'network-policy', (o) => { for (const np of o.filter((x) => x.kind === 'NetworkPolicy')) np.spec.policyTypes = ['Ingress']; }],
    ['the latest tag', 'ledger', 'image-tag', (o) => { server(o).image = 'registry.kessai.example/kessai/ledger:latest'; }],
    ['no tag at all', 'ledger', 'image-tag', (o) => { find(o, 'Job').spec.template.spec.containers[0].image = 'registry.kessai.example:5000/kessai/ledger'; }],
    ['DATABASE_URL in a ConfigMap', 'ledger', 'plaintext-secret', (o) => { find(o, 'ConfigMap').data.DATABASE_URL = 'postgres://kessai_ledger:hunter2@db/kessai'; }],
    ['a password as a literal env value', 'ledger', 'plaintext-secret', (o) => { server(o).env.push({ name: 'SMTP_PASSWORD', value: 'hunter2' }); }],
    ['a credential URL in the ConfigMap', 'ledger', 'plaintext-secret', (o) => { find(o, 'ConfigMap').data.NATS_URL = 'nats://kessai:s3cret@nats:4222'; }],
    ['a Secret with values in the chart', 'ledger', 'plaintext-secret', (o) => { o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kessai-ledger-db' }, stringData: { DATABASE_URL: 'x' } }); }],
    ['a grace period shorter than the drain deadline', 'ledger', 'shutdown', (o) => { find(o, 'Deployment').spec.template.spec.terminationGracePeriodSeconds = 10; }],
    ['migrations on start in the cluster', 'ledger', 'migrations', (o) => { find(o, 'ConfigMap').data.MIGRATE_ON_START = 'true'; }],
    ['a migrations Job that is not a pre-install/pre-upgrade hook', 'ledger', 'migrations', (o) => { find(o, 'Job').metadata.annotations['helm.sh/hook'] = 'post-install'; }],
    ['a migrations hook reading the ConfigMap', 'ledger', 'migrations', (o) => { find(o, 'Job').spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'kessai-ledger' } }]; }],
    ['a wrong gRPC port', 'ledger', 'mesh', (o) => { find(o, 'ConfigMap').data.GRPC_PORT = '50099'; }],
    ['a wrong callee address', 'webhook', 'mesh', (o) => { find(o, 'ConfigMap').data.GATEWAY_GRPC_ADDR = 'gateway:50050'; }],
    ['a Service with another name', 'ledger', 'mesh', (o) => { find(o, 'Service').metadata.name = 'ledger'; }],
  ])('rejects %s', (_label, name, rule, change) => {
    const f = mutate(name, change);
    expect(f.length).toBeGreaterThan(0);
    expect(rules(f)).toContain(rule);
  });

  test('callers: a call the callee does not admit is rejected', () => {
    const values: Record<string, any> = {
      billing: { calls: ['ledger', 'notification'], callers: [] },
      ledger: { calls: [], callers: ['gateway'] },
      notification: { calls: [], callers: ['billing'] },
    };
    const f = checkCallerGraph('prod', values);
    expect(rules(f)).toEqual(['callers']);
    expect(f[0].message).toMatch(/billing calls ledger/);
  });

  test('mesh: the chart address book must equal packages/platform/src/mesh.ts', () => {
    const chartMesh = clone(releases.ledger.ctx.values.mesh);
    chartMesh.ledger.grpcPort = 50099;
    delete chartMesh.fees;
    const f = checkMeshTable(chartMesh, mesh);
    expect(f.map((x) => x.message)).toEqual(expect.arrayContaining([expect.stringMatching(/mesh.ledger.grpcPort/), expect.stringMatching(/no entry for fees/)]));
  });

  describe('repository layout (skaffold.yaml, deploy/)', () => {
    const layout = (services: string[], editSkaffold: (s: string) => string = (s) => s) => {
      const dir = mkdtempSync(join(tmp, 'repo-'));
      for (const s of services) mkdirSync(join(dir, 'services', s), { recursive: true });
      writeFileSync(join(dir, 'skaffold.yaml'), editSkaffold(readFileSync(join(root, 'skaffold.yaml'), 'utf8')));
      cpSync(join(root, 'deploy'), join(dir, 'deploy'), { recursive: true });
      return { root: dir, skaffoldFile: join(dir, 'skaffold.yaml'), servicesDir: join(dir, 'services'), deployDir: join(dir, 'deploy') };
    };
    test('the service folders of the repository pass', () => expect(checkLayout(layout(folders), mesh)).toEqual([]));
    test('a service listed in skaffold.yaml and deploy/ without a folder fails', () => {
      // the real skaffold.yaml and deploy/, with the webhook folder gone
      const p = layout(folders.filter((s) => s !== 'webhook'));
      const f = checkLayout(p, mesh);
      expect(rules(f).sort()).toEqual(['deploy-values', 'skaffold']);
      const text = f.map((x) => `${x.where}: ${x.message}`);
      expect(text).toEqual(expect.arrayContaining([
        'skaffold.yaml: module webhook has no folder services/webhook: list only services that exist',
        'deploy/dev/webhook.yaml: values for webhook, which has no folder services/webhook: list only services that exist',
        'deploy/staging/webhook.yaml: values for webhook, which has no folder services/webhook: list only services that exist',
        'deploy/prod/webhook.yaml: values for webhook, which has no folder services/webhook: list only services that exist',
        // gateway calls webhook and admits it as a caller
        'deploy/prod/gateway.yaml: calls lists webhook, which has no folder services/webhook',
        'deploy/prod/gateway.yaml: callers lists webhook, which has no folder services/webhook',
      ]));
      expect(f.every((x) => x.message.includes('services/webhook'))).toBe(true);
    });
    test('a service folder planned in MESH but not built yet is listed nowhere', () => {
      const planned = Object.keys(mesh).filter((s) => !folders.includes(s));
      const p = layout(folders);
      expect(checkStreams(p.deployDir, mesh, folders)).toEqual([]);
      expect(checkBootstrapSql(p.deployDir, mesh, folders)).toEqual([]);
      for (const s of planned) {
        for (const env of ['dev', 'staging', 'prod']) expect(readFileSync(join(p.deployDir, env, 'gateway.yaml'), 'utf8')).not.toMatch(new RegExp(`^  - ${s}$`, 'm'));
      }
    });
    test('a new service folder without skaffold module or values fails', () => {
      const p = layout([...folders, 'payouts']);
      const f = checkLayout(p, mesh);
      expect(rules(f).sort()).toEqual(['deploy-values', 'skaffold']);
      expect(f.map((x) => x.message).join('\n')).toMatch(/payouts is not in MESH[\s\S]*no values for dev[\s\S]*no module/);
      expect(f.every((x) => x.where === 'services/payouts')).toBe(true);
    });
    test('a service missing its values for one environment fails', () => {
      const p = layout(folders);
      rmSync(join(p.deployDir, 'staging/ledger.yaml'));
      expect(checkLayout(p, mesh).map((x) => x.message).join('\n')).toMatch(/no values for staging/);
    });
    test('a skaffold module without a prod profile, or with another values file, fails', () => {
      const dropProd = layout(folders, (s) => s.replace(/(name: ledger[\s\S]*?)\n {2}- name: prod[\s\S]*?(?=\n---)/, '$1'));
      expect(checkLayout(dropProd, mesh).map((x) => x.message).join('\n')).toMatch(/module ledger has no profile prod/);
      const wrongFile = layout(folders, (s) => s.replace('deploy/staging/ledger.yaml', 'deploy/staging/billing.yaml'));
      expect(rules(checkLayout(wrongFile, mesh))).toEqual(['skaffold']);
      const latest = layout(folders, (s) => s.replace(/gitCommit:\n\s+variant: AbbrevCommitSha\n(?=[\s\S]*kessai\/ledger)/, 'sha256: {}\n'));
      expect(checkLayout(latest, mesh).map((x) => x.message).join('\n')).toMatch(/tagPolicy must be gitCommit/);
    });
    test('secret values in values files fail', () => {
      const f = join(tmp, 'leaky.yaml');
      writeFileSync(f, 'database:\n  secretName: x\n  password: hunter2\nconfig:\n  extraEnv:\n    UPSTREAM: "https://svc:pa55@partner.example/api"\n');
      expect(checkValuesFilesForSecrets([f], tmp).map((x) => x.message)).toEqual([expect.stringMatching(/password holds a secret/), expect.stringMatching(/UPSTREAM holds a credential/)]);
    });
    test('NATS streams and the database bootstrap are checked', () => {
      const p = layout([]);
      const file = join(p.deployDir, 'nats/streams/KESSAI_LEDGER.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), num_replicas: 1, storage: 'memory' }));
      rmSync(join(p.deployDir, 'nats/streams/KESSAI_BILLING.json'));
      expect(checkStreams(p.deployDir, mesh, folders).map((x) => x.message)).toEqual(['storage must be file', 'num_replicas must be 3 (production)', 'missing stream definition for billing']);
      const sql = join(p.deployDir, 'postgres/bootstrap.sql');
      writeFileSync(sql, readFileSync(sql, 'utf8').replace('CREATE SCHEMA IF NOT EXISTS billing AUTHORIZATION kessai_billing;', '') + "\nALTER ROLE kessai_ledger PASSWORD 'x';\n");
      const f = checkBootstrapSql(p.deployDir, mesh, folders);
      expect(rules(f).sort()).toEqual(['database', 'plaintext-secret']);
      expect(f.map((x) => x.message)).toContain('no schema billing owned by kessai_billing');
    });
    test('a stream or a database role for a service without a folder fails', () => {
      const p = layout([]);
      const gone = folders.filter((s) => s !== 'webhook');
      expect(checkStreams(p.deployDir, mesh, gone)).toEqual([
        { rule: 'nats', where: 'deploy/nats/streams/KESSAI_WEBHOOK.json', message: 'a stream for no service under services/: list only services that exist' },
      ]);
      expect(checkBootstrapSql(p.deployDir, mesh, gone)).toEqual([
        { rule: 'database', where: 'deploy/postgres/bootstrap.sql', message: 'role or schema for webhook, which has no folder services/webhook: list only services that exist' },
      ]);
    });
  });

  test('image contents: production dependencies only, measured from the lockfile', () => {
    const r = imageContents(root, 'ledger');
    expect(r.devLeaks).toEqual([]);
    expect(r.packages.map((p) => p.name)).not.toEqual(expect.arrayContaining(['typescript', 'jest', 'eslint', '@swc/core']));
    expect(r.workspaces.map((w) => w.name)).toEqual(expect.arrayContaining(['@kessai/platform']));
    expect(r.shippedBytes).toBeLessThanOrEqual(r.totalBytes);
  });
});
