import { heldRates, P99_BOUND_MS, type LoadRow } from './konbini';

const row = (path: string, connections: number, rate: number, p99: number, held?: boolean): LoadRow => ({
  path, load: `${connections} connections`, rate, p50: p99 / 3, p90: p99 / 2, p99, requests: rate * 10, errors: 0, held,
});

describe('heldRates', () => {
  it('gives each climbing path its highest rate held, not its last or its fastest', () => {
    const rows = [
      row('POST /v1/bills', 16, 300, 110, true),
      row('POST /v1/bills', 32, 520, 130, true),
      row('POST /v1/bills', 64, 580, P99_BOUND_MS + 10, false),
      row('GET /v1/bills/{id}', 16, 1100, 37, true),
      row('GET /v1/bills/{id}', 32, 1050, 59, true),
      row('POST /v1/bills/batch', 4, 1600, 400), // not climbing: no verdict
    ];
    expect(heldRates(rows, 4000)).toEqual([
      '- POST /v1/bills: **520/s = 0.130 × P** (32 connections, p99 130 ms).',
      '- GET /v1/bills/{id}: **1100/s = 0.275 × P** (16 connections, p99 37 ms).',
    ]);
  });

  it('says when no load kept the p99 under the bound', () => {
    expect(heldRates([row('POST /v1/bills', 16, 300, 400, false)], 4000)).toEqual([`- POST /v1/bills: no rate held (p99 ≥ ${P99_BOUND_MS} ms at every load tried).`]);
  });
});
