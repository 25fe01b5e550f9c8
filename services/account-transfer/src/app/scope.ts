/** Where request ids of one kind of command are unique: per merchant and mode. */
export function commandScope(family: string, livemode: boolean, merchantId: string): string {
  return `account_transfer.${family}:${livemode ? 'live' : 'test'}:${merchantId}`;
}

export interface MerchantScope {
  livemode: boolean;
  merchantId: string;
}
