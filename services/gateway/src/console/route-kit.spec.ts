import { DomainError } from '@kessai/platform';
import iconv from 'iconv-lite';
import { rowErrors } from './route-kit';

describe('rowErrors', () => {
  const csv = iconv.encode('name,name_kana,amount\r\n田中 一,タナカ ハジメ,500\r\n木村 二,キムラ ジ,1000001\r\n', 'cp932');

  it('puts each rows[n] violation against the file\'s row, with the row\'s values read back (Shift_JIS too)', () => {
    const err = new DomainError('invalid_argument', 'invalid_recipients', 'invalid', [{ field: 'rows[2].amount', description: 'at most 1,000,000' }]);
    expect(rowErrors(err, csv)).toEqual([{ row: 2, field: 'amount', message: 'at most 1,000,000', values: '木村 二, キムラ ジ, 1000001' }]);
  });

  it('counts on from the recipients an order already has', () => {
    const err = new DomainError('invalid_argument', 'invalid_recipients', 'invalid', [{ field: 'rows[12].amount', description: 'x' }]);
    expect(rowErrors(err, csv, 11)![0]).toMatchObject({ row: 2, values: expect.stringContaining('木村 二') });
  });

  it('an error of the whole file has no row; other errors are not upload errors', () => {
    expect(rowErrors(new DomainError('invalid_argument', 'invalid_csv', 'bad', [{ field: 'csv', description: 'is empty' }]), Buffer.alloc(0))).toEqual([{ row: null, field: 'csv', message: 'is empty', values: '' }]);
    expect(rowErrors(new DomainError('not_found', 'not_found', 'no order'), csv)).toBeUndefined();
  });
});
