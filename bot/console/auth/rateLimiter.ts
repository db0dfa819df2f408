import { LRUCache } from 'lru-cache';

/**
 * Counts attempts per key. The in-memory adapter suits one process; several instances need one shared adapter
 * (Redis) behind the same interface, so a limit holds whichever instance a request reaches.
 */
export interface RateLimiter {
  /** Records one attempt for `key`; `allowed` is false once the key is over its limit, with the wait until it resets. */
  consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export interface FixedWindowOptions {
  limit: number;
  windowMs: number;
  /** Keys remembered at most (least recently used ones are forgotten first). */
  maxKeys?: number;
  now?: () => number;
}

/** A fixed-window counter per key, bounded in memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows: LRUCache<string, { startedAt: number; count: number }>;
  private readonly now: () => number;

  constructor(private readonly options: FixedWindowOptions) {
    this.windows = new LRUCache({ max: options.maxKeys ?? 100_000 });
    this.now = options.now ?? Date.now;
  }

  async consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.startedAt >= this.options.windowMs) {
      window = { startedAt: now, count: 0 };
    }
    window.count += 1;
    this.windows.set(key, window);
    if (window.count <= this.options.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: window.startedAt + this.options.windowMs - now };
  }
}
