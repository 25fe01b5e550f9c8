import { generateApiKey, hashApiKey, keyMode, keyPrefix, keyUsable, KEY_PATTERN, type ApiKey } from './api-keys';

describe('API keys', () => {
  it('carries its mode and the expected shape', () => {
    const test = generateApiKey(false);
    const live = generateApiKey(true);
    expect(test).toMatch(KEY_PATTERN);
    expect(test.startsWith('sk_test_')).toBe(true);
    expect(live.startsWith('sk_live_')).toBe(true);
    expect(keyMode(test)).toEqual({ livemode: false });
    expect(keyMode(live)).toEqual({ livemode: true });
    expect(keyMode('sk_test_short')).toBeNull();
    expect(keyPrefix(test)).toHaveLength(12);
  });

  it('hashes with the pepper, never storing the key', () => {
    const key = generateApiKey(false);
    expect(hashApiKey('pepper-one-xxxxxxxx', key)).not.toEqual(hashApiKey('pepper-two-xxxxxxxx', key));
    expect(hashApiKey('pepper-one-xxxxxxxx', key)).not.toContain(key);
    expect(new Set(Array.from({ length: 200 }, () => generateApiKey(false))).size).toBe(200);
  });

  it('authenticates only while not revoked, before its expiry, in its own mode', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const key: ApiKey = { id: 'key_1', merchant_id: 'mer_1', livemode: false, prefix: 'sk_test_Abcd', created_at: now, expires_at: null, revoked_at: null };
    expect(keyUsable(key, false, now)).toBe(true);
    expect(keyUsable(key, true, now)).toBe(false);
    expect(keyUsable({ ...key, revoked_at: now }, false, now)).toBe(false);
    expect(keyUsable({ ...key, expires_at: now }, false, now)).toBe(false);
    expect(keyUsable({ ...key, expires_at: new Date(now.getTime() + 1) }, false, now)).toBe(true);
  });
});
