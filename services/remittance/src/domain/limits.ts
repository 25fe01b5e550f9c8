/**
 * The numbers of a remittance (docs/reference/remittance.md#recipients and
 * docs/reference/legal.md#transfer-cap). One place, so a rule and its test
 * read the same constant.
 */

/** At most this many recipients per order. */
export const MAX_RECIPIENTS_PER_ORDER = 10_000;

/** Type-2 funds transfer cap: one transfer to a recipient may not exceed this (yen). */
export const RECIPIENT_TRANSFER_CAP = 1_000_000;

/** Days after approval a recipient may register, unless the order says otherwise. */
export const DEFAULT_REGISTRATION_DAYS = 90;
/** Postcard after this many days without a registration. */
export const DEFAULT_POSTCARD_AFTER_DAYS = 7;
/** Phone task after this many days without a registration. */
export const DEFAULT_PHONE_AFTER_DAYS = 14;

/** Wrong codes on one link before it locks. */
export const MAX_WRONG_CODES_PER_LINK = 10;
/** Code attempts one client address may make per hour, over every link. */
export const MAX_CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR = 60;
/** A registration session (after the right code) lasts this long. */
export const REGISTRATION_SESSION_MS = 30 * 60_000;

/** Personal data of recipients are deleted this many years after the order closed. */
export const RETENTION_YEARS = 10;
