import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'pc_';
/** `pc_` + 32 random bytes in base64url (43 characters). */
const USER_TOKEN = /^pc_[A-Za-z0-9_-]{43}$/;

/** A new user token. It is shown once; only its hash is stored. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) of a token: the stored form and the `_id` of its record, so a lookup is one `_id` equality. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isUserTokenShape(token: string): boolean {
  return USER_TOKEN.test(token);
}

/** Compares two secrets in time independent of where they differ (digests make the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
