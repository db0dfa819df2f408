import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { AppError } from '../core/errors.js';

/** Anything that renders the Prometheus text exposition (PrometheusMetrics does). */
export interface MetricsExposition {
  exposition(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsRouteConfig {
  /** When set, every scrape needs `Authorization: Bearer <token>`; when unset, only direct loopback requests are served. */
  token: string | undefined;
}

/** Headers a reverse proxy adds: a request that carries one did not come from this host, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bearerMatches(req: Request, token: string): boolean {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

function requireScraper(req: Request, config: MetricsRouteConfig): void {
  if (config.token !== undefined) {
    if (!bearerMatches(req, config.token)) throw new AppError('UNAUTHORIZED', 'metrics need "Authorization: Bearer <METRICS_TOKEN>"');
    return;
  }
  const proxied = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
  if (proxied || !isLoopback(req.socket.remoteAddress)) {
    throw new AppError('UNAUTHORIZED', 'metrics are served to loopback only: set METRICS_TOKEN to scrape from other hosts', {
      status: 403,
    });
  }
}

/**
 * GET /metrics in the Prometheus text format. Protected by METRICS_TOKEN, or by default served only to
 * requests from this host that did not pass through a proxy.
 */
export function registerMetricsRoute(server: Server, metrics: MetricsExposition, config: MetricsRouteConfig): void {
  server.get('/metrics', async (req: Request, res: Response) => {
    requireScraper(req, config);
    const { contentType, body } = await metrics.exposition();
    res.sendRaw(200, body, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
}
