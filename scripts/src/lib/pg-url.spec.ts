import {
  adminUrlFromEnv,
  assertIdentifier,
  isLocalHost,
  parseLsClusters,
  redactUrl,
  serviceDatabaseUrl,
  urlPort,
  withDatabase,
  withPort,
} from './pg-url';

describe('adminUrlFromEnv', () => {
  it('defaults to the local superuser', () => {
    expect(adminUrlFromEnv({})).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });
  it('prefers KESSAI_PG_ADMIN_URL, then DATABASE_URL', () => {
    expect(adminUrlFromEnv({ KESSAI_PG_ADMIN_URL: 'postgres://a@h/x', DATABASE_URL: 'postgres://b@h/y' })).toBe('postgres://a@h/x');
    expect(adminUrlFromEnv({ DATABASE_URL: 'postgres://b@h/y' })).toBe('postgres://b@h/y');
  });
  it('builds one from PG* variables', () => {
    expect(adminUrlFromEnv({ PGHOST: 'db', PGPORT: '6543', PGUSER: 'admin', PGPASSWORD: 'p@ss', PGDATABASE: 'main' })).toBe(
      'postgres://admin:p%40ss@db:6543/main',
    );
    expect(adminUrlFromEnv({ PGPORT: '55432' })).toBe('postgres://postgres@127.0.0.1:55432/postgres');
  });
});

describe('URL helpers', () => {
  it('swap database and port', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable', 'kessai')).toBe(
      'postgres://postgres@127.0.0.1:5432/kessai?sslmode=disable',
    );
    expect(withPort('postgres://postgres@127.0.0.1:5432/postgres', 55432)).toBe('postgres://postgres@127.0.0.1:55432/postgres');
    expect(urlPort('postgres://h/x', 5432)).toBe(5432);
    expect(urlPort('postgres://h:1/x', 5432)).toBe(1);
  });
  it('make a service URL with its role and no password', () => {
    expect(serviceDatabaseUrl('postgres://postgres:secret@127.0.0.1:5432/postgres', 'kessai', 'kessai_ledger')).toBe(
      'postgres://kessai_ledger@127.0.0.1:5432/kessai',
    );
  });
  it('redact passwords', () => {
    expect(redactUrl('postgres://u:secret@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(redactUrl('postgres://u@h:1/d')).toBe('postgres://u@h:1/d');
  });
  it('tell local hosts', () => {
    for (const h of ['127.0.0.1', 'localhost', '[::1]', '127.0.1.1']) expect(isLocalHost(h)).toBe(true);
    expect(isLocalHost('db.internal')).toBe(false);
  });
});

describe('parseLsClusters', () => {
  it('reads clusters with or without the header', () => {
    const out = [
      'Ver Cluster Port Status Owner    Data directory              Log file',
      '15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log',
      '16  test    5433 down   postgres /var/lib/postgresql/16/test /var/log/postgresql/postgresql-16-test.log',
      '',
    ].join('\n');
    expect(parseLsClusters(out)).toEqual([
      { version: '15', name: 'main', port: 5432, status: 'online', owner: 'postgres', dataDir: '/var/lib/postgresql/15/main' },
      { version: '16', name: 'test', port: 5433, status: 'down', owner: 'postgres', dataDir: '/var/lib/postgresql/16/test' },
    ]);
    expect(parseLsClusters('')).toEqual([]);
  });
});

describe('assertIdentifier', () => {
  it('accepts our names and rejects anything that would need quoting', () => {
    expect(() => assertIdentifier('schema', 'account_transfer')).not.toThrow();
    expect(() => assertIdentifier('database', 'kessai_test_1a2b')).not.toThrow();
    for (const bad of ['account-transfer', 'Ledger', '1x', 'x"; drop', '', 'a'.repeat(64)]) {
      expect(() => assertIdentifier('schema', bad)).toThrow(/invalid schema name/);
    }
  });
});
