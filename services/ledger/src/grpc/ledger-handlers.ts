import { ledgerV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { LedgerDeps } from '../app/deps';
import { captureHold } from '../app/capture-hold';
import { createHold } from '../app/create-hold';
import { getBalance } from '../app/get-balance';
import { getHold } from '../app/get-hold';
import { getTransaction } from '../app/get-transaction';
import { listEntries } from '../app/list-entries';
import { listStoreSettlements } from '../app/list-store-settlements';
import { postTransaction } from '../app/post';
import { postBatch } from '../app/post-batch';
import { releaseHold } from '../app/release-hold';
import { reverseTransaction } from '../app/reverse';
import { resolveAccount } from '../domain/accounts';
import * as wire from './mapping';

/** LedgerService: each handler maps wire <-> use case, nothing more. */
export function ledgerHandlers(deps: LedgerDeps): UnaryHandlers<typeof ledgerV1.LedgerServiceService> {
  return {
    async post(req) {
      const r = await postTransaction(deps, wire.postInputFromWire(req));
      return { transaction: wire.transactionToWire(r.transaction), replayed: r.replayed };
    },
    async postBatch(req) {
      const results = await postBatch(deps, req.transactions.map(wire.postInputFromWire), wire.batchModeFromWire(req.mode), { batchEvent: req.batchEvent });
      return {
        results: results.map((r) =>
          r.ok
            ? { transaction: wire.transactionToWire(r.transaction), replayed: r.replayed }
            : { replayed: false, error: { code: r.error.code, message: r.error.message, field: r.error.fieldViolations[0]?.field ?? '' } },
        ),
      };
    },
    async reverse(req) {
      const r = await reverseTransaction(deps, req);
      return { transaction: wire.transactionToWire(r.transaction), replayed: r.replayed };
    },
    async getTransaction(req) {
      return { transaction: wire.transactionToWire(await getTransaction(deps, req.livemode, req.transactionId)) };
    },
    async createHold(req) {
      const r = await createHold(deps, { ...req, account: wire.accountRefFromWire(req.account) });
      return { hold: wire.holdToWire(r.value), replayed: r.replayed };
    },
    async captureHold(req) {
      const r = await captureHold(deps, { ...req, destination: wire.accountRefFromWire(req.destination), metadata: req.metadata ?? {} });
      return { hold: wire.holdToWire(r.value.hold), transaction: wire.transactionToWire(r.value.transaction), replayed: r.replayed };
    },
    async releaseHold(req) {
      const r = await releaseHold(deps, req);
      return { hold: wire.holdToWire(r.value), replayed: r.replayed };
    },
    async getHold(req) {
      return { hold: wire.holdToWire(await getHold(deps, req.livemode, req.holdId)) };
    },
    async getBalance(req) {
      const account = resolveAccount(req.livemode, wire.accountRefFromWire(req.account));
      return { balance: wire.balanceToWire(await getBalance(deps, account, req.asOf), req.livemode) };
    },
    async listEntries(req) {
      const account = resolveAccount(req.livemode, wire.accountRefFromWire(req.account));
      const page = await listEntries(deps, account, req.pageSize, req.pageToken);
      return { entries: page.entries.map(wire.entryToWire), nextPageToken: page.nextPageToken };
    },
    async listStoreSettlements(req) {
      const r = await listStoreSettlements(deps, req);
      return { settlements: r.settlements.map(wire.storeSettlementToWire), nextPageToken: r.nextPageToken };
    },
  };
}
