import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import type { Finding } from './types';

/** Compiles a chart's values.schema.json (draft-07, what Helm validates with). */
export function loadValuesSchema(schemaFile: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
}

/** Validates merged values the way `helm install` does before rendering. */
export function validateValues(validate: ValidateFunction, values: unknown, where: string): Finding[] {
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => ({
    rule: 'values-schema' as const,
    where,
    message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
  }));
}
