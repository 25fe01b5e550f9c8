import { can } from './roles';

describe('console roles for remittance and direct debit', () => {
  it('a viewer reads and downloads but may not create, upload, approve, refund the deposit or debit', () => {
    for (const p of ['remittance.view', 'remittance.export', 'debits.view', 'debits.export'] as const) expect([p, can('viewer', p)]).toEqual([p, true]);
    for (const p of ['remittance.manage', 'remittance.approve', 'remittance.refund', 'debits.create'] as const) expect([p, can('viewer', p)]).toEqual([p, false]);
  });

  it('operators and admins may approve orders, refund the deposit and debit customers', () => {
    for (const role of ['operator', 'admin'] as const) {
      for (const p of ['remittance.manage', 'remittance.approve', 'remittance.refund', 'debits.create'] as const) expect([role, p, can(role, p)]).toEqual([role, p, true]);
    }
  });
});
