import { ConfigError } from '@kessai/platform';
import { feesConfig } from './config';

// The issuer of the qualified invoices is checked when the service starts: a
// mistyped registration number stops it, naming the variable.
const env = { DATABASE_URL: 'postgres://fees@localhost/kessai' };

describe('fees config: the qualified-invoice issuer', () => {
  it('has a well-formed development default', () => {
    expect(feesConfig(env)).toMatchObject({ FEES_ISSUER_REGISTRATION_NUMBER: 'T6012345678901', FEES_ISSUER_NAME: expect.any(String), FEES_ISSUER_ADDRESS: expect.any(String) });
  });

  it.each([
    ['T6012345678902', /FEES_ISSUER_REGISTRATION_NUMBER: has a wrong check digit/],
    ['6012345678901', /FEES_ISSUER_REGISTRATION_NUMBER: must be T followed by 13 digits/],
  ])('refuses %s naming the variable', (value, message) => {
    expect(() => feesConfig({ ...env, FEES_ISSUER_REGISTRATION_NUMBER: value })).toThrow(ConfigError);
    expect(() => feesConfig({ ...env, FEES_ISSUER_REGISTRATION_NUMBER: value })).toThrow(message);
  });

  it('refuses an empty issuer name', () => {
    expect(() => feesConfig({ ...env, FEES_ISSUER_NAME: '' })).toThrow(/FEES_ISSUER_NAME/);
  });
});
