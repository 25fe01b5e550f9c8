import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** bcrypt cost: about 100 ms a hash on one core. */
const BCRYPT_COST = 11;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
/** A hash to compare against when the user does not exist, so both answers take as long. */
export const DUMMY_HASH = bcrypt.hashSync('not a real password, never matches', BCRYPT_COST);

/** An unguessable token (cookie, CSRF, reset link): 32 random bytes, base64url. */
export const newToken = () => randomBytes(32).toString('base64url');
/** What is stored of a token: its SHA-256 (a leaked table gives no working cookie). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
