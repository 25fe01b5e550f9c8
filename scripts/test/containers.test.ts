import { wantContainers } from './support/containers';

describe('wantContainers', () => {
  const none = { dockerSocket: false, localPostgres: false };
  it('uses containers only with Docker and nothing else configured or installed', () => {
    expect(wantContainers({}, { dockerSocket: true, localPostgres: false })).toBe(true);
    expect(wantContainers({}, { dockerSocket: true, localPostgres: true })).toBe(false);
    expect(wantContainers({ DATABASE_URL: 'postgres://x' }, { dockerSocket: true, localPostgres: false })).toBe(false);
    expect(wantContainers({}, none)).toBe(false);
  });
  it('can be forced either way', () => {
    expect(wantContainers({ KESSAI_TESTCONTAINERS: '1' }, none)).toBe(true);
    expect(wantContainers({ KESSAI_TESTCONTAINERS: '0' }, { dockerSocket: true, localPostgres: false })).toBe(false);
  });
});
