import { isUniqueViolation } from '@kessai/platform';
import { PAYMENT_NUMBER_TAKEN } from '../db/bill-store';

/** Draws a number until its claim wins (a clash is astronomically rare, never an error). */
export async function drawUnique<T>(draw: () => T, claim: (value: T) => Promise<boolean>): Promise<T> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const value = draw();
    if (await claim(value)) return value;
  }
  throw new Error('could not allocate a unique number');
}

/**
 * Runs a bill's write again (with new draws: `attempt` draws its own) when a
 * payment number it drew was another bill's (astronomically rare): the
 * statement failed, so nothing of the attempt was kept (a transaction around
 * it rolled back whole). Anything else fails at once.
 */
export async function drawingAgainOnClash<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isUniqueViolation(err, PAYMENT_NUMBER_TAKEN) || tries >= 10) throw err;
    }
  }
}
