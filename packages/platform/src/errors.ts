import { Metadata, status as GrpcStatus, ServiceError } from '@grpc/grpc-js';
import { errorsV1 } from '@kessai/contracts';

/**
 * The one family of errors a use case may throw. `kind` picks the gRPC status
 * (and, at the edge, the HTTP status); `code` is stable and machine-readable.
 */
export type ErrorKind =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

export interface FieldViolation {
  field: string;
  description: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fieldViolations: FieldViolation[] = [],
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input: names every offending field. */
export class ValidationError extends DomainError {
  constructor(violations: FieldViolation[], code = 'invalid_request') {
    const message = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
    super('invalid_argument', code, message || 'invalid request', violations);
    this.name = 'ValidationError';
  }

  static field(field: string, description: string, code?: string): ValidationError {
    return new ValidationError([{ field, description }], code);
  }
}

/**
 * An error of one item of a batch, named as that item: every field it names
 * gets the item's path in front (`bills[3].amount`), and so does its message.
 * Anything that is not a DomainError passes as it is.
 */
export function errorOfItem(err: unknown, item: string): unknown {
  if (!(err instanceof DomainError)) return err;
  const violations = err.fieldViolations.map((v) => ({ field: `${item}.${v.field}`, description: v.description }));
  const message = violations.length ? violations.map((v) => `${v.field}: ${v.description}`).join('; ') : `${item}: ${err.message}`;
  return new DomainError(err.kind, err.code, message, violations, err.metadata);
}

/** Runs `fn` for one item of a batch: what it throws (or its promise rejects with) is named as that item (errorOfItem). */
export function inItem<T>(item: string, fn: () => T): T {
  try {
    const out = fn();
    return (out instanceof Promise ? out.catch((err: unknown) => Promise.reject(errorOfItem(err, item))) : out) as T;
  } catch (err) {
    throw errorOfItem(err, item);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what}_not_found`, `no ${what.replace(/_/g, ' ')} ${id}`);
    this.name = 'NotFoundError';
  }
}

/** Same idempotency key, different request; or a unique thing that already exists. */
export class ConflictError extends DomainError {
  constructor(code: string, message: string, metadata: Record<string, string> = {}) {
    super('already_exists', code, message, [], metadata);
    this.name = 'ConflictError';
  }
}

/** The request is well formed but the current state does not allow it. */
export class PreconditionError extends DomainError {
  constructor(code: string, message: string, metadata: Record<string, string> = {}) {
    super('failed_precondition', code, message, [], metadata);
    this.name = 'PreconditionError';
  }
}

const KIND_TO_GRPC: Record<ErrorKind, GrpcStatus> = {
  invalid_argument: GrpcStatus.INVALID_ARGUMENT,
  not_found: GrpcStatus.NOT_FOUND,
  already_exists: GrpcStatus.ALREADY_EXISTS,
  failed_precondition: GrpcStatus.FAILED_PRECONDITION,
  permission_denied: GrpcStatus.PERMISSION_DENIED,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  resource_exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  deadline_exceeded: GrpcStatus.DEADLINE_EXCEEDED,
  internal: GrpcStatus.INTERNAL,
};

const GRPC_TO_KIND = new Map<number, ErrorKind>(
  Object.entries(KIND_TO_GRPC).map(([kind, code]) => [code, kind as ErrorKind]),
);

export const ERROR_DETAIL_KEY = 'kessai-error-bin';

export interface GrpcErrorPayload {
  code: GrpcStatus;
  details: string;
  metadata: Metadata;
}

/**
 * The one mapping from any thrown value to a gRPC status. Unknown errors become
 * INTERNAL with a generic message; their details belong in the log only.
 */
export function toGrpcError(err: unknown): GrpcErrorPayload {
  const metadata = new Metadata();
  if (err instanceof DomainError) {
    const detail = errorsV1.ErrorDetail.encode({
      code: err.code,
      message: err.message,
      fieldViolations: err.fieldViolations,
      metadata: err.metadata,
    }).finish();
    metadata.set(ERROR_DETAIL_KEY, Buffer.from(detail));
    return { code: KIND_TO_GRPC[err.kind], details: err.message, metadata };
  }
  const detail = errorsV1.ErrorDetail.encode({ code: 'internal', message: 'internal error', fieldViolations: [], metadata: {} }).finish();
  metadata.set(ERROR_DETAIL_KEY, Buffer.from(detail));
  return { code: GrpcStatus.INTERNAL, details: 'internal error', metadata };
}

/** Client side: turns a failed call back into a DomainError (same code, fields). */
export function fromGrpcError(err: ServiceError | Error): DomainError {
  const svcErr = err as Partial<ServiceError>;
  const code = svcErr.code ?? GrpcStatus.UNKNOWN;
  const kind = GRPC_TO_KIND.get(code) ?? (code === GrpcStatus.CANCELLED ? 'unavailable' : 'internal');
  const raw = svcErr.metadata?.get(ERROR_DETAIL_KEY)?.[0];
  if (raw && Buffer.isBuffer(raw)) {
    const detail = errorsV1.ErrorDetail.decode(raw);
    return new DomainError(kind, detail.code, detail.message, detail.fieldViolations, detail.metadata);
  }
  return new DomainError(kind, kind, svcErr.details || err.message);
}

export function isDomainError(err: unknown, code?: string): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
