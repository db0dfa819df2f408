import { createHash } from 'node:crypto';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { AppError } from '../../../core/errors.js';
import { addressBucket } from '../clientAddress.js';
import type { RateLimitDecision, RateLimiter } from './rateLimiter.js';

export interface RateLimitRules {
  windowSeconds: number;
  /** Requests per window per client address (0 = unlimited). */
  perIp: number;
  /** Requests per window per bearer credential (a Direct Line token). */
  perToken: number;
  /** Token-issuing requests per window per client address. */
  tokensPerIp: number;
}

export interface RateLimitDeps {
  limiter: RateLimiter;
  clientAddress: (req: Request) => string;
  /** Callers holding a service credential (the Direct Line secret: the shop's backend, agents) are not limited. */
  isServiceCredential: (credential: string) => boolean;
}

/** Requests that create conversations or mint tokens. */
const TOKEN_ROUTES = new Set(['/v3/directline/tokens/generate', '/v3/directline/tokens/refresh', '/v3/directline/conversations', '/api/identity/token', '/api/demo/token']);
/** Probes of the load balancer and orchestrator are never limited. */
const UNLIMITED = new Set(['/healthz', '/readyz']);

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Per-address and per-token limits on every route, and a tighter per-address limit on token-issuing routes. A
 * refused request gets 429 with Retry-After and RateLimit-* headers.
 */
export function rateLimit(rules: RateLimitRules, deps: RateLimitDeps): RequestHandler {
  const windowMs = rules.windowSeconds * 1000;
  const check = async (req: Request): Promise<{ decided: RateLimitDecision; what: string } | undefined> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (UNLIMITED.has(path)) return undefined;
    const credential = bearer(req);
    if (credential !== undefined && deps.isServiceCredential(credential)) return undefined;
    const address = addressBucket(deps.clientAddress(req));
    const checks: [string, number, string][] = [[`ip:${address}`, rules.perIp, 'from this address']];
    if (req.method === 'POST' && TOKEN_ROUTES.has(path)) checks.push([`tokens:${address}`, rules.tokensPerIp, 'for new conversations from this address']);
    if (credential !== undefined) checks.push([`token:${createHash('sha256').update(credential).digest('base64url').slice(0, 32)}`, rules.perToken, 'with this token']);
    for (const [key, limit, what] of checks) {
      if (limit === 0) continue;
      const decided = await deps.limiter.hit(key, limit, windowMs);
      if (!decided.allowed) return { decided, what };
    }
    return undefined;
  };
  return (req: Request, res: Response, next: Next) => {
    check(req)
      .then((refused) => {
        if (refused === undefined) {
          next();
          return;
        }
        const { decided, what } = refused;
        const retryAfter = Math.max(1, Math.ceil(decided.resetMs / 1000));
        res.setHeader('Retry-After', String(retryAfter));
        res.setHeader('RateLimit-Limit', String(decided.limit));
        res.setHeader('RateLimit-Remaining', '0');
        res.setHeader('RateLimit-Reset', String(retryAfter));
        next(new AppError('RATE_LIMITED', `too many requests ${what}: retry after ${retryAfter} s`, { details: { retryAfterSeconds: retryAfter } }));
      })
      .catch((error: unknown) => next(error));
  };
}
