import { customerNumberFor, hasEnded, mandateEventType, statusFromBank } from './mandate';

describe('mandate status from the bank', () => {
  it.each([
    ['requested', 'registered', 'active'],
    ['requested', 'rejected', 'rejected'],
    ['requested', 'cancelled', 'cancelled'],
    ['active', 'registered', null],
    ['active', 'cancelled', 'cancelled'],
    ['active', 'rejected', null],
    ['cancelled', 'cancelled', null],
    ['cancelled', 'registered', null],
    ['rejected', 'registered', null],
    ['rejected', 'rejected', null],
  ] as const)('%s + bank %s -> %s', (current, bankStatus, next) => {
    expect(statusFromBank(current, bankStatus)).toBe(next);
  });

  it('names events and ends', () => {
    expect(mandateEventType('active')).toBe('account_transfer.mandate.activated');
    expect(mandateEventType('cancelled')).toBe('account_transfer.mandate.cancelled');
    expect(hasEnded('rejected')).toBe(true);
    expect(hasEnded('active')).toBe(false);
    expect(customerNumberFor(42)).toBe('00000000000000000042');
  });
});
