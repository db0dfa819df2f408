import { LRUCache } from 'lru-cache';
import type { Logger } from '../../../core/logger.js';

/** The outcome of counting one request against a limit. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current window ends and the count starts again. */
  resetMs: number;
}

/**
 * Fixed-window request counters: `hit` counts one request for `key` in a window of `windowMs` and says whether it is
 * within `limit`. Adapters: in memory (one process) and Redis (shared by every instance).
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export function decision(count: number, limit: number, resetMs: number): RateLimitDecision {
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, resetMs) };
}

/** Counters of one process, bounded: the least recently used keys are forgotten first. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows: LRUCache<string, { count: number; endsAt: number }>;

  constructor(
    maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache({ max: maxKeys });
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return decision(window.count, limit, window.endsAt - now);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

/**
 * A shared limiter that falls back to a per-process one while it fails (Redis down): limits keep applying per
 * instance instead of every request failing or none being limited. After a failure the shared limiter is skipped
 * for `retryAfterMs` (requests do not each wait for its timeout), then tried again; each outage is logged once.
 */
export class FallbackRateLimiter implements RateLimiter {
  private skipUntil = 0;
  private failing = false;

  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter,
    private readonly logger: Logger,
    private readonly retryAfterMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    if (this.now() < this.skipUntil) return this.fallback.hit(key, limit, windowMs);
    try {
      const decided = await this.primary.hit(key, limit, windowMs);
      if (this.failing) {
        this.failing = false;
        this.logger.info('shared rate limiter available again');
      }
      return decided;
    } catch (error) {
      this.skipUntil = this.now() + this.retryAfterMs;
      if (!this.failing) {
        this.failing = true;
        this.logger.warn({ err: error }, 'shared rate limiter unavailable: counting per process meanwhile');
      }
      return this.fallback.hit(key, limit, windowMs);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
