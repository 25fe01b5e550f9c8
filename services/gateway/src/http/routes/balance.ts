import { ledgerV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { LedgerClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';

const balanceSchema = z
  .object({
    object: z.literal('balance'),
    livemode: z.boolean(),
    currency: z.literal('jpy'),
    total: z.number().int().describe('Yen held for you in your deposit.'),
    held: z.number().int().describe('Yen earmarked (e.g. by approved remittance orders).'),
    available: z.number().int().describe('total - held: what new orders can use.'),
    as_of: z.string().describe('ISO 8601 time of the figures.'),
  })
  .meta({ id: 'Balance' });

const balanceTransactionSchema = z
  .object({
    id: z.string().describe('The posting id.'),
    object: z.literal('balance_transaction'),
    transaction_id: z.string(),
    amount: z.number().int().describe('Yen: positive into the deposit, negative out of it.'),
    currency: z.literal('jpy'),
    type: z.string().describe('What moved the money, e.g. `deposit.received`.'),
    description: z.string(),
    created: z.string(),
    metadata: z.record(z.string(), z.string()),
  })
  .meta({ id: 'BalanceTransaction' });

/** GET /v1/balance and /v1/balance/transactions: the merchant's deposit, through the ledger's gRPC API. */
export function balanceRoutes(ledger: Pick<LedgerClient, 'getBalance' | 'listEntries'>) {
  const account = (merchantId: string) => ({ ownerId: merchantId, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT });
  return [
    route({
      method: 'get',
      path: '/v1/balance',
      operationId: 'GetBalance',
      summary: 'Retrieve the deposit balance',
      tag: 'Balance',
      response: balanceSchema,
      handler: async ({ merchant, livemode, requestId }) => {
        const { balance } = await ledger.getBalance({ livemode, account: account(merchant.id) }, { requestId });
        return {
          body: {
            object: 'balance',
            livemode,
            currency: 'jpy',
            total: balance?.total ?? 0,
            held: balance?.held ?? 0,
            available: balance?.available ?? 0,
            as_of: (balance?.asOf ?? new Date()).toISOString(),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/balance/transactions',
      operationId: 'ListBalanceTransactions',
      summary: 'List the movements of the deposit, newest first',
      tag: 'Balance',
      query: listQuery,
      response: listOf(balanceTransactionSchema, 'BalanceTransaction'),
      handler: async ({ merchant, livemode, query, requestId }) => {
        const pageToken = query.starting_after ? String(decodeCursor(`balance_transactions:${merchant.id}:${livemode}`, query.starting_after).t) : '';
        const page = await ledger.listEntries({ livemode, account: account(merchant.id), pageSize: query.limit, pageToken }, { requestId });
        return {
          body: {
            object: 'list',
            data: page.entries.map((e) => ({
              id: e.postingId,
              object: 'balance_transaction',
              transaction_id: e.transactionId,
              amount: e.amount,
              currency: 'jpy',
              type: e.kind,
              description: e.description,
              created: (e.postedAt ?? new Date(0)).toISOString(),
              metadata: e.metadata,
            })),
            has_more: page.nextPageToken !== '',
            next_cursor: page.nextPageToken ? encodeCursor(`balance_transactions:${merchant.id}:${livemode}`, { t: page.nextPageToken }) : null,
          },
        };
      },
    }),
  ];
}
