import { generateApiKey, hashApiKey, keyMode, keyPrefix, KEY_PATTERN } from './api-keys';

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
});
