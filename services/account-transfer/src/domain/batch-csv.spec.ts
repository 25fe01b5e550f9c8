import { batchValidationError, parseBatchCsv } from './batch-csv';

describe('bulk-debit CSV', () => {
  it('reads rows with English or Japanese headers', () => {
    expect(parseBatchCsv('customer_ref,amount,description\r\nC1,1000,4月分\r\nC2,"2,500",\r\n')).toEqual({
      rows: [
        { row: 1, customerRef: 'C1', amount: 1000, description: '4月分', contractId: '' },
        { row: 2, customerRef: 'C2', amount: 2500, description: '', contractId: '' },
      ],
      errors: [],
    });
    expect(parseBatchCsv('顧客ID,金額\nC1,100\n').rows).toHaveLength(1);
  });

  it('checks the whole file and names every error by row and field', () => {
    const r = parseBatchCsv('customer_ref,amount\nC1,0\n,100\nC3,abc\nC4,2000000\nC5,100,extra\nC6,100\nC6,100\n');
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { row: 1, field: 'amount', description: expect.any(String) },
      { row: 2, field: 'customer_ref', description: expect.any(String) },
      { row: 3, field: 'amount', description: expect.any(String) },
      { row: 4, field: 'amount', description: expect.any(String) },
      { row: 5, field: 'row', description: 'has 3 fields, the header 2' },
      { row: 7, field: 'row', description: 'the same debit as row 6 (split files instead of repeating a row)' },
    ]);
    const err = batchValidationError(r.errors);
    expect(err.fieldViolations[0]).toEqual({ field: 'rows[1].amount', description: expect.any(String) });
    expect(err.code).toBe('invalid_debit_file');
  });

  it('refuses unknown and missing columns', () => {
    expect(parseBatchCsv('customer,amount\nC1,1\n').errors).toEqual([
      { row: 0, field: 'customer', description: expect.stringContaining('unknown column') },
      { row: 0, field: 'customer_ref', description: 'missing column' },
    ]);
    expect(parseBatchCsv('').errors[0].field).toBe('file');
  });
});
