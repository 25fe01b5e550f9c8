import { FieldViolation, ValidationError } from '@kessai/platform';
import { blockedHost } from './egress';
import { PUBLIC_EVENT_TYPES } from './public-events';

export interface CreateEndpointInput {
  idempotencyKey: string;
  merchantId: string;
  livemode: boolean;
  url: string;
  enabledEvents: string[];
  description: string;
}

export interface EndpointPolicy {
  /** test-mode endpoints may be loopback/private hosts (local development); live-mode ones never */
  allowPrivateTestEndpoints: boolean;
}

/**
 * Live endpoints must be https on a public host (the SSRF guard, domain/egress.ts;
 * the dispatcher checks the resolved address again at every delivery); test
 * endpoints may be http, and loopback/private where the policy allows it.
 */
export function validateEndpoint(input: Pick<CreateEndpointInput, 'url' | 'enabledEvents' | 'livemode' | 'description'>, policy: EndpointPolicy): void {
  const v: FieldViolation[] = [];
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    v.push({ field: 'url', description: 'must be an absolute http(s) URL' });
  }
  if (url) {
    if (input.livemode && url.protocol !== 'https:') v.push({ field: 'url', description: 'must use https in live mode' });
    else if (url.protocol !== 'https:' && url.protocol !== 'http:') v.push({ field: 'url', description: 'must be an http(s) URL' });
    if (url.username || url.password) v.push({ field: 'url', description: 'must not contain credentials' });
    if (input.livemode || !policy.allowPrivateTestEndpoints) {
      const blocked = blockedHost(url);
      if (blocked) v.push({ field: 'url', description: `must be a public address: ${blocked}` });
    }
  }
  if (input.url.length > 2048) v.push({ field: 'url', description: 'must be at most 2048 characters' });
  if (input.enabledEvents.length === 0) v.push({ field: 'enabled_events', description: 'name at least one event type, or "*"' });
  for (const [i, t] of input.enabledEvents.entries()) {
    if (t !== '*' && !(t in PUBLIC_EVENT_TYPES)) v.push({ field: `enabled_events[${i}]`, description: `unknown event type "${t}" (see docs/events.md)` });
  }
  if (input.description.length > 500) v.push({ field: 'description', description: 'must be at most 500 characters' });
  if (v.length) throw new ValidationError(v);
}
