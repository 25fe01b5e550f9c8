import { randomUUID } from 'node:crypto';
import { notificationV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { Client } from 'pg';
export { rejection } from '../../../scripts/test/support/errors';

export const notificationClient = (address: string) => connectClient(notificationV1.NotificationServiceClient, address);
export type NotificationClient = ReturnType<typeof notificationClient>;

export const { Channel, MessageKind, MessageStatus, CallOutcome, PhoneTaskStatus } = notificationV1;

export const uid = () => randomUUID().replace(/-/g, '').slice(0, 12);

export function sendRequest(overrides: Partial<notificationV1.SendRequest> = {}): notificationV1.SendRequest {
  return {
    requestId: `req-${uid()}`,
    livemode: false,
    merchantId: `mer_${uid()}`,
    kind: MessageKind.MESSAGE_KIND_REMITTANCE_INVITATION,
    recipient: {
      name: '山田 太郎',
      email: `taro.${uid()}@example.jp`,
      phone: '090-1234-5678',
      postalAddress: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1', line2: 'ケッサイビル3階' },
      optedOut: [],
    },
    channels: [Channel.CHANNEL_EMAIL],
    fallbackChannels: [],
    amount: 12_345,
    reference: `rcp_${uid()}`,
    variables: { merchant_name: 'テスト興行株式会社', registration_code: 'KS7Q-4XM2', link: 'https://kessai.example/r/abc?x=1&y=2', message: 'コンサート中止のご返金です。' },
    ...overrides,
  };
}


export async function opsPost(opsUrl: string, path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${opsUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Event types the service's outbox holds for an aggregate (the outbox is the source of truth for events). */
export async function outboxTypes(databaseUrl: string, aggregateId: string, publishedOnly = false): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query(
      `SELECT type FROM notification.outbox WHERE aggregate_id = $1 ${publishedOnly ? 'AND published_at IS NOT NULL' : ''} ORDER BY seq`,
      [aggregateId],
    );
    return rows.rows.map((r) => r.type as string);
  } finally {
    await db.end();
  }
}

/** The value of a counter series on a service's /metrics whose labels include `label` (0 when absent). */
export async function counterValue(opsUrl: string, name: string, label: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
