import { gatewayV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { testContext } from './context';

/** The dev/test operator token (config default outside staging/production). */
export const OPERATOR_TOKEN = 'dev-operator-token';
export const OPERATOR = { metadata: { authorization: `Bearer ${OPERATOR_TOKEN}` } };

export function gatewayAdminClient(address = testContext().services.gateway.grpcAddr) {
  return connectClient(gatewayV1.MerchantAdminServiceClient, address);
}

export function merchantClient(address = testContext().services.gateway.grpcAddr) {
  return connectClient(gatewayV1.MerchantServiceClient, address);
}

export interface NewMerchant {
  merchant: gatewayV1.Merchant;
  testKey: string;
  liveKey: string;
}

/** A merchant (a tenant of ownerId, when given) with one test and one live key, through the admin API. */
export async function newMerchant(admin: ReturnType<typeof gatewayAdminClient>, name = 'テスト商店', ownerId = '', contactEmails: string[] = []): Promise<NewMerchant> {
  const { merchant } = await admin.createMerchant(
    { idempotencyKey: '', name, ownerId, settings: { enabledStoreChains: ['seven_eleven'], feePlan: 'collection_plan', settlementCycle: 'monthly' }, contactEmails: { emails: contactEmails } },
    OPERATOR,
  );
  const test = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, OPERATOR);
  const live = await admin.issueApiKey({ merchantId: merchant!.id, livemode: true }, OPERATOR);
  return { merchant: merchant!, testKey: test.secret, liveKey: live.secret };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One call to the public REST API. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; idempotencyKey?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let body: string | Buffer | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (docs pages)
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}
