import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../../../core/errors.js';

/**
 * Password hashing with Argon2id (@node-rs/argon2 defaults: 19 MiB, 2 passes, OWASP's recommendation). Hashes are
 * PHC strings that carry their parameters, so stronger settings later still verify old hashes.
 */

export const MIN_PASSWORD_CHARS = 12;
/** Long enough for any passphrase; bounded so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_CHARS = 256;

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_CHARS) return `a password needs at least ${MIN_PASSWORD_CHARS} characters`;
  if (password.length > MAX_PASSWORD_CHARS) return `a password has at most ${MAX_PASSWORD_CHARS} characters`;
  if (new Set(password).size < 4) return 'a password needs more than three different characters';
  return undefined;
}

export function assertAcceptablePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem !== undefined) throw new ValidationError(problem, { details: { field: 'password' } });
}

export async function hashPassword(password: string): Promise<string> {
  assertAcceptablePassword(password);
  return hash(password);
}

/** Computed once: unknown accounts are checked against it so a login takes as long whether the e-mail exists or not. */
let decoyHash: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; with no hash (unknown account) it spends the same time and says false. */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_CHARS) return false;
  if (passwordHash === undefined) {
    decoyHash ??= hash('decoy password for unknown accounts');
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
