import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import path from 'node:path';
import { testContext } from '../../../scripts/test/support/context';

// gRPC reflection lists the ledger's service (what grpcurl and operators rely on).
it('answers a reflection request listing the ledger service', async () => {
  const proto = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');
  const def = protoLoader.loadSync(proto, { keepCase: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (addr: string, creds: grpc.ChannelCredentials) => grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, { list_services_response?: { service: { name: string }[] } }> } } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(testContext().services.ledger.grpcAddr, grpc.credentials.createInsecure());
  const names = await new Promise<string[]>((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on('data', (res) => {
      resolve((res.list_services_response?.service ?? []).map((s) => s.name));
      call.end();
    });
    call.on('error', reject);
    call.write({ list_services: '*' });
  });
  client.close();
  expect(names).toEqual(expect.arrayContaining(['kessai.ledger.v1.LedgerService']));
});
