/** One problem the check found. `rule` names the check so a test can assert which one fired. */
export interface Finding {
  readonly rule: RuleName;
  /** service/environment, file or object the problem is in */
  readonly where: string;
  readonly message: string;
}

export type RuleName =
  | 'render'
  | 'kube-schema'
  | 'values-schema'
  | 'probes'
  | 'resources'
  | 'security'
  | 'service-account'
  | 'pdb'
  | 'network-policy'
  | 'callers'
  | 'image-tag'
  | 'plaintext-secret'
  | 'shutdown'
  | 'migrations'
  | 'mesh'
  | 'skaffold'
  | 'deploy-values'
  | 'nats'
  | 'database'
  | 'service-config';

/** A Kubernetes object as rendered (plain JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Namespace each environment's releases go to (skaffold.yaml and docs/operations.md use the same). */
export const NAMESPACES: Record<Environment, string> = { dev: 'kessai-dev', staging: 'kessai-staging', prod: 'kessai' };

export const KESSAI_ENV: Record<Environment, string> = { dev: 'development', staging: 'staging', prod: 'production' };
