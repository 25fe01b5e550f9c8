import { isTransient } from './inbox';
import { ValidationError } from '../errors';

describe('isTransient', () => {
  it('treats database and network outages as transient (never dead-lettered)', () => {
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient({ message: 'x', driverError: { code: '57P01' } })).toBe(true);
    expect(isTransient({ code: '08006', message: 'connection failure' })).toBe(true);
    expect(isTransient({ code: '40P01', message: 'deadlock detected' })).toBe(true);
  });
  it('treats bad events as permanent', () => {
    expect(isTransient(ValidationError.field('merchant_id', 'bad'))).toBe(false);
    expect(isTransient(new Error('index out of range'))).toBe(false);
    expect(isTransient({ code: '23505', message: 'duplicate key' })).toBe(false);
  });
});
