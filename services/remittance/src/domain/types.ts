/** The shapes the remittance service's rules talk about (no I/O here). */

export type OrderMode = 'full_service' | 'transfer_only';
export type Channel = 'email' | 'postcard' | 'phone';
export type OrderStatus = 'draft' | 'approving' | 'waiting_for_funds' | 'funded' | 'closed' | 'cancelled';
export type RecipientStatus =
  | 'pending'
  | 'awaiting_registration'
  | 'waiting_for_funds'
  | 'held_for_review'
  | 'scheduled'
  | 'sent'
  | 'paid'
  | 'failed'
  | 'cancelled'
  | 'expired';
export type TransferPurpose = 'recipient' | 'deposit_refund' | 'payout';
export type TransferStatus = 'scheduled' | 'in_file' | 'sent' | 'succeeded' | 'failed' | 'reversed';

export interface PostalAddress {
  postalCode: string;
  prefecture: string;
  city: string;
  line1: string;
  line2: string;
}

/** A bank account as Kessai transfers to it: codes checked, holder in half-width bank kana. */
export interface BankAccount {
  bankCode: string;
  branchCode: string;
  accountType: '1' | '2' | '4' | '9';
  accountNumber: string;
  holderKana: string;
  bankName: string;
  branchName: string;
}

/** A bank account as someone typed it. */
export interface BankAccountInput {
  bankCode?: string;
  branchCode?: string;
  accountType?: number | string;
  accountNumber?: string;
  japanPostKigou?: string;
  japanPostBangou?: string;
  holderKana?: string;
}

export interface OrderSettings {
  purpose: string;
  defaultMessage: string;
  channels: Channel[];
  mode: OrderMode;
  /** Tokyo date, or '' = DEFAULT_REGISTRATION_DAYS after approval */
  registrationDeadline: string;
  postcardAfterDays: number;
  phoneAfterDays: number;
}

export interface RecipientInput {
  name?: string;
  nameKana?: string;
  amount?: number;
  email?: string;
  phone?: string;
  postalAddress?: Partial<PostalAddress>;
  reference?: string;
  account?: BankAccountInput;
}

/** A validated recipient row, ready to store. */
export interface NewRecipient {
  rowNumber: number;
  name: string;
  nameKana: string;
  /** holderNameKey of the kana: the split check's name */
  kanaKey: string;
  amount: number;
  email: string;
  phone: string;
  postalAddress: PostalAddress | null;
  reference: string;
  account: BankAccount | null;
}
