import { PAYMENT_NUMBER_TAKEN } from '../db/bill-store';
import { drawingAgainOnClash } from './draw-unique';

// What pg/TypeORM throw for a unique violation: the driver's error inside.
const violation = (constraint: string) => Object.assign(new Error('duplicate key'), { driverError: { code: '23505', constraint } });

describe('drawingAgainOnClash', () => {
  it('runs the write again after a payment-number clash, until it is written', async () => {
    let tries = 0;
    const out = await drawingAgainOnClash(async () => {
      if (++tries < 3) throw violation(PAYMENT_NUMBER_TAKEN);
      return 'written';
    });
    expect(out).toBe('written');
    expect(tries).toBe(3);
  });

  it('fails at once on any other error, another constraint included', async () => {
    let tries = 0;
    await expect(drawingAgainOnClash(async () => {
      tries++;
      throw violation('bills_slip_token_key');
    })).rejects.toThrow('duplicate key');
    expect(tries).toBe(1);
  });

  it('gives up after ten clashes', async () => {
    let tries = 0;
    await expect(drawingAgainOnClash(async () => {
      tries++;
      throw violation(PAYMENT_NUMBER_TAKEN);
    })).rejects.toThrow('duplicate key');
    expect(tries).toBe(10);
  });
});
