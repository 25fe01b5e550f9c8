import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type DomainError } from '@kessai/platform';
import { z } from 'zod';
import type { Principal } from '../app/authenticate';
import type { Merchant } from '../domain/merchant';

/** What a route handler sees: who calls, for which merchant, in which mode, with validated input. */
export interface RequestContext<Q, B> {
  requestId: string;
  principal: Principal;
  /** the merchant the request acts for (the key's own, or one of its tenants) */
  merchant: Merchant;
  livemode: boolean;
  query: Q;
  body: B;
  params: Record<string, string>;
  idempotencyKey?: string;
  /** a body in one of the route's `accepts` media types (then `body` is undefined) */
  raw?: RawBody;
}

/** A non-JSON request body, e.g. a CSV upload. */
export interface RawBody {
  /** the media type, lower case, without parameters */
  mediaType: string;
  /** the charset parameter, lower case, when given */
  charset?: string;
  data: Buffer;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  /** a download instead of JSON (GET routes only), e.g. a CSV or PDF export */
  file?: { contentType: string; data: Buffer; filename: string };
}

/**
 * One public endpoint: its zod schemas validate the request and generate the
 * OpenAPI document, so the docs can never drift from what is enforced.
 */
export interface Route<Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'delete';
  /** Express path, e.g. /v1/webhook_endpoints/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** POST routes: a larger body than the gateway's limit (GATEWAY_MAX_BODY_BYTES) for this route only */
  maxBodyBytes?: number;
  /** POST routes: media types accepted besides JSON, handed over as `raw` (e.g. text/csv) */
  accepts?: string[];
  params?: Record<string, string>;
  response: z.ZodType;
  /** media types of a download route (its `response` then documents nothing but the JSON errors) */
  produces?: string[];
  /** the HTTP status of a success (default 200) */
  status?: number;
  /** documented error kinds besides the common ones */
  errors?: DomainError['kind'][];
  handler: (ctx: RequestContext<Q, B>) => Promise<RouteResult>;
}

export function route<Q, B>(r: Route<Q, B>): Route<Q, B> {
  return r;
}

/** A route of any input types (handlers are contravariant in them, so `unknown` would not do). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = Route<any, any>;

export const listQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE_MAX)
    .default(PAGE_SIZE_DEFAULT)
    .describe(`How many objects to return, 1 to ${PAGE_SIZE_MAX} (default ${PAGE_SIZE_DEFAULT}).`),
  starting_after: z.string().max(1024).optional().describe('The `next_cursor` of the previous page: the page after it is returned.'),
});

export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean(),
      next_cursor: z.string().nullable().describe('Pass as `starting_after` to get the next page; null on the last page.'),
    })
    .meta({ id: `${name}List` });
}

export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum(['invalid_request_error', 'authentication_error', 'rate_limit_error', 'api_error']),
      code: z.string().describe('Stable, machine-readable code, e.g. `parameter_invalid`, `resource_missing`.'),
      message: z.string().describe('A human-readable explanation.'),
      param: z.string().nullable().describe('The parameter (or header) at fault, when there is one.'),
      request_id: z.string().describe('Quote this when you contact support.'),
    }),
  })
  .meta({ id: 'Error' });
