import { webhookV1 } from '@kessai/contracts';
import { createGrpcClient, promiseClient, serviceAddress } from '@kessai/platform';

/** The webhook service's merchant-facing APIs: endpoints, the event log, deliveries. */
export function webhookClients(address = serviceAddress('webhook')) {
  const opts = (name: string) => ({ serviceName: `kessai.webhook.v1.${name}` });
  return {
    endpoints: promiseClient(createGrpcClient(webhookV1.EndpointServiceClient, address, opts('EndpointService'))),
    events: promiseClient(createGrpcClient(webhookV1.EventServiceClient, address, opts('EventService'))),
    deliveries: promiseClient(createGrpcClient(webhookV1.DeliveryServiceClient, address, opts('DeliveryService'))),
  };
}
export type WebhookClients = ReturnType<typeof webhookClients>;
