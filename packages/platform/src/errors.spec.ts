import { status } from '@grpc/grpc-js';
import { ConflictError, DomainError, fromGrpcError, inItem, NotFoundError, PreconditionError, toGrpcError, ValidationError } from './errors';

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

describe('inItem (errors of one item of a batch)', () => {
  it('names the fields of what it throws, or its promise rejects with, as that item; other errors pass as they are', async () => {
    const sync = (() => {
      try {
        return inItem('bills[3]', () => {
          throw ValidationError.field('amount', 'must be 1 to 300,000');
        });
      } catch (err) {
        return err as DomainError;
      }
    })();
    expect(sync).toMatchObject({ kind: 'invalid_argument', code: 'invalid_request', message: 'bills[3].amount: must be 1 to 300,000', fieldViolations: [{ field: 'bills[3].amount', description: 'must be 1 to 300,000' }] });
    await expect(inItem('bills[7]', async () => {
      throw new ConflictError('idempotency_key_reused', 'used before');
    })).rejects.toMatchObject({ kind: 'already_exists', code: 'idempotency_key_reused', message: 'bills[7]: used before', fieldViolations: [] });
    const plain = new TypeError('boom');
    await expect(inItem('bills[0]', async () => Promise.reject(plain))).rejects.toBe(plain);
    expect(inItem('bills[1]', () => 42)).toBe(42);
    await expect(inItem('bills[2]', async () => 'ok')).resolves.toBe('ok');
  });
});
