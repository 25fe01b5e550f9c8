import { isEmail, isPhone, normalisePhone } from './validation';

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
    ['03 1234 5678', true],
    ['０９０－１２３４－５６７８', true],
    ['(03) 1234-5678', true],
    ['tel:0312345678', false],
    ['3-1234-5678', false],
    ['1'.repeat(21), false],
  ])('phone %s → %s', (value, ok) => expect(isPhone(value)).toBe(ok));

  it('normalises a phone number to the national digits', () => {
    expect(normalisePhone('+81-90-1234-5678')).toBe('09012345678');
    expect(normalisePhone('12345')).toBeUndefined();
  });

  it('refuses an email longer than 254 characters', () => expect(isEmail(`${'a'.repeat(250)}@example.jp`)).toBe(false));
});
