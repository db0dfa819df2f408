import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';

/** Claims carried by a Direct Line token: one conversation, optionally one user, and an expiry. */
export interface DirectLineClaims {
  conversationId: string;
  userId?: string;
  expiresAt: number; // epoch seconds
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

function unauthorized(message: string): AppError {
  return new AppError('UNAUTHORIZED', message);
}

/**
 * HMAC-SHA256 signed, expiring tokens bound to one conversation (`payload.signature`, both base64url).
 * The secret is config.bot.directLineSecret, or a random per-process secret (tokens then die with the process).
 */
export class DirectLineTokens {
  private readonly key: Buffer;

  constructor(
    readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.key = Buffer.from(secret, 'utf8');
  }

  static randomSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  issue(conversationId: string, userId?: string): IssuedToken {
    const claims: DirectLineClaims = { conversationId, expiresAt: Math.floor(this.nowMs() / 1000) + this.ttlSeconds };
    if (userId !== undefined) claims.userId = userId;
    const payload = Buffer.from(JSON.stringify({ c: claims.conversationId, u: claims.userId, e: claims.expiresAt, n: randomBytes(6).toString('base64url') })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresIn: this.ttlSeconds };
  }

  /** Throws AppError UNAUTHORIZED (401) for malformed, forged or expired tokens. */
  verify(token: string): DirectLineClaims {
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) throw unauthorized('malformed token');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthorized('invalid token signature');
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw unauthorized('malformed token');
    }
    if (typeof decoded !== 'object' || decoded === null) throw unauthorized('malformed token');
    const { c, u, e } = decoded as Record<string, unknown>;
    if (typeof c !== 'string' || typeof e !== 'number' || (u !== undefined && typeof u !== 'string')) throw unauthorized('malformed token');
    if (e * 1000 <= this.nowMs()) throw unauthorized('token expired');
    return u === undefined ? { conversationId: c, expiresAt: e } : { conversationId: c, userId: u, expiresAt: e };
  }

  /** Constant-time comparison with the Direct Line secret. */
  isSecret(candidate: string): boolean {
    const a = Buffer.from(candidate);
    return a.length === this.key.length && timingSafeEqual(a, this.key);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
