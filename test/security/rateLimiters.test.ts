import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FallbackRateLimiter, MemoryRateLimiter } from '../../bot/http/rateLimit/rateLimiter.js';
import { RedisRateLimiter } from '../../bot/http/rateLimit/redisRateLimiter.js';
import { capturingLogger } from './support/capturingLogger.js';
import { redisSkipReason, startTestRedis, type TestRedis } from './support/redisServer.js';
import { rateLimiterContract } from './rateLimiterContract.js';

rateLimiterContract('memory', async () => new MemoryRateLimiter());

const skipRedis = redisSkipReason();
if (skipRedis !== undefined) process.stderr.write(`[Redis rate limiter tests skipped] ${skipRedis}\n`);

describe.skipIf(skipRedis !== undefined)('Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  rateLimiterContract('redis', async () => new RedisRateLimiter({ url: redis.url }));

  it('shares counts between limiters (instances) on the same Redis', async () => {
    const [a, b] = [new RedisRateLimiter({ url: redis.url }), new RedisRateLimiter({ url: redis.url })];
    try {
      const key = `shared:${Date.now()}`;
      await a.hit(key, 3, 60_000);
      await b.hit(key, 3, 60_000);
      await a.hit(key, 3, 60_000);
      expect((await b.hit(key, 3, 60_000)).allowed).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('when the shared limiter fails', () => {
  it('keeps limiting per process, skips the shared one for a while, logs each outage once, and recovers', async () => {
    const { logger, lines } = capturingLogger();
    let now = 0;
    let down = true;
    let primaryCalls = 0;
    const primary = new MemoryRateLimiter(100, () => now);
    const flaky = {
      hit: async (key: string, limit: number, windowMs: number) => {
        primaryCalls += 1;
        if (down) throw new Error('connect ENOENT /run/redis.sock');
        return primary.hit(key, limit, windowMs);
      },
      close: () => primary.close(),
    };
    const limiter = new FallbackRateLimiter(flaky, new MemoryRateLimiter(100, () => now), logger, 5000, () => now);
    const allowed = [];
    for (let i = 0; i < 3; i += 1) allowed.push((await limiter.hit('k', 2, 60_000)).allowed);
    expect(allowed).toEqual([true, true, false]);
    expect(primaryCalls).toBe(1);
    now += 6000;
    down = false;
    expect((await limiter.hit('k', 2, 60_000)).allowed).toBe(true);
    expect(primaryCalls).toBe(2);
    expect(lines().map((l) => l.msg)).toEqual(['shared rate limiter unavailable: counting per process meanwhile', 'shared rate limiter available again']);
  });

  it('fails over from a Redis that cannot be reached', async () => {
    const { logger } = capturingLogger();
    const limiter = new FallbackRateLimiter(new RedisRateLimiter({ url: '/nonexistent/csbot-redis.sock', commandTimeoutMs: 100 }), new MemoryRateLimiter(), logger);
    try {
      expect((await limiter.hit('k', 1, 60_000)).allowed).toBe(true);
      expect((await limiter.hit('k', 1, 60_000)).allowed).toBe(false);
    } finally {
      await limiter.close();
    }
  });
});
