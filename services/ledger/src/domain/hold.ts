/** A hold: part of an account's available balance earmarked until captured or released. */
export interface Hold {
  id: string;
  livemode: boolean;
  accountId: string;
  merchantId: string;
  amount: number;
  captured: number;
  released: number;
  reference: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a hold still holds. */
export const remaining = (h: Hold): number => h.amount - h.captured - h.released;
