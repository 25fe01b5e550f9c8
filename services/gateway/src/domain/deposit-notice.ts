/** 振込予約: a merchant's announcement of a transfer it is about to make into its deposit. */
export interface DepositNotice {
  id: string;
  merchant_id: string;
  livemode: boolean;
  /** yen */
  amount: number;
  /** Tokyo calendar date, YYYY-MM-DD */
  expected_on: string;
  payer_name: string | null;
  reference: string | null;
  created_at: Date;
}
