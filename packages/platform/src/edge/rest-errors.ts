import { DomainError, ErrorKind } from '../errors';

/**
 * The one mapping from DomainError (and so from any gRPC status, through
 * fromGrpcError) to the public REST error body:
 *   {"error": {"type", "code", "message", "param", "request_id"}}
 */
export interface RestErrorBody {
  error: { type: string; code: string; message: string; param: string | null; request_id: string };
}

const KIND_TO_HTTP: Record<ErrorKind, { status: number; type: string }> = {
  invalid_argument: { status: 400, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  already_exists: { status: 409, type: 'invalid_request_error' },
  failed_precondition: { status: 409, type: 'invalid_request_error' },
  permission_denied: { status: 403, type: 'invalid_request_error' },
  unauthenticated: { status: 401, type: 'authentication_error' },
  resource_exhausted: { status: 429, type: 'rate_limit_error' },
  unavailable: { status: 503, type: 'api_error' },
  deadline_exceeded: { status: 504, type: 'api_error' },
  internal: { status: 500, type: 'api_error' },
};

export function httpStatusOf(kind: ErrorKind): number {
  return KIND_TO_HTTP[kind].status;
}

/** Unknown errors become a generic 500: details belong in the log only. */
export function toRestError(err: unknown, requestId: string): { status: number; body: RestErrorBody } {
  if (err instanceof DomainError) {
    const { status, type } = KIND_TO_HTTP[err.kind];
    const internal = err.kind === 'internal';
    return {
      status,
      body: {
        error: {
          type,
          code: internal ? 'internal' : err.code,
          message: internal ? 'internal error' : err.message,
          param: err.fieldViolations[0]?.field ?? null,
          request_id: requestId,
        },
      },
    };
  }
  return { status: 500, body: { error: { type: 'api_error', code: 'internal', message: 'internal error', param: null, request_id: requestId } } };
}

/** A DomainError with an explicit HTTP-ish kind, for edge-only failures. */
export function edgeError(kind: ErrorKind, code: string, message: string, param?: string): DomainError {
  return new DomainError(kind, code, message, param ? [{ field: param, description: message }] : []);
}
