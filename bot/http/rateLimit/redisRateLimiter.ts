import { Redis } from 'ioredis';
import { decision, type RateLimitDecision, type RateLimiter } from './rateLimiter.js';

/** INCR and start the window on the first hit, atomically; returns the count and the window's remaining ms. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

export interface RedisRateLimiterOptions {
  /** redis://[:password@]host:port/db, or a unix socket path. */
  url: string;
  keyPrefix?: string;
  /** A command (also one queued while connecting) that takes longer fails, and the caller falls back. */
  commandTimeoutMs?: number;
}

/** Counters in Redis, shared by every instance behind the load balancer. */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisRateLimiterOptions) {
    const common = { maxRetriesPerRequest: 1, commandTimeout: options.commandTimeoutMs ?? 500 };
    this.redis = options.url.startsWith('/') ? new Redis({ path: options.url, ...common }) : new Redis(options.url, common);
    // Connection errors surface on the commands (and are logged by the fallback); no unhandled 'error' events.
    this.redis.on('error', () => undefined);
    this.prefix = options.keyPrefix ?? 'csbot:ratelimit:';
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const result = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}${key}`, String(windowMs))) as [number, number];
    return decision(Number(result[0]), limit, Number(result[1]));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
