import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateKubeSchemas } from './kube-schema';
import { readMesh, type MeshEntry } from './mesh';
import { mergedValues, render } from './renderer';
import { checkBootstrapSql, checkLayout, checkStreams, checkValuesFilesForSecrets, deployedServices, serviceFolders } from './repo';
import { checkCallerGraph, checkMeshTable, checkRelease } from './rules';
import { checkServiceConfigs, type ConfigTarget } from './service-config';
import { ENVIRONMENTS, NAMESPACES, type Environment, type Finding } from './types';
import { loadValuesSchema, validateValues } from './values';

export interface CheckOptions {
  root: string;
  renderer: string;
  /** defaults: <root>/charts/kessai-service, <root>/deploy, <root>/skaffold.yaml, <root>/services */
  chartDir?: string;
  deployDir?: string;
  skaffoldFile?: string;
  servicesDir?: string;
  /** image tag the CI render uses in place of the git commit skaffold/helm would set */
  tag?: string;
  /** restrict to these environments / services (tests) */
  environments?: readonly Environment[];
  services?: readonly string[];
  /** run each service's config loader against its rendered environment (default true) */
  serviceConfig?: boolean;
  /** `tsc -b` the services before loading their dist/config.js (default true) */
  buildServices?: boolean;
}

export interface CheckReport {
  findings: Finding[];
  releases: number;
  objects: number;
  /** services whose config loader ran against their rendered environment; folders skipped (nothing to run yet) */
  serviceConfig?: { checked: string[]; skipped: string[] };
}

/** Renders and validates every service × environment, plus the repository layout. */
export function checkAll(o: CheckOptions): CheckReport {
  const chartDir = o.chartDir ?? join(o.root, 'charts/kessai-service');
  const deployDir = o.deployDir ?? join(o.root, 'deploy');
  const mesh = readMesh(o.root);
  const servicesDir = o.servicesDir ?? join(o.root, 'services');
  // MESH also reserves addresses for services not built yet; only those with a folder are deployed
  const folders = serviceFolders(servicesDir);
  const findings: Finding[] = [];
  const validate = loadValuesSchema(join(chartDir, 'values.schema.json'));

  const chartDefaults = mergedValues(o.renderer, { chartDir, releaseName: 'defaults', namespace: 'default', valueFiles: [] });
  findings.push(...checkMeshTable(chartDefaults.mesh as Record<string, MeshEntry>, mesh));
  findings.push(
    ...checkLayout(
      { root: o.root, skaffoldFile: o.skaffoldFile ?? join(o.root, 'skaffold.yaml'), servicesDir, deployDir },
      mesh,
    ),
  );
  findings.push(...checkStreams(deployDir, mesh, folders), ...checkBootstrapSql(deployDir, mesh, folders));

  const valuesFiles = [join(chartDir, 'values.yaml')];
  const configTargets: ConfigTarget[] = [];
  let releases = 0;
  let objects = 0;
  for (const env of o.environments ?? ENVIRONMENTS) {
    const envDir = join(deployDir, env);
    if (!existsSync(envDir)) continue;
    valuesFiles.push(...readdirSync(envDir).filter((f) => f.endsWith('.yaml')).map((f) => join(envDir, f)));
    const envValues: Record<string, Record<string, unknown>> = {};
    for (const name of o.services ?? deployedServices(mesh, folders).map((m) => m.name)) {
      const file = join(envDir, `${name}.yaml`);
      if (!existsSync(file)) continue; // checkLayout reports missing values for existing services
      const where = `${name}/${env}`;
      const req = {
        chartDir,
        releaseName: `kessai-${name}`,
        namespace: NAMESPACES[env],
        valueFiles: [join(envDir, '_env.yaml'), file],
        setString: { 'image.tag': o.tag ?? '0000000' },
      };
      releases++;
      let values: Record<string, unknown>;
      try {
        values = mergedValues(o.renderer, req);
      } catch (e) {
        findings.push({ rule: 'render', where, message: (e as Error).message });
        continue;
      }
      envValues[name] = values;
      findings.push(...validateValues(validate, values, where));
      if (values.name !== name) findings.push({ rule: 'deploy-values', where, message: `name is ${String(values.name)}, the file is for ${name}` });
      const r = render(o.renderer, req);
      if (!r.ok) {
        findings.push({ rule: 'render', where, message: r.error });
        continue;
      }
      objects += r.objects.length;
      findings.push(...validateKubeSchemas(r.objects, where));
      findings.push(...checkRelease(r.objects, { where, service: mesh[name], namespace: NAMESPACES[env], mesh, values }));
      configTargets.push({ service: name, env, where, objects: r.objects, values });
    }
    findings.push(...checkCallerGraph(env, envValues));
  }
  findings.push(...checkValuesFilesForSecrets(valuesFiles, o.root));
  let serviceConfig: CheckReport['serviceConfig'];
  if (o.serviceConfig !== false) {
    const r = checkServiceConfigs(configTargets, { root: o.root, servicesDir, build: o.buildServices });
    findings.push(...r.findings);
    serviceConfig = { checked: r.checked, skipped: r.skipped };
  }
  return { findings, releases, objects, serviceConfig };
}
