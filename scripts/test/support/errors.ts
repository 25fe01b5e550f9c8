import { isDomainError, type DomainError } from '@kessai/platform';

/**
 * The error a call is expected to fail with: resolves to the DomainError (code, kind,
 * field violations, as the generated client decoded them). Fails the test when the
 * call succeeds, and rethrows anything that is not a DomainError (a broken channel,
 * a bug in the test) instead of passing it off as the expected rejection.
 */
export async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
