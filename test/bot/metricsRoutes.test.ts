import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { PrometheusMetrics } from '../../core/metrics/prometheusMetrics.js';
import { installErrorHandler } from '../../bot/httpErrors.js';
import { isLoopback, registerMetricsRoute, type MetricsRouteConfig } from '../../bot/metricsRoutes.js';

const TOKEN = 'metrics-token-0123456789';
let server: Server | undefined;

async function serve(config: MetricsRouteConfig): Promise<{ url: string; metrics: PrometheusMetrics }> {
  const metrics = new PrometheusMetrics();
  server = restify.createServer({ handleUncaughtExceptions: false });
  installErrorHandler(server, silentLogger());
  registerMetricsRoute(server, metrics, config);
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', () => resolve()));
  const { port } = listening.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/metrics`, metrics };
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running !== undefined) await new Promise<void>((resolve) => running.close(() => resolve()));
});

describe('GET /metrics', () => {
  it('serves the Prometheus text format to a direct loopback request when no token is configured', async () => {
    const { url, metrics } = await serve({ token: undefined });
    metrics.turnCompleted({ channel: 'directline', action: 'answer', durationSeconds: 0.05 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('csbot_turns_total{channel="directline",action="answer"} 1');
  });

  it('refuses a request that came through a proxy when no token is configured', async () => {
    const { url } = await serve({ token: undefined });
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const response = await fetch(url, { headers: { [header]: '203.0.113.7' } });
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(body.error.message).toMatch(/METRICS_TOKEN/);
    }
  });

  it('needs the bearer token when one is configured, from loopback too', async () => {
    const { url } = await serve({ token: TOKEN });
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: TOKEN } })).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.7' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE csbot_turns_total counter');
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:10.0.0.5', false],
    ['1270.0.0.1', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
