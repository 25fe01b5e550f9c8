import { isEmail, isPhone } from './validation';

describe('the one email and phone check', () => {
  it.each([
    ['taro@example.jp', true],
    ['a.b+c@sub.example.co.jp', true],
    ['not-an-email', false],
    ['taro@example', false],
    ['taro @example.jp', false],
    ['@example.jp', false],
  ])('email %s → %s', (value, ok) => expect(isEmail(value)).toBe(ok));

  it.each([
    ['03-1234-5678', true],
    ['+81-3-1234-5678', true],
    ['0312345678', true],
    ['12345', false],
    ['03 1234 5678', false],
    ['tel:0312345678', false],
    ['1'.repeat(21), false],
  ])('phone %s → %s', (value, ok) => expect(isPhone(value)).toBe(ok));
});
