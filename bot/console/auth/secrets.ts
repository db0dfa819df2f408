import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random secrets for sessions, CSRF and API tokens, and how they are stored (SHA-256: they carry 256 bits already). */

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
