import type { gatewayV1 } from '@kessai/contracts';
import type { CallContext } from '@kessai/platform';
import { createConsoleUser } from '../app/console/create-console-user';
import type { ConsoleDeps } from '../app/console/deps';
import { recordAudit } from '../app/console/record-audit';
import { requireOperator } from './admin-handlers';

/** MerchantAdminService.CreateConsoleUser: the operator creates a merchant's first console admin. */
export function consoleAdminHandlers(deps: ConsoleDeps, operatorTokens: string[]) {
  return {
    createConsoleUser: async (req: gatewayV1.CreateConsoleUserRequest, ctx: CallContext): Promise<gatewayV1.CreateConsoleUserResponse> => {
      requireOperator(operatorTokens, ctx);
      const user = await createConsoleUser(deps, { merchantId: req.merchantId, loginId: req.loginId, name: req.name, email: req.email, role: req.role, password: req.password });
      await recordAudit(deps, { merchantId: user.merchant_id, userId: null, loginId: 'operator' }, 'user.created', user.id, { login_id: user.login_id, role: user.role, by: 'operator' });
      return {
        user: { id: user.id, merchantId: user.merchant_id, loginId: user.login_id, name: user.name, email: user.email, role: user.role, createdAt: user.created_at },
      };
    },
  };
}
