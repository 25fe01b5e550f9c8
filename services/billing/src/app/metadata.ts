import { ValidationError, type FieldViolation } from '@kessai/platform';

/** Stripe's limits (docs/reference/konbini.md#metadata). */
export const METADATA_MAX_KEYS = 20;
export const METADATA_MAX_KEY_LENGTH = 40;
export const METADATA_MAX_VALUE_LENGTH = 500;

/**
 * Checks a bill's metadata: at most 20 pairs, keys 1 to 40 characters without
 * `[` or `]`, values at most 500 characters. `allowEmptyValues`: an update,
 * where an empty value removes the key. Names every faulty field.
 */
export function validateMetadata(metadata: Record<string, string>, opts: { allowEmptyValues?: boolean } = {}): void {
  const v: FieldViolation[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    const field = `metadata[${key}]`;
    if (key.length === 0) v.push({ field: 'metadata', description: 'keys must not be empty' });
    else if (key.length > METADATA_MAX_KEY_LENGTH) v.push({ field, description: `key must be at most ${METADATA_MAX_KEY_LENGTH} characters` });
    else if (/[[\]]/.test(key)) v.push({ field, description: 'key must not contain [ or ]' });
    if (typeof value !== 'string') v.push({ field, description: 'must be a string' });
    else if (value.length > METADATA_MAX_VALUE_LENGTH) v.push({ field, description: `value must be at most ${METADATA_MAX_VALUE_LENGTH} characters` });
    else if (value.length === 0 && !opts.allowEmptyValues) v.push({ field, description: 'value must not be empty' });
  }
  if (v.length) throw new ValidationError(v);
}

/** An update's metadata merged into the bill's: an empty value removes its key; at most 20 keys result. */
export function mergeMetadata(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  validateMetadata(patch, { allowEmptyValues: true });
  const merged: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > METADATA_MAX_KEYS) throw ValidationError.field('metadata', `at most ${METADATA_MAX_KEYS} keys`);
  return merged;
}

/** A new bill's metadata. */
export function checkNewMetadata(metadata: Record<string, string>): Record<string, string> {
  validateMetadata(metadata);
  if (Object.keys(metadata).length > METADATA_MAX_KEYS) throw ValidationError.field('metadata', `at most ${METADATA_MAX_KEYS} keys`);
  return metadata;
}
