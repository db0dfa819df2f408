import type { Server } from 'restify';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { jsonBodyReader } from './bodyReader.js';
import { clientAddress } from './clientAddress.js';
import { widgetCors } from './cors.js';
import { FallbackRateLimiter, MemoryRateLimiter, type RateLimiter } from './rateLimit/rateLimiter.js';
import { rateLimit } from './rateLimit/rateLimitMiddleware.js';
import { RedisRateLimiter } from './rateLimit/redisRateLimiter.js';
import { requestIds } from './requestId.js';
import { securityHeaders } from './securityHeaders.js';

export interface HttpHardeningDeps {
  logger: Logger;
  /** True for the Direct Line secret: its holders (the shop's backend, agents) are not rate limited. */
  isServiceCredential: (credential: string) => boolean;
  /** Counters to use instead of the configured ones (memory, or Redis when REDIS_URL is set). */
  rateLimiter?: RateLimiter;
}

export interface HttpHardening {
  readonly rateLimiter: RateLimiter;
  /** Releases the rate limiter's connection. */
  close(): Promise<void>;
}

/** The routes a browser widget on the shop's site calls cross-origin. */
export function isWidgetPath(path: string): boolean {
  return path.startsWith('/v3/directline/') || path === '/v3/directline' || path.startsWith('/api/identity/');
}

function configuredLimiter(config: Config['http'], logger: Logger): RateLimiter {
  const memory = new MemoryRateLimiter();
  const url = config.rateLimit.redisUrl;
  if (url === undefined) return memory;
  logger.info('rate limits are shared through Redis (REDIS_URL)');
  return new FallbackRateLimiter(new RedisRateLimiter({ url }), memory, logger);
}

/**
 * Installs the HTTP surface's protections, for every route: request ids, security headers, rate limits, CORS for the
 * widget's routes (these run before routing, so unknown routes and preflights get them too), the bounded JSON body
 * reader, and request time limits on the Node server. Call once, before registering routes.
 */
export function installHttpHardening(server: Server, config: Config['http'], deps: HttpHardeningDeps): HttpHardening {
  server.server.requestTimeout = config.requestTimeoutMs;
  server.server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  const limiter = deps.rateLimiter ?? configuredLimiter(config, deps.logger);
  server.pre(requestIds());
  server.pre(securityHeaders({ frameAncestors: config.frameAncestors, hsts: config.publicUrl?.startsWith('https:') === true }));
  server.pre(
    rateLimit(config.rateLimit, {
      limiter,
      clientAddress: (req) => clientAddress(req, config.trustProxyHops),
      isServiceCredential: deps.isServiceCredential,
    }),
  );
  server.pre(widgetCors({ allowedOrigins: config.allowedOrigins, publicUrl: config.publicUrl, isWidgetPath }));
  server.use(jsonBodyReader({ maxBodyBytes: config.maxBodyBytes, maxJsonDepth: config.maxJsonDepth }));
  deps.logger.info(
    { maxBodyBytes: config.maxBodyBytes, allowedOrigins: config.allowedOrigins, rateLimit: { ...config.rateLimit, redisUrl: config.rateLimit.redisUrl === undefined ? undefined : '(set)' } },
    'HTTP limits installed',
  );
  return { rateLimiter: limiter, close: () => limiter.close() };
}
