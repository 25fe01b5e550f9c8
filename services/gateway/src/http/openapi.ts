import { DomainError, httpStatusOf } from '@kessai/platform';
import { z } from 'zod';
import { AnyRoute, errorSchema } from './api';

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.1 generated from the same zod schemas that validate requests
 * (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 */
export function openApiDocument(routes: AnyRoute[]): Json {
  const components: Record<string, unknown> = {};
  const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
    const generated = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' });
    const js = JSON.parse(JSON.stringify(generated).replace(/#\/\$defs\//g, '#/components/schemas/')) as Json;
    const defs = (js.$defs ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(defs)) components[k] = v;
    delete js.$defs;
    delete js.$schema;
    const id = js.id as string | undefined;
    if (id) {
      delete js.id;
      components[id] = js;
      return { $ref: `#/components/schemas/${id}` };
    }
    return js;
  };
  const errorRef = schemaOf(errorSchema, 'output');
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [name, description] of Object.entries(r.params ?? {})) parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
    if (r.query) {
      const qs = schemaOf(r.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: qs.required?.includes(name) ?? false, description, schema: rest });
      }
    }
    parameters.push({
      name: 'Kessai-Account',
      in: 'header',
      required: false,
      description: 'Act for one of your tenants (owner keys only). Any other value answers 404.',
      schema: { type: 'string' },
    });
    if (r.method === 'post') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description: 'A unique key per operation (e.g. a UUID). A retry with the same key and body returns the first response; the same key with another body is a 409. Kept at least 24 hours.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      });
    }
    const ok = String(r.status ?? 200);
    const kinds: DomainError['kind'][] = ['invalid_argument', 'unauthenticated', 'not_found', 'resource_exhausted', ...(r.errors ?? [])];
    const responses: Json = r.produces
      ? { [ok]: { description: 'A download', content: Object.fromEntries(r.produces.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } }
      : { [ok]: { description: 'Success', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } } };
    for (const kind of kinds) responses[String(httpStatusOf(kind))] = { description: kind.replace(/_/g, ' '), content: { 'application/json': { schema: errorRef } } };
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      description: r.description,
      tags: [r.tag],
      parameters,
      requestBody: r.body
        ? {
            required: true,
            content: {
              'application/json': { schema: schemaOf(r.body, 'input') },
              ...Object.fromEntries((r.accepts ?? []).map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
            },
          }
        : undefined,
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kessai API',
      version: '2026-11-01',
      description:
        'The merchant API of Kessai. Authenticate with `Authorization: Bearer sk_test_…` (test mode) or `sk_live_…` (live mode); ' +
        'test data and live data never mix. Every error has the shape `{"error": {"type", "code", "message", "param", "request_id"}}`. ' +
        'Lists are paginated with `limit` and `starting_after` (the previous page\'s `next_cursor`). Amounts are integer yen.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: { schemas: components, securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Your secret API key' } } },
  };
}
