import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason, startTestRedis, type TestRedis } from './support/redisServer.js';
import { rawRequest, startSecurityServer, TEST_SECRET, type SecurityTestServer } from './support/securityServer.js';

const servers: SecurityTestServer[] = [];
async function server(env: Record<string, string>): Promise<SecurityTestServer> {
  const started = await startSecurityServer(env);
  servers.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function statuses(count: number, request: () => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push((await request()).status);
  return out;
}

const demoToken = (s: SecurityTestServer, headers: Record<string, string> = {}) =>
  rawRequest(`${s.url}/api/demo/token`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ customerId: 'c-alice' }) });

describe('rate limits per client address', () => {
  it('refuses the request after the limit with 429, Retry-After and RateLimit headers, on every route but the probes', async () => {
    const s = await server({ RATE_LIMIT_PER_IP: '5', RATE_LIMIT_WINDOW_S: '60' });
    expect(await statuses(6, () => rawRequest(`${s.url}/api/agent/conversations`))).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await rawRequest(`${s.url}/no/such/route`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('5');
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry after \d+ s/) } });
    expect((await rawRequest(`${s.url}/healthz`)).status).toBe(200);
  });

  it('limits token-issuing requests more tightly, but never the holder of the Direct Line secret', async () => {
    const s = await server({ RATE_LIMIT_TOKENS_PER_IP: '2' });
    expect(await statuses(3, () => demoToken(s))).toEqual([200, 200, 429]);
    const generate = () => rawRequest(`${s.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_SECRET}` } });
    expect(await statuses(5, generate)).toEqual([200, 200, 200, 200, 200]);
  });

  it('tells clients behind trusted proxies apart by X-Forwarded-For, and ignores the header otherwise', async () => {
    const proxied = await server({ RATE_LIMIT_TOKENS_PER_IP: '1', TRUST_PROXY_HOPS: '1' });
    expect((await demoToken(proxied, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect((await demoToken(proxied, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
    expect((await demoToken(proxied, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7' })).status).toBe(429);
    const direct = await server({ RATE_LIMIT_TOKENS_PER_IP: '1' });
    expect((await demoToken(direct, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    expect((await demoToken(direct, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429);
  });
});

describe('rate limits per token', () => {
  it('limits each Direct Line token on its own', async () => {
    const s = await server({ RATE_LIMIT_PER_TOKEN: '3' });
    const mint = async (): Promise<{ token: string; conversationId: string }> => (await demoToken(s)).json() as { token: string; conversationId: string };
    const [a, b] = [await mint(), await mint()];
    const poll = (t: { token: string; conversationId: string }) => () => rawRequest(`${s.url}/v3/directline/conversations/${t.conversationId}/activities`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(await statuses(4, poll(a))).toEqual([200, 200, 200, 429]);
    expect(await statuses(1, poll(b))).toEqual([200]);
  });
});

const skipRedis = redisSkipReason();
if (skipRedis !== undefined) process.stderr.write(`[shared rate limit test skipped] ${skipRedis}\n`);

describe.skipIf(skipRedis !== undefined)('rate limits shared through Redis (REDIS_URL)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis?.stop();
  });

  it('counts a client across two instances', async () => {
    const env = { REDIS_URL: redis.url, RATE_LIMIT_TOKENS_PER_IP: '4', RATE_LIMIT_WINDOW_S: '60', TRUST_PROXY_HOPS: '1' };
    const [a, b] = [await server(env), await server(env)];
    // A client address of its own: a Redis shared with other test runs may hold counts of 127.0.0.1.
    const forwarded = { 'x-forwarded-for': `2001:db8:${process.pid.toString(16)}:${Date.now().toString(16).slice(-4)}::1` };
    const order = [a, b, a, b, a];
    const results = [];
    for (const s of order) results.push((await demoToken(s, forwarded)).status);
    expect(results).toEqual([200, 200, 200, 200, 429]);
    expect(a.logText()).toContain('rate limits are shared through Redis');
  });
});
