import { normalisePhone } from '@kessai/platform';
import { decideChannels, normalisePostalCode, RecipientContact } from './channels';

const address = { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1', line2: '' };
const full: RecipientContact = { name: '山田 太郎', email: 'taro@example.jp', postalAddress: address, phone: '03-1234-5678', optedOut: [] };

describe('decideChannels', () => {
  it('uses every wanted channel that reaches the recipient', () => {
    const d = decideChannels({ kind: 'remittance_invitation', wanted: ['email', 'postcard', 'phone'], fallbacks: [], recipient: full });
    expect(d).toEqual({ channels: ['email', 'postcard', 'phone'], skipped: [], usedFallback: false });
  });

  it('defaults to the kind’s channels when none are named', () => {
    expect(decideChannels({ kind: 'remittance_invitation', wanted: [], fallbacks: [], recipient: full }).channels).toEqual(['email']);
  });

  it('falls back to a postcard when there is no email address and the order allows postcards', () => {
    const d = decideChannels({ kind: 'remittance_invitation', wanted: ['email'], fallbacks: ['postcard', 'phone'], recipient: { ...full, email: '' } });
    expect(d.channels).toEqual(['postcard']);
    expect(d.usedFallback).toBe(true);
    expect(d.skipped).toEqual([{ channel: 'email', reason: 'no_contact' }]);
  });

  it('does not fall back to a postcard the order does not allow', () => {
    const d = decideChannels({ kind: 'remittance_invitation', wanted: ['email'], fallbacks: ['phone'], recipient: { ...full, email: '' } });
    expect(d.channels).toEqual(['phone']);
  });

  it('respects opt-outs, also for fallbacks', () => {
    const d = decideChannels({ kind: 'remittance_recontact', wanted: ['email'], fallbacks: ['postcard'], recipient: { ...full, optedOut: ['email', 'postcard'] } });
    expect(d.channels).toEqual([]);
    expect(d.skipped).toEqual([{ channel: 'email', reason: 'opted_out' }, { channel: 'postcard', reason: 'opted_out' }]);
  });

  it('needs a complete postal address for a postcard', () => {
    const d = decideChannels({ kind: 'test', wanted: ['postcard'], fallbacks: [], recipient: { ...full, postalAddress: { ...address, postalCode: '12-345' } } });
    expect(d.skipped).toEqual([{ channel: 'postcard', reason: 'no_contact' }]);
  });

  it('sends a payment number by email only', () => {
    const d = decideChannels({ kind: 'payment_number', wanted: ['email', 'postcard'], fallbacks: ['phone'], recipient: { ...full, email: '' } });
    expect(d.channels).toEqual([]);
    expect(d.skipped.map((s) => s.reason)).toEqual(['no_contact', 'not_allowed_for_kind', 'not_allowed_for_kind']);
  });
});

describe('contact normalisation', () => {
  it.each([
    ['1000001', '1000001'],
    ['100-0001', '1000001'],
    ['１００－０００１', '1000001'],
    ['100-001', undefined],
  ])('postal code %s', (raw, want) => expect(normalisePostalCode(raw)).toBe(want));

  it.each([
    ['03-1234-5678', '0312345678'],
    ['090 1234 5678', '09012345678'],
    ['+81 90-1234-5678', '09012345678'],
    ['1234', undefined],
  ])('phone %s', (raw, want) => expect(normalisePhone(raw)).toBe(want));
});
