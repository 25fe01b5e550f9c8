import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MeshService } from '@kessai/platform';
import { defaultPorts, discoverServices, grpcAddrEnv, serviceEnv, unknownServiceFolders } from './mesh-env';

const mesh: Record<string, MeshService> = {
  ledger: { name: 'ledger', schema: 'ledger', grpcPort: 50051, opsPort: 9101, addrEnv: 'LEDGER_GRPC_ADDR' },
  'account-transfer': {
    name: 'account-transfer',
    schema: 'account_transfer',
    grpcPort: 50054,
    opsPort: 9104,
    addrEnv: 'ACCOUNT_TRANSFER_GRPC_ADDR',
  },
};

describe('serviceEnv', () => {
  it('follows the service conventions with the default ports', () => {
    const env = serviceEnv({
      service: mesh.ledger,
      mesh,
      kessaiEnv: 'development',
      databaseUrl: 'postgres://kessai_ledger@127.0.0.1:5432/kessai',
      natsUrl: 'nats://127.0.0.1:4222',
    });
    expect(env).toEqual({
      KESSAI_ENV: 'development',
      DATABASE_URL: 'postgres://kessai_ledger@127.0.0.1:5432/kessai',
      NATS_URL: 'nats://127.0.0.1:4222',
      GRPC_PORT: '50051',
      OPS_PORT: '9101',
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'false',
      LEDGER_GRPC_ADDR: '127.0.0.1:50051',
      ACCOUNT_TRANSFER_GRPC_ADDR: '127.0.0.1:50054',
    });
  });

  it('points the service at the given partner bank, and at none without one', () => {
    const base = { service: mesh.ledger, mesh, kessaiEnv: 'test' as const, databaseUrl: 'postgres://x@h/db', natsUrl: 'nats://h:4222' };
    expect(serviceEnv({ ...base, partnerBank: { url: 'http://127.0.0.1:40123', secret: 's3cret' } })).toMatchObject({ PARTNER_BANK_URL: 'http://127.0.0.1:40123', PARTNER_BANK_SECRET: 's3cret' });
    expect(serviceEnv(base)).not.toHaveProperty('PARTNER_BANK_URL');
  });

  it('uses given ports everywhere, the subject prefix and extras', () => {
    const ports = { ledger: { grpcPort: 41001, opsPort: 41002 }, 'account-transfer': { grpcPort: 41003, opsPort: 41004 } };
    const env = serviceEnv({
      service: mesh['account-transfer'],
      mesh,
      kessaiEnv: 'test',
      databaseUrl: 'postgres://x@h/db',
      natsUrl: 'nats://h:1',
      ports,
      subjectPrefix: 'run1a2b.',
      logLevel: 'warn',
      migrateOnStart: true,
      extra: { LOG_LEVEL: 'error' },
    });
    expect(env).toMatchObject({
      KESSAI_ENV: 'test',
      GRPC_PORT: '41003',
      OPS_PORT: '41004',
      LEDGER_GRPC_ADDR: '127.0.0.1:41001',
      ACCOUNT_TRANSFER_GRPC_ADDR: '127.0.0.1:41003',
      KESSAI_SUBJECT_PREFIX: 'run1a2b.',
      MIGRATE_ON_START: 'true',
      LOG_LEVEL: 'error',
    });
  });

  it('grpcAddrEnv and defaultPorts cover the whole mesh', () => {
    expect(defaultPorts(mesh)).toEqual({ ledger: { grpcPort: 50051, opsPort: 9101 }, 'account-transfer': { grpcPort: 50054, opsPort: 9104 } });
    expect(grpcAddrEnv(mesh, undefined, 'svc')).toEqual({ LEDGER_GRPC_ADDR: 'svc:50051', ACCOUNT_TRANSFER_GRPC_ADDR: 'svc:50054' });
  });
});

describe('discoverServices', () => {
  it('reports folder, main and migrate per service, and strays', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-discover-'));
    try {
      fs.mkdirSync(path.join(root, 'services', 'ledger', 'dist'), { recursive: true });
      fs.writeFileSync(path.join(root, 'services', 'ledger', 'dist', 'main.js'), '');
      fs.mkdirSync(path.join(root, 'services', 'stray'));
      expect(discoverServices(root, mesh).map((d) => [d.service.name, d.hasFolder, d.hasMain, d.hasMigrate])).toEqual([
        ['ledger', true, true, false],
        ['account-transfer', false, false, false],
      ]);
      expect(unknownServiceFolders(root, mesh)).toEqual(['stray']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
