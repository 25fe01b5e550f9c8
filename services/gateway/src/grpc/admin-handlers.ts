import { gatewayV1 } from '@kessai/contracts';
import { CallContext, DomainError, UnaryHandlers } from '@kessai/platform';
import { createMerchant } from '../app/create-merchant';
import type { GatewayDeps } from '../app/deps';
import { findMerchantByVirtualAccount } from '../app/find-merchant-by-virtual-account';
import { getMerchant } from '../app/get-merchant';
import { issueApiKey } from '../app/issue-api-key';
import { listApiKeys } from '../app/list-api-keys';
import { merchantToWire } from '../app/merchant-wire';
import { revokeApiKey } from '../app/revoke-api-key';
import { rollApiKey } from '../app/roll-api-key';
import { updateMerchant } from '../app/update-merchant';
import { isOperatorToken } from '../domain/operator-token';
import { keyToWire, settingsFromWire } from './mapping';

/** Every admin call needs `authorization: Bearer <operator token>`. */
export function requireOperator(tokens: string[], ctx: CallContext): void {
  const header = String(ctx.metadata.get('authorization')[0] ?? '');
  if (!isOperatorToken(tokens, header.startsWith('Bearer ') ? header.slice(7) : '')) throw new DomainError('unauthenticated', 'operator_credentials_required', 'operator credentials are missing or wrong');
}

type Admin = UnaryHandlers<typeof gatewayV1.MerchantAdminServiceService>;

/** Every admin RPC but the console's (grpc/console-admin-handlers.ts). */
export function adminHandlers(deps: GatewayDeps, operatorTokens: string[]): Omit<Admin, 'createConsoleUser'> {
  const guard =
    <Req, Res>(fn: (req: Req, ctx: CallContext) => Promise<Res>) =>
    async (req: Req, ctx: CallContext): Promise<Res> => {
      requireOperator(operatorTokens, ctx);
      return fn(req, ctx);
    };
  return {
    createMerchant: guard(async (req: gatewayV1.CreateMerchantRequest) => {
      const m = await createMerchant(deps, { idempotencyKey: req.idempotencyKey, name: req.name, ownerId: req.ownerId, settings: settingsFromWire(req.settings), contactEmails: req.contactEmails?.emails ?? [] });
      ctxLog(deps, 'merchant created', { merchant_id: m.id, owner_id: m.owner_id });
      return { merchant: merchantToWire(m, deps.clock.now()) };
    }),
    issueApiKey: guard(async (req: gatewayV1.IssueApiKeyRequest) => {
      const { key, secret } = await issueApiKey(deps, req.merchantId, req.livemode);
      ctxLog(deps, 'api key issued', { merchant_id: key.merchant_id, key_id: key.id, livemode: key.livemode });
      return { apiKey: keyToWire(key), secret };
    }),
    rollApiKey: guard(async (req: gatewayV1.RollApiKeyRequest) => {
      const { key, secret, rolled } = await rollApiKey(deps, req.apiKeyId, req.expiresInSeconds);
      ctxLog(deps, 'api key rolled', { key_id: rolled.id, new_key_id: key.id });
      return { apiKey: keyToWire(key), secret, rolled: keyToWire(rolled) };
    }),
    revokeApiKey: guard(async (req: gatewayV1.RevokeApiKeyRequest) => {
      const key = await revokeApiKey(deps, req.apiKeyId);
      ctxLog(deps, 'api key revoked', { key_id: key.id });
      return { apiKey: keyToWire(key) };
    }),
    updateMerchant: guard(async (req: gatewayV1.UpdateMerchantRequest) => {
      const m = await updateMerchant(deps, req.merchantId, req.name, req.settings ? settingsFromWire(req.settings) : null, req.contactEmails ? req.contactEmails.emails : null);
      ctxLog(deps, 'merchant updated', { merchant_id: m.id });
      return { merchant: merchantToWire(m, deps.clock.now()) };
    }),
    listApiKeys: guard(async (req: gatewayV1.ListApiKeysRequest) => {
      return { apiKeys: (await listApiKeys(deps, req.merchantId)).map(keyToWire) };
    }),
  };
}

function ctxLog(deps: GatewayDeps, msg: string, fields: Record<string, unknown>): void {
  deps.logger.info({ ...fields, audit: true }, msg);
}

export function merchantHandlers(deps: GatewayDeps): UnaryHandlers<typeof gatewayV1.MerchantServiceService> {
  return {
    async getMerchant(req) {
      return { merchant: merchantToWire(await getMerchant(deps, req.merchantId), deps.clock.now()) };
    },
    async findMerchantByVirtualAccount(req) {
      const found = await findMerchantByVirtualAccount(deps, req.virtualAccountNumber, req.livemode);
      return { merchant: found ? merchantToWire(found.merchant, deps.clock.now()) : undefined, accountKind: found?.kind ?? '' };
    },
  };
}
