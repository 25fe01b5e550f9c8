import { notificationV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** The notification service, reached only through its gRPC API. */
export function notificationClient(address = serviceAddress('notification')) {
  const raw = createGrpcClient(notificationV1.NotificationServiceClient, address, { serviceName: 'kessai.notification.v1.NotificationService' });
  return Object.assign(promiseClient(raw), { close: () => raw.close() });
}
export type NotificationClient = Pick<ReturnType<typeof notificationClient>, 'send'>;
