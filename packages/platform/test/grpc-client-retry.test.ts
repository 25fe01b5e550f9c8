import * as grpc from '@grpc/grpc-js';
import { notificationV1 } from '@kessai/contracts';
import { connectClient, ConnectedClient, DomainError } from '@kessai/platform';
import { rejection } from '../../../scripts/test/support/errors';

// connectClient (packages/platform/src/grpc/client.ts) retries a call the server
// answered UNAVAILABLE (a replica going away, a restart) and nothing else. A
// server of this test's own answers each message id with a script of statuses.
const scripts: Record<string, grpc.status[]> = {};
const calls: Record<string, number> = {};
let server: grpc.Server;
let client: ConnectedClient<notificationV1.NotificationServiceClient>;

beforeAll(async () => {
  server = new grpc.Server();
  const getMessage: grpc.handleUnaryCall<notificationV1.GetMessageRequest, notificationV1.GetMessageResponse> = (call, callback) => {
    const id = call.request.messageId;
    const n = (calls[id] = (calls[id] ?? 0) + 1);
    const code = scripts[id]?.[n - 1] ?? grpc.status.OK;
    if (code === grpc.status.OK) return callback(null, { message: notificationV1.Message.fromPartial({ id }) });
    callback({ code, details: `scripted ${grpc.status[code]} on attempt ${n}` });
  };
  server.addService(notificationV1.NotificationServiceService, { getMessage } as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  client = connectClient(notificationV1.NotificationServiceClient, `127.0.0.1:${port}`);
});
afterAll(() => {
  client?.close();
  server?.forceShutdown();
});

it('retries a call answered UNAVAILABLE, and the call succeeds', async () => {
  scripts.flaky = [grpc.status.UNAVAILABLE];
  const res = await client.getMessage({ livemode: false, messageId: 'flaky' });
  expect(res.message?.id).toBe('flaky');
  expect(calls.flaky).toBe(2);
});

it('gives up after maxAttempts (4) and answers unavailable', async () => {
  scripts.down = Array(10).fill(grpc.status.UNAVAILABLE);
  const err = await rejection(client.getMessage({ livemode: false, messageId: 'down' }));
  expect(err).toBeInstanceOf(DomainError);
  expect(err.kind).toBe('unavailable');
  expect(calls.down).toBe(4);
});

it.each([
  ['FAILED_PRECONDITION', grpc.status.FAILED_PRECONDITION, 'failed_precondition'],
  ['INTERNAL', grpc.status.INTERNAL, 'internal'],
  ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED, 'deadline_exceeded'],
] as const)('does not retry %s', async (name, code, kind) => {
  const id = `once-${name}`;
  scripts[id] = [code];
  const err = await rejection(client.getMessage({ livemode: false, messageId: id }));
  expect(err.kind).toBe(kind);
  expect(calls[id]).toBe(1);
});
