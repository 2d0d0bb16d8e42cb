/**
 * The rules every way of adding a person or a key shares (the CLI, the seed and the admin API), so a
 * password or email the API refuses is refused by `npm run kerbside -- user add` too.
 * A leaf module: server/services/auth.ts and the people services both import it.
 */
import { DomainError } from '../../errors.ts';

/** Roles an admin may give from the console; `customer` sign-ins belong to a business (CLI only). */
export const STAFF_ROLES = ['admin', 'officer', 'crew'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 1024;

const rule = (code: string, message: string) => new DomainError(code, message, 422);

export function normaliseEmail(raw: string): string {
  const email = (raw ?? '').trim().toLowerCase();
  if (email.length > 320 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw rule('invalid_email', 'Enter an email address like name@example.org.');
  return email;
}

export function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD) {
    throw rule('weak_password', `Passwords need at least ${MIN_PASSWORD} characters.`);
  }
  if (password.length > MAX_PASSWORD) throw rule('weak_password', `Passwords can be at most ${MAX_PASSWORD} characters.`);
}

export function checkStaffRole(role: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw rule('invalid_role', `Role must be one of ${STAFF_ROLES.join(', ')}.`);
  return role as StaffRole;
}

export const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: 'argon2id' });

export function checkKeyName(raw: string): string {
  const name = (raw ?? '').trim();
  if (!name || name.length > 100) throw rule('invalid_name', 'Name the key after its client, in 1 to 100 characters (for example "FixMyStreet").');
  return name;
}

/** A new API key: `kb_` and 48 hex characters; its first 10 characters are shown as the prefix. */
export function newApiKey(): { key: string; prefix: string; keyHash: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const key = `kb_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  return { key, prefix: key.slice(0, 10), keyHash: new Bun.CryptoHasher('sha256').update(key).digest('hex') };
}
