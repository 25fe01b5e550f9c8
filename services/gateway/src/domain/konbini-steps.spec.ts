import { CHAIN_IDS, CHAINS } from '@kessai/konbini';
import { CHAIN_STEPS, PART_LABELS } from './konbini-steps';

describe('the hosted page\'s steps per chain', () => {
  it('has steps in both languages for every chain of the konbini table, and a label for every part', () => {
    expect(Object.keys(CHAIN_STEPS).sort()).toEqual([...CHAIN_IDS].sort());
    for (const id of CHAIN_IDS) {
      expect(CHAIN_STEPS[id].steps.ja.length).toBeGreaterThan(1);
      expect(CHAIN_STEPS[id].steps.en).toHaveLength(CHAIN_STEPS[id].steps.ja.length);
      expect(CHAIN_STEPS[id].name.ja).toBe(CHAINS[id].nameJa);
      for (const part of CHAINS[id].parts) expect(PART_LABELS[part.name]).toBeDefined();
    }
  });

  it('shows the barcode only where the customer pays at the register', () => {
    for (const id of CHAIN_IDS) expect(CHAIN_STEPS[id].barcode).toBe(CHAINS[id].where === 'register');
  });
});
