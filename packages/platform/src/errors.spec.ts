import { status } from '@grpc/grpc-js';
import { ConflictError, DomainError, fromGrpcError, NotFoundError, PreconditionError, toGrpcError, ValidationError } from './errors';

describe('gRPC error mapping', () => {
  it.each([
    [ValidationError.field('amount', 'too big'), status.INVALID_ARGUMENT],
    [new NotFoundError('hold', 'hold_1'), status.NOT_FOUND],
    [new ConflictError('idempotency_key_reused', 'x'), status.ALREADY_EXISTS],
    [new PreconditionError('insufficient_funds', 'x'), status.FAILED_PRECONDITION],
    [new DomainError('resource_exhausted', 'rate_limited', 'slow down'), status.RESOURCE_EXHAUSTED],
  ])('%s travels as its status and comes back with code and fields', (err, code) => {
    const wire = toGrpcError(err);
    expect(wire.code).toBe(code);
    const back = fromGrpcError(Object.assign(new Error(wire.details), { code: wire.code, details: wire.details, metadata: wire.metadata }));
    expect(back).toMatchObject({ kind: err.kind, code: err.code, message: err.message, fieldViolations: err.fieldViolations });
  });

  it('hides unknown errors behind a generic INTERNAL', () => {
    const wire = toGrpcError(new Error('connection string postgres://secret@db leaked'));
    expect(wire).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
    const back = fromGrpcError(Object.assign(new Error('x'), { code: wire.code, details: wire.details, metadata: wire.metadata }));
    expect(back.message).toBe('internal error');
  });

  it('lists every field of a validation error in its message', () => {
    const err = new ValidationError([{ field: 'a', description: 'bad' }, { field: 'b[0].c', description: 'worse' }]);
    expect(err.message).toBe('a: bad; b[0].c: worse');
  });
});
