import { ConflictError, isEmail, newId, NotFoundError, useCase, ValidationError, type FieldViolation } from '@kessai/platform';
import { loginIdProblem, passwordProblem } from '../../domain/console/policy';
import { isRole, type Role } from '../../domain/console/roles';
import type { ConsoleUser } from '../../domain/console/user';
import type { ConsoleDeps } from './deps';
import { hashPassword } from './secrets';

export interface NewConsoleUser {
  merchantId: string;
  loginId: string;
  name: string;
  email: string;
  role: string;
  password: string;
}

/** Checks a new user's fields; every problem named by its field. */
export function validateNewUser(input: NewConsoleUser): { loginId: string; role: Role } {
  const loginId = input.loginId.trim().toLowerCase();
  const v: FieldViolation[] = [];
  const idProblem = loginIdProblem(loginId);
  if (idProblem) v.push({ field: 'login_id', description: idProblem });
  if (!input.name.trim() || input.name.length > 100) v.push({ field: 'name', description: 'is required (at most 100 characters)' });
  if (!isEmail(input.email)) v.push({ field: 'email', description: 'must be an email address' });
  if (!isRole(input.role)) v.push({ field: 'role', description: 'must be admin, operator or viewer' });
  const pw = passwordProblem(input.password, loginId);
  if (pw) v.push({ field: 'password', description: pw });
  if (v.length) throw new ValidationError(v);
  return { loginId, role: input.role as Role };
}

/** A console user of a merchant (the operator's first admin, or one an admin adds). */
export function createConsoleUser(deps: ConsoleDeps, input: NewConsoleUser): Promise<ConsoleUser> {
  return useCase('gateway.console.create_user', async () => {
    const { loginId, role } = validateNewUser(input);
    const merchant = await deps.gateway.store.getMerchant(input.merchantId);
    if (!merchant) throw new NotFoundError('merchant', input.merchantId);
    const now = deps.gateway.clock.now();
    const user: ConsoleUser = {
      id: newId('cu', now.getTime()),
      merchant_id: merchant.id,
      login_id: loginId,
      name: input.name.trim(),
      email: input.email.trim(),
      role,
      failed_attempts: 0,
      locked_until: null,
      totp_enabled: false,
      created_at: now,
      disabled_at: null,
    };
    if (!(await deps.store.insertUser(user, await hashPassword(input.password)))) {
      throw new ConflictError('login_id_taken', `the user id ${loginId} is taken`);
    }
    return user;
  }, { role: input.role });
}
