import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { notificationV1 } from '@kessai/contracts';
import { connectClient, serviceAddress } from '@kessai/platform';
import { UsageError } from './args';

export const NOTIFY_HELP = `  kessai notify test [--email A] [--name N] [--phone P] [--postal-code 1000001] [--address "都道府県|市区町村|番地|建物"] [--merchant-name M] [--no-batch] [--live]
                    sends one test notification by email, postcard and phone; renders the postcard batch now`;

/**
 * `kessai notify test`: one test message through every channel — a Japanese
 * mail into the SMTP sink, a postcard rendered into the print outbox (the batch
 * is cut at once), a task in the phone queue.
 */
export async function notifyCommand(action: string | undefined, args: string[]): Promise<unknown> {
  if (action !== 'test') throw new UsageError(NOTIFY_HELP);
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string', default: 'taro.yamada@example.jp' },
      name: { type: 'string', default: '山田 太郎' },
      phone: { type: 'string', default: '03-1234-5678' },
      'postal-code': { type: 'string', default: '100-0001' },
      address: { type: 'string', default: '東京都|千代田区|千代田1-1|ケッサイビル3階' },
      'merchant-name': { type: 'string', default: 'テスト興行株式会社' },
      merchant: { type: 'string', default: 'mer_cli_test' },
      'no-batch': { type: 'boolean', default: false },
      live: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const [prefecture = '', city = '', line1 = '', line2 = ''] = values.address.split('|');
  const client = connectClient(notificationV1.NotificationServiceClient, serviceAddress('notification'));
  const { Channel } = notificationV1;
  const code = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const sent = await client.send({
    requestId: `cli-${randomUUID()}`,
    livemode: values.live,
    merchantId: values.merchant,
    kind: notificationV1.MessageKind.MESSAGE_KIND_TEST,
    recipient: {
      name: values.name,
      email: values.email,
      phone: values.phone,
      postalAddress: { postalCode: values['postal-code'], prefecture, city, line1, line2 },
      optedOut: [],
    },
    channels: [Channel.CHANNEL_EMAIL, Channel.CHANNEL_POSTCARD, Channel.CHANNEL_PHONE],
    fallbackChannels: [],
    amount: 12_345,
    reference: `cli-test-${code}`,
    variables: {
      merchant_name: values['merchant-name'],
      registration_code: `${code.slice(0, 4)}-${code.slice(4)}`,
      link: `https://kessai.example/r/${code.toLowerCase()}`,
      message: 'Kessai 通知サービスの動作確認です。',
    },
  });
  const batch = values['no-batch'] ? undefined : (await client.createPostcardBatch({ livemode: values.live })).batch;
  client.close();
  return {
    messages: sent.messages.map((m) => ({ id: m.id, channel: notificationV1.channelToJSON(m.channel), status: notificationV1.messageStatusToJSON(m.status), phone_task_id: m.phoneTaskId || undefined })),
    postcard_batch: batch ? { id: batch.id, postcards: batch.postcardCount, pdf: batch.pdfName, manifest: batch.manifestName } : null,
    inbox: process.env.MAIL_INBOX_URL ?? 'http://127.0.0.1:1080/',
  };
}
