import { decideDebit, maintenanceSecondsLeft, mergeDebitSettings, DEFAULT_DEBIT_SETTINGS, type DebitFacts } from './rules';

const ok: DebitFacts = { account: { state: 'open', account_type: '1', balance: 10_000 }, accountType: '1', mandate: { status: 'registered', stopped: null }, configuredCode: undefined, amount: 1_000 };

describe('simulated debit decisions', () => {
  it.each([
    ['debited', ok, 0],
    ['insufficient funds', { ...ok, amount: 10_001 }, 1],
    ['unknown account', { ...ok, account: undefined }, 2],
    ['closed account', { ...ok, account: { ...ok.account!, state: 'closed' as const } }, 2],
    ['other account type', { ...ok, accountType: '2' }, 2],
    ['stopped by the depositor', { ...ok, mandate: { status: 'registered', stopped: 'depositor' } }, 3],
    ['no mandate', { ...ok, mandate: undefined }, 4],
    ['cancelled mandate', { ...ok, mandate: { status: 'cancelled', stopped: null } }, 4],
    ['stopped by the requester', { ...ok, mandate: { status: 'registered', stopped: 'requester' } }, 8],
    ['configured other', { ...ok, configuredCode: 9 as const }, 9],
  ])('%s', (_what, facts, code) => {
    expect(decideDebit(facts as DebitFacts)).toBe(code);
  });

  it('validates settings and measures maintenance', () => {
    const s = mergeDebitSettings(DEFAULT_DEBIT_SETTINGS, { maintenance_until: '2026-12-01T10:00:10Z', codes: { '1234567': 9 } });
    expect(maintenanceSecondsLeft(s, Date.parse('2026-12-01T10:00:00Z'))).toBe(10);
    expect(maintenanceSecondsLeft(s, Date.parse('2026-12-01T10:00:11Z'))).toBe(0);
    expect(() => mergeDebitSettings(s, { codes: { '1': 5 } })).toThrow(RangeError);
    expect(() => mergeDebitSettings(s, { nope: 1 })).toThrow('unknown debit setting nope');
  });
});
