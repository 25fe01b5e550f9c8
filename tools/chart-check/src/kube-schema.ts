import { createRequire } from 'node:module';
import type { Finding, KubeObject } from './types';

const load = createRequire(__filename);

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** kubernetes-models class for apiVersion/kind: kubernetes-models/<apiVersion>/<Kind>. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) return undefined;
  try {
    const mod = load(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>;
    return mod[kind];
  } catch {
    return undefined;
  }
}

function serviceMonitorFindings(obj: KubeObject, where: string): Finding[] {
  // @kubernetes-models/prometheus-operator is ESM-only; check the fields we rely on.
  const spec = obj.spec as { selector?: { matchLabels?: unknown }; endpoints?: Array<{ port?: unknown; path?: unknown }> } | undefined;
  const out: Finding[] = [];
  const bad = (message: string) => out.push({ rule: 'kube-schema', where, message });
  if (!spec?.selector || typeof spec.selector !== 'object') bad('ServiceMonitor spec.selector is required');
  if (!Array.isArray(spec?.endpoints) || spec.endpoints.length === 0) bad('ServiceMonitor spec.endpoints must be a non-empty list');
  for (const e of spec?.endpoints ?? []) if (typeof e.port !== 'string') bad('ServiceMonitor endpoint port must be a port name');
  return out;
}

/**
 * Validates every object against the Kubernetes OpenAPI schemas shipped in
 * kubernetes-models (missing required fields, wrong types, bad enums). Like
 * the models, it does not reject unknown (misspelled) fields.
 */
export function validateKubeSchemas(objects: KubeObject[], where: string): Finding[] {
  const out: Finding[] = [];
  for (const obj of objects) {
    const at = `${where} ${obj?.kind ?? '?'}/${obj?.metadata?.name ?? '?'}`;
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      out.push({ rule: 'kube-schema', where: at, message: 'object without apiVersion or kind' });
      continue;
    }
    if (!obj.metadata || typeof obj.metadata.name !== 'string' || obj.metadata.name === '') {
      out.push({ rule: 'kube-schema', where: at, message: 'metadata.name is required' });
    } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(obj.metadata.name) || obj.metadata.name.length > 63) {
      out.push({ rule: 'kube-schema', where: at, message: `metadata.name ${JSON.stringify(obj.metadata.name)} is not a DNS-1123 label` });
    }
    if (obj.apiVersion === 'monitoring.coreos.com/v1' && obj.kind === 'ServiceMonitor') {
      out.push(...serviceMonitorFindings(obj, at));
      continue;
    }
    const Model = modelFor(obj.apiVersion, obj.kind);
    if (!Model) {
      out.push({ rule: 'kube-schema', where: at, message: `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}` });
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      out.push({ rule: 'kube-schema', where: at, message: (e as Error).message });
    }
  }
  return out;
}
