/**
 * The "service config" check: each service's own config loader (dist/config.js,
 * `<name>Config(env)`) runs against the environment its rendered chart gives it.
 * Each test breaks the values (or the service) and expects the check to fail,
 * naming the service, the environment and the loader's problems.
 * Needs Go for the renderer, like chart-check.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureRenderer, mergedValues, render } from '../src/renderer';
import { describeWithRenderer } from './needs-renderer';
import { buildServices, checkServiceConfigs, loaderName, placeholderFor, plainValueLooksSecret, type ConfigTarget } from '../src/service-config';
import type { Finding, RuleName } from '../src/types';
import { loadValuesSchema, validateValues } from '../src/values';

const root = resolve(__dirname, '../../..');
const chartDir = join(root, 'charts/kessai-service');
const servicesDir = join(root, 'services');

const rules = (f: Finding[]): RuleName[] => [...new Set(f.map((x) => x.rule))];
const text = (f: Finding[]): string => f.map((x) => `${x.where}: ${x.message}`).join('\n');

describeWithRenderer('service config check', () => {
  let renderer: string;
  let tmp: string;

  /** Renders <service> in <env> with deploy/ values plus an override (YAML text), as a check target. */
  const target = (service: string, env = 'prod', override = '', name = service): ConfigTarget => {
    const files = [join(root, 'deploy', env, '_env.yaml'), join(root, 'deploy', env, `${service}.yaml`)];
    if (override) {
      const f = join(mkdtempSync(join(tmp, 'values-')), 'override.yaml');
      writeFileSync(f, override);
      files.push(f);
    }
    const req = { chartDir, releaseName: `kessai-${service}`, namespace: env === 'prod' ? 'kessai' : `kessai-${env}`, valueFiles: files, setString: { 'image.tag': 'abc1234' } };
    const r = render(renderer, req);
    if (!r.ok) throw new Error(r.error);
    return { service: name, env, where: `${name}/${env}`, objects: r.objects, values: mergedValues(renderer, req) };
  };
  const check = (targets: ConfigTarget[], dir = servicesDir): Finding[] => checkServiceConfigs(targets, { root, servicesDir: dir, build: false }).findings;

  beforeAll(() => {
    renderer = ensureRenderer(root)!;
    tmp = mkdtempSync(join(tmpdir(), 'service-config-'));
    // self-sufficient: the loaders come from dist/ (a no-op when CI already built)
    const err = buildServices(root, servicesDir, ['billing', 'gateway', 'ledger', 'notification', 'webhook']);
    if (err) throw new Error(err);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('every existing service starts with its chart environment in every environment', () => {
    const targets = ['billing', 'gateway', 'ledger', 'notification', 'webhook'].filter((s) => existsSync(join(servicesDir, s))).flatMap((s) => ['dev', 'staging', 'prod'].map((e) => target(s, e)));
    expect(check(targets)).toEqual([]);
  });

  test('a required secret missing from the values: the loader problems, service and environment are named, for the server and the migrations Job', () => {
    const f = check([target('gateway', 'prod', 'secretEnv: []\n')]);
    expect(rules(f)).toEqual(['service-config']);
    expect(f.map((x) => x.where)).toEqual(['gateway/prod', 'gateway/prod']);
    expect(text(f)).toMatch(/Deployment\/kessai-gateway container gateway: gatewayConfig\(\) rejects .*2 problems[\s\S]*GATEWAY_OPERATOR_TOKENS: is required[\s\S]*GATEWAY_KEY_PEPPER: is required/);
    expect(text(f)).toMatch(/Job\/kessai-gateway-migrate container migrate: gatewayConfig\(\) rejects/);
  });

  test('staging is checked on its own: webhook without partners fails there', () => {
    const f = check([target('webhook', 'staging', 'secretEnv: []\n'), target('webhook', 'prod')]);
    expect([...new Set(f.map((x) => x.where))]).toEqual(['webhook/staging']);
    expect(text(f)).toMatch(/WEBHOOK_PARTNERS: is required outside development and test/);
  });

  test.each([
    // env, override of billing's extraEnv, the loader's problem
    ['prod', 'BILLING_BARCODE_COMPANY_CODE: null', /BILLING_BARCODE_COMPANY_CODE: is required outside development and test/],
    ['staging', 'BILLING_FAMILYMART_COMPANY_CODE: null', /BILLING_FAMILYMART_COMPANY_CODE: is required outside development and test/],
    ['prod', 'BILLING_BARCODE_COMPANY_CODE: "912345"', /BILLING_BARCODE_COMPANY_CODE: 912345 is the published example/],
  ])('billing in %s with %s: the company-code placeholders never reach it', (env, line, problem) => {
    const f = check([target('billing', env, `config:\n  extraEnv:\n    ${line}\n`)]);
    expect([...new Set(f.map((x) => x.where))]).toEqual([`billing/${env}`]);
    expect(text(f)).toMatch(problem);
  });

  test('a placeholder of the wrong shape fails the loader (placeholders are taken from the values)', () => {
    const f = check([target('webhook', 'prod', 'secretEnv:\n  - { name: WEBHOOK_PARTNERS, secretName: kessai-webhook-secrets, key: WEBHOOK_PARTNERS, placeholder: "not json" }\n')]);
    expect(text(f)).toMatch(/WEBHOOK_PARTNERS: is not valid JSON/);
  });

  test('a value the loader rejects from the ConfigMap fails, naming it', () => {
    const f = check([target('notification', 'staging', 'config:\n  extraEnv:\n    SMTP_PORT: "smtp"\n    EMAIL_MAX_ATTEMPTS: "0"\n')]);
    expect(text(f)).toMatch(/notificationConfig\(\) rejects[\s\S]*SMTP_PORT:[\s\S]*EMAIL_MAX_ATTEMPTS:/);
  });

  test('secrets given as plain values fail even when the loader accepts them', () => {
    const f = check([
      target('gateway', 'prod', 'secretEnv: []\nconfig:\n  extraEnv:\n    GATEWAY_OPERATOR_TOKENS: op-token-1\n    GATEWAY_KEY_PEPPER: pepper-pepper-pepper-1\n'),
      target('webhook', 'prod', `secretEnv: []\nconfig:\n  extraEnv:\n    WEBHOOK_PARTNERS: '{"bank":{"secrets":["whsec_live_abcdefghijklmnop"],"livemode":true,"kind":"bank"}}'\n`),
      target('notification', 'prod', 'secretEnv: []\nconfig:\n  extraEnv:\n    SMTP_PASSWORD: hunter2\n'),
    ]);
    expect(rules(f)).toEqual(['plaintext-secret']);
    const t = text(f);
    for (const v of ['GATEWAY_OPERATOR_TOKENS', 'GATEWAY_KEY_PEPPER', 'WEBHOOK_PARTNERS holds secret material', 'SMTP_PASSWORD']) expect(t).toContain(v);
    expect(t).toMatch(/Job\/kessai-gateway-migrate container migrate: GATEWAY_KEY_PEPPER/);
  });

  test('the postcard outbox on the read-only root filesystem or a read-only mount fails; unset fails too', () => {
    const noVolume = check([target('notification', 'prod', 'volumes: []\n')]);
    expect(text(noVolume)).toMatch(/notification\/prod: Deployment\/kessai-notification container notification: POSTCARD_OUTBOX_DIR is \/var\/lib\/kessai\/postcard-outbox \(from ConfigMap kessai-notification\), on the read-only root filesystem/);
    const unset = check([target('notification', 'dev', 'config:\n  extraEnv:\n    POSTCARD_OUTBOX_DIR: null\n')]);
    expect(text(unset)).toMatch(/POSTCARD_OUTBOX_DIR is not set/);
    const t = target('notification', 'prod');
    const d: any = t.objects.find((o) => o.kind === 'Deployment');
    d.spec.template.spec.containers[0].volumeMounts[1].readOnly = true;
    expect(text(check([t]))).toMatch(/on the read-only mount postcard-outbox/);
  });

  test('a loopback default (SMTP relay on 127.0.0.1) fails', () => {
    const f = check([target('notification', 'staging', 'config:\n  extraEnv:\n    SMTP_HOST: null\n')]);
    expect(text(f)).toMatch(/notification\/staging: .*SMTP_HOST is 127\.0\.0\.1 \(not set: the loader default\): loopback/);
    expect(text(check([target('ledger', 'dev', 'config:\n  natsUrl: nats://localhost:4222\n')]))).toMatch(/NATS_URL is nats:\/\/localhost:4222 \(from ConfigMap/);
  });

  test('a service that listens on HTTP without the port, the Service port or the NetworkPolicy ingress fails', () => {
    const f = check([target('gateway', 'prod', 'publicHttp:\n  enabled: false\n')]);
    expect(text(f)).toMatch(/gateway\/prod: .*listens on HTTP_PORT 8080 .* container port named http is missing/);
    const t = target('webhook', 'prod');
    const np: any = t.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'kessai-webhook');
    np.spec.ingress = np.spec.ingress.filter((r: any) => !JSON.stringify(r.ports).includes('http'));
    const svc: any = t.objects.find((o) => o.kind === 'Service');
    svc.spec.ports = svc.spec.ports.filter((p: any) => p.name !== 'http');
    const g = text(check([t]));
    expect(g).toMatch(/HTTP_PORT 8081 is not exposed by the Service/);
    expect(g).toMatch(/no NetworkPolicy ingress admits HTTP_PORT 8081/);
  });

  describe('loader convention (a service being added)', () => {
    const fakeService = (files: Record<string, string>): string => {
      const dir = mkdtempSync(join(tmp, 'services-'));
      for (const [f, content] of Object.entries(files)) {
        mkdirSync(join(dir, 'payouts', f, '..'), { recursive: true });
        writeFileSync(join(dir, 'payouts', f), content);
      }
      return dir;
    };
    const payouts = () => target('ledger', 'prod', '', 'payouts');

    test('a service whose loader is not exported as <name>Config fails', () => {
      const dir = fakeService({ 'src/main.ts': '', 'dist/config.js': 'exports.loadConfig = () => ({});\n' });
      expect(text(check([payouts()], dir))).toMatch(/payouts\/prod: .*payouts\/dist\/config\.js: does not export payoutsConfig\(env\) \(exports: loadConfig\)/);
    });
    test('a runnable service without config.js fails; a folder with nothing to run yet is skipped', () => {
      const dir = fakeService({ 'src/main.ts': '' });
      expect(text(check([payouts()], dir))).toMatch(/payouts\/dist\/config\.js is missing/);
      const wip = fakeService({ 'src/domain/x.ts': '' });
      const r = checkServiceConfigs([payouts()], { root, servicesDir: wip, build: false });
      expect(r).toEqual({ findings: [], checked: [], skipped: ['payouts'] });
    });
    test('whatever the loader throws is reported; its ConfigError problems one by one', () => {
      const dir = fakeService({
        'src/main.ts': '',
        'dist/config.js': `exports.payoutsConfig = (env) => { if (env.KESSAI_ENV === 'production') { const e = new Error('x'); e.problems = ['PAYOUTS_BANK_KEY: is required', 'PAYOUTS_LIMIT: must be a number']; throw e; } return {}; };\n`,
      });
      const f = check([payouts(), target('ledger', 'staging', '', 'payouts')], dir);
      expect(f.map((x) => x.where)).toEqual(['payouts/prod', 'payouts/prod']);
      expect(text(f)).toMatch(/payoutsConfig\(\) rejects the environment the chart gives it \(2 problems\):\n {2}- PAYOUTS_BANK_KEY: is required\n {2}- PAYOUTS_LIMIT: must be a number/);
    });
  });

  test('placeholders: declared in values, else chosen by the variable name', () => {
    const values = { secretEnv: [{ name: 'X_PARTNERS', placeholder: '{"a":1}' }], database: { placeholder: 'postgres://kessai_x@db.example/kessai' } };
    expect(placeholderFor('X_PARTNERS', values)).toBe('{"a":1}');
    expect(placeholderFor('DATABASE_URL', values)).toBe('postgres://kessai_x@db.example/kessai');
    expect(placeholderFor('DATABASE_URL', {})).toMatch(/^postgres:\/\//);
    expect(placeholderFor('REPORTS_DATABASE_URL', {})).toMatch(/^postgres:\/\//);
    expect(placeholderFor('PARTNER_API_URL', {})).toMatch(/^https:\/\//);
    expect(placeholderFor('SMTP_HOST', {})).toBe('placeholder.invalid');
    expect(placeholderFor('SMTP_USER', {})).toBe('placeholder-user');
    expect(placeholderFor('GATEWAY_KEY_PEPPER', {}).length).toBeGreaterThanOrEqual(32);
    expect(loaderName('account-transfer')).toBe('accountTransferConfig');
    expect(loaderName('ledger')).toBe('ledgerConfig');
    expect(plainValueLooksSecret('{"p":{"secrets":["x"]}}')).toBe(true);
    expect(plainValueLooksSecret('{"p":{"secrets":[]}}')).toBe(false);
    expect(plainValueLooksSecret('postgres://u:pw@db/x')).toBe(true);
    expect(plainValueLooksSecret('smtp-relay.kessai.example')).toBe(false);
  });

  describe('values.schema.json for the new keys', () => {
    const validate = loadValuesSchema(join(chartDir, 'values.schema.json'));
    const good = () => structuredClone(target('notification', 'prod').values) as any;
    test('the notification values are valid', () => expect(validateValues(validate, good(), 'x')).toEqual([]));
    test.each([
      ['a volume with both sizeLimit and claimName', (v: any) => { v.volumes[0].sizeLimit = '1Gi'; }],
      ['a volume over /tmp', (v: any) => { v.volumes[0].mountPath = '/tmp/outbox'; }],
      ['a volume named tmp', (v: any) => { v.volumes[0].name = 'tmp'; }],
      ['DATABASE_URL in secretEnv', (v: any) => { v.secretEnv.push({ name: 'DATABASE_URL', secretName: 'x', key: 'y' }); }],
      ['a placeholder with a password', (v: any) => { v.secretEnv[0].placeholder = 'smtp://u:hunter2@relay'; }],
      ['a pepper in extraEnv', (v: any) => { v.config.extraEnv.GATEWAY_KEY_PEPPER = 'x'; }],
      ['an egress rule without peers', (v: any) => { v.networkPolicy.extraEgress.push({ to: [], ports: [{ port: 25 }] }); }],
      ['an unknown key in an egress rule', (v: any) => { v.networkPolicy.extraEgress[0].from = []; }],
    ])('rejects %s', (_label, change) => {
      const v = good();
      change(v);
      expect(rules(validateValues(validate, v, 'x'))).toEqual(['values-schema']);
    });
  });
});
