import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startSecurityServer, TEST_SECRET, type SecurityTestServer } from './support/securityServer.js';

const SHOP = 'https://shop.example';

let running: SecurityTestServer;
let token: string;

beforeAll(async () => {
  running = await startSecurityServer({ ALLOWED_ORIGINS: `${SHOP}, https://www.shop.example`, FRAME_ANCESTORS: `'self' ${SHOP}` });
  const minted = await rawRequest(`${running.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_SECRET}` } });
  ({ token } = minted.json() as { token: string });
});
afterAll(async () => {
  await running.close();
});

describe('security headers', () => {
  it('gives HTML pages the page CSP with the configured frame-ancestors, and the common headers', async () => {
    const page = await rawRequest(`${running.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' https://cdn.botframework.com");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`frame-ancestors 'self' ${SHOP}`);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // frame-ancestors names another site: X-Frame-Options (which cannot) is left out rather than contradict it.
    expect(page.headers.get('x-frame-options')).toBeNull();
  });

  it('gives API responses, errors and unknown routes a deny-all CSP, no-store and DENY framing', async () => {
    for (const [url, status] of [
      [`${running.url}/healthz`, 200],
      [`${running.url}/api/agent/conversations`, 401],
      [`${running.url}/no/such/route`, 404],
    ] as const) {
      const response = await rawRequest(url);
      expect([url, response.status]).toEqual([url, status]);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('sends HSTS only when the bot is served over https', async () => {
    expect((await rawRequest(`${running.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const https = await startSecurityServer({ PUBLIC_URL: 'https://bot.shop.example' });
    try {
      expect((await rawRequest(`${https.url}/healthz`)).headers.get('strict-transport-security')).toBe('max-age=15552000');
    } finally {
      await https.close();
    }
  });
});

describe('CORS allow-list for the widget routes', () => {
  const conversations = (): string => `${running.url}/v3/directline/conversations`;

  it('answers a preflight from an allowed origin with the allowed methods and headers', async () => {
    const preflight = await rawRequest(conversations(), {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-ms-bot-agent' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('vary')).toContain('Origin');
  });

  it('refuses preflights from other origins, for other methods or with other headers', async () => {
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      { origin: SHOP, 'access-control-request-method': 'DELETE' },
      { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-forwarded-for' },
    ];
    for (const headers of refused) {
      const preflight = await rawRequest(conversations(), { method: 'OPTIONS', headers });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets an allowed origin read the answer, and refuses other origins before the route runs', async () => {
    const allowed = await rawRequest(conversations(), { method: 'POST', headers: { origin: 'https://www.shop.example', authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('retry-after');
    const refused = await rawRequest(conversations(), { method: 'POST', headers: { origin: 'https://evil.example', authorization: `Bearer ${TEST_SECRET}` } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.json()).toMatchObject({ error: { message: expect.stringMatching(/ALLOWED_ORIGINS/) } });
  });

  it('always allows the bot its own origin, and sends no CORS headers on the other routes', async () => {
    const own = await rawRequest(`${running.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { origin: running.url, authorization: `Bearer ${TEST_SECRET}` } });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(running.url);
    const agent = await rawRequest(`${running.url}/api/agent/conversations`, { headers: { origin: SHOP, authorization: `Bearer ${TEST_SECRET}` } });
    expect(agent.status).toBe(200);
    expect(agent.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers * when any origin is allowed', async () => {
    const open = await startSecurityServer({ ALLOWED_ORIGINS: '*' });
    try {
      const preflight = await rawRequest(`${open.url}/api/identity/token`, { method: 'OPTIONS', headers: { origin: 'https://anyone.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
    } finally {
      await open.close();
    }
  });
});
