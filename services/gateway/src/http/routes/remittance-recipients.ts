import { remittanceV1 } from '@kessai/contracts';
import { decodeCursor, edgeError, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { RemittanceClient } from '../../app/deps';
import { listOf, listQuery, route, type RawBody } from '../api';
import { accountFromRest, bankAccountInputSchema, orderSchema, orderToRest, postalAddressSchema, RECIPIENT_STATUS, recipientSchema, recipientToRest, remittanceScope } from './remittance-wire';

const recipientInput = z.strictObject({
  name: z.string().max(100),
  name_kana: z.string().max(100),
  amount: z.number().int().describe('1 to 1,000,000 yen.'),
  email: z.string().max(254).optional(),
  phone: z.string().max(20).optional(),
  postal_address: postalAddressSchema.optional(),
  reference: z.string().max(100).optional().describe('Your reference for this recipient.'),
  account: bankAccountInputSchema.optional().describe('Required in transfer-only mode.'),
});

const addBody = z.strictObject({
  recipients: z.array(recipientInput).min(1).max(10_000).describe('At most 10,000 per order; accepted or rejected whole (errors name rows[n], 1-based).'),
});

const listRecipientsQuery = listQuery.extend({ status: z.enum(RECIPIENT_STATUS.all).optional() });
const reviewBody = z.strictObject({ approve: z.boolean().describe('true: transfer as registered; false: cancel the recipient.') });

const addResponse = z.object({ object: z.literal('recipient_upload'), added: z.number().int(), order: orderSchema }).meta({ id: 'RecipientUpload' });

/** text/csv; charset=shift_jis (or windows-31j, cp932) → Shift_JIS; utf-8 → UTF-8; none → detected. */
function csvEncoding(raw: RawBody): remittanceV1.CsvEncoding {
  const c = raw.charset;
  if (!c) return remittanceV1.CsvEncoding.CSV_ENCODING_UNSPECIFIED;
  if (c === 'utf-8' || c === 'utf8') return remittanceV1.CsvEncoding.CSV_ENCODING_UTF8;
  if (['shift_jis', 'shift-jis', 'sjis', 'windows-31j', 'cp932', 'ms_kanji'].includes(c)) return remittanceV1.CsvEncoding.CSV_ENCODING_SHIFT_JIS;
  throw edgeError('invalid_argument', 'unsupported_encoding', `charset must be utf-8 or shift_jis, not ${c}`, 'Content-Type');
}

/** Recipients of remittance orders (docs/reference/remittance.md#recipients). */
export function remittanceRecipientRoutes(remittance: Pick<RemittanceClient, 'addRecipients' | 'listRecipients' | 'getRecipient' | 'recontactRecipient' | 'reviewRecipient'>) {
  return [
    route({
      method: 'post',
      path: '/v1/remittance_orders/:id/recipients',
      operationId: 'AddRemittanceRecipients',
      summary: 'Add recipients: JSON, or a CSV upload (text/csv, UTF-8 or Shift_JIS, header row)',
      description:
        'Send `{"recipients": [...]}` as JSON, or the CSV itself with `Content-Type: text/csv; charset=shift_jis` (or utf-8; without a charset it is detected). CSV columns: name, name_kana, amount, email, phone, postal_code, prefecture, city, line1, line2, reference, bank_code, branch_code, account_type, account_number, holder_kana. Every row is validated; the upload is accepted or rejected whole, each error naming `rows[n].field` (n = 1-based row).',
      tag: 'Remittance orders',
      params: { id: 'The order id' },
      body: addBody,
      accepts: ['text/csv'],
      response: addResponse,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, body, raw, idempotencyKey }) => {
        const r = await remittance.addRecipients({
          scope: remittanceScope(principal, merchant, livemode),
          requestId: idempotencyKey!,
          orderId: params.id,
          rows: (body?.recipients ?? []).map((x) => ({
            name: x.name,
            nameKana: x.name_kana,
            amount: x.amount,
            email: x.email ?? '',
            phone: x.phone ?? '',
            postalAddress: x.postal_address
              ? { postalCode: x.postal_address.postal_code, prefecture: x.postal_address.prefecture, city: x.postal_address.city, line1: x.postal_address.line1, line2: x.postal_address.line2 ?? '' }
              : undefined,
            reference: x.reference ?? '',
            account: accountFromRest(x.account),
          })),
          csv: raw ? raw.data : Buffer.alloc(0),
          csvEncoding: raw ? csvEncoding(raw) : remittanceV1.CsvEncoding.CSV_ENCODING_UNSPECIFIED,
        });
        return { body: { object: 'recipient_upload' as const, added: r.added, order: orderToRest(r.order) } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/remittance_orders/:id/recipients',
      operationId: 'ListRemittanceRecipients',
      summary: 'List an order\'s recipients in upload order, with their status',
      tag: 'Remittance orders',
      params: { id: 'The order id' },
      query: listRecipientsQuery,
      response: listOf(recipientSchema, 'RemittanceRecipient'),
      handler: async ({ principal, merchant, livemode, params, query }) => {
        const after = query.starting_after ? String(decodeCursor('remittance_recipients', query.starting_after).id) : '';
        const r = await remittance.listRecipients({
          scope: remittanceScope(principal, merchant, livemode),
          orderId: params.id,
          status: query.status ? RECIPIENT_STATUS.to(query.status) : remittanceV1.RecipientStatus.RECIPIENT_STATUS_UNSPECIFIED,
          pageSize: query.limit,
          startingAfter: after,
        });
        const data = r.recipients.map(recipientToRest);
        return { body: { object: 'list', data, has_more: r.hasMore, next_cursor: r.hasMore ? encodeCursor('remittance_recipients', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/remittance_recipients/:id',
      operationId: 'GetRemittanceRecipient',
      summary: 'Get a recipient',
      tag: 'Remittance orders',
      params: { id: 'The recipient id' },
      response: recipientSchema,
      handler: async ({ principal, merchant, livemode, params }) => ({
        body: recipientToRest((await remittance.getRecipient({ scope: remittanceScope(principal, merchant, livemode), recipientId: params.id })).recipient),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/remittance_recipients/:id/recontact',
      operationId: 'RecontactRemittanceRecipient',
      summary: 'Contact one recipient again through the outreach ladder (a new code when locked or expired)',
      tag: 'Remittance orders',
      params: { id: 'The recipient id' },
      response: recipientSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, idempotencyKey }) => ({
        body: recipientToRest(
          (await remittance.recontactRecipient({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, recipientId: params.id })).recipient,
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/remittance_recipients/:id/review',
      operationId: 'ReviewRemittanceRecipient',
      summary: 'Release or cancel a recipient held for review (one account registered by several recipients above the cap)',
      tag: 'Remittance orders',
      params: { id: 'The recipient id' },
      body: reviewBody,
      response: recipientSchema,
      errors: ['failed_precondition'],
      handler: async ({ principal, merchant, livemode, params, body, idempotencyKey }) => ({
        body: recipientToRest(
          (await remittance.reviewRecipient({ scope: remittanceScope(principal, merchant, livemode), requestId: idempotencyKey!, recipientId: params.id, approve: body.approve })).recipient,
        ),
      }),
    }),
  ];
}
