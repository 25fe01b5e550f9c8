import { z } from 'zod';
import { ConfigError, loadConfig, testControlsEnabled } from './config';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const c = loadConfig({}, { DATABASE_URL: 'postgres://u@h:5432/db', GRPC_PORT: '50051' });
    expect(c).toMatchObject({ KESSAI_ENV: 'development', GRPC_PORT: 50051, NATS_URL: 'nats://127.0.0.1:4222', MIGRATE_ON_START: false, KESSAI_SUBJECT_PREFIX: '' });
  });

  it('names every problem at once, the service’s own variables included', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_PORT: z.coerce.number().int() }, { GRPC_PORT: 'x', KESSAI_ENV: 'prod', KESSAI_SUBJECT_PREFIX: 'no-dot' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL: is required', 'GRPC_PORT', 'KESSAI_ENV', 'KESSAI_SUBJECT_PREFIX', 'SMTP_PORT: is required']) expect(problems).toContain(name);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration \(5 problems\)/);
  });

  it('enables the test clock only outside production', () => {
    expect(testControlsEnabled({ KESSAI_ENV: 'test' })).toBe(true);
    expect(testControlsEnabled({ KESSAI_ENV: 'staging' })).toBe(false);
    expect(testControlsEnabled({ KESSAI_ENV: 'production' })).toBe(false);
  });
});
