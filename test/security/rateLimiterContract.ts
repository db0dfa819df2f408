import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../bot/http/rateLimit/rateLimiter.js';

let sequence = 0;
/** A key no other test (or earlier run against a shared Redis) has used. */
function freshKey(name: string): string {
  sequence += 1;
  return `${name}:${process.pid}:${Date.now()}:${sequence}`;
}

/** What every RateLimiter adapter must do; `make` returns a limiter on a clean or shared backend. */
export function rateLimiterContract(name: string, make: () => Promise<RateLimiter>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    it('allows `limit` hits per window and refuses the next, counting down remaining', async () => {
      const limiter = await make();
      try {
        const key = freshKey('count');
        const decisions = [];
        for (let i = 0; i < 4; i += 1) decisions.push(await limiter.hit(key, 3, 60_000));
        expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
          [true, 2],
          [true, 1],
          [true, 0],
          [false, 0],
        ]);
        expect(decisions[3]?.resetMs).toBeGreaterThan(50_000);
        expect(decisions[3]?.resetMs).toBeLessThanOrEqual(60_000);
      } finally {
        await limiter.close();
      }
    });

    it('keeps keys apart', async () => {
      const limiter = await make();
      try {
        const [a, b] = [freshKey('a'), freshKey('b')];
        await limiter.hit(a, 1, 60_000);
        expect((await limiter.hit(a, 1, 60_000)).allowed).toBe(false);
        expect((await limiter.hit(b, 1, 60_000)).allowed).toBe(true);
      } finally {
        await limiter.close();
      }
    });

    it('starts counting again when the window has passed', async () => {
      const limiter = await make();
      try {
        const key = freshKey('window');
        await limiter.hit(key, 1, 150);
        expect((await limiter.hit(key, 1, 150)).allowed).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 250));
        expect((await limiter.hit(key, 1, 150)).allowed).toBe(true);
      } finally {
        await limiter.close();
      }
    });

    it('counts concurrent hits exactly: of 50 at once with a limit of 10, 10 are allowed', async () => {
      const limiter = await make();
      try {
        const key = freshKey('concurrent');
        const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.hit(key, 10, 60_000)));
        expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      } finally {
        await limiter.close();
      }
    });
  });
}
