import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { rawRequest, startSecurityServer } from './support/securityServer.js';

const DEMO_ROUTES: [string, string][] = [
  ['GET', '/'],
  ['GET', '/demo/page.js'],
  ['GET', '/vendor/webchat.js'],
  ['GET', '/api/demo/customers'],
  ['POST', '/api/demo/token'],
];

async function statusOf(url: string, method: string): Promise<number> {
  const response = await rawRequest(url, method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'c-alice' }) } : {});
  return response.status;
}

describe('demo mode', () => {
  it('is on by default for development and test, off by default in production', () => {
    expect(loadConfig({}).security.demoMode).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).security.demoMode).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).security.demoMode).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_MODE: 'true' }).security.demoMode).toBe(true);
    expect(loadConfig({ DEMO_MODE: 'false' }).security.demoMode).toBe(false);
  });

  it('with NODE_ENV=production and DEMO_MODE unset, serves no demo route and says so in the log', async () => {
    const production = await startSecurityServer({ NODE_ENV: 'production' });
    try {
      for (const [method, path] of DEMO_ROUTES) expect([method, path, await statusOf(`${production.url}${path}`, method)]).toEqual([method, path, 404]);
      expect(production.logLines().find((l) => l.msg?.startsWith('demo surfaces off'))).toMatchObject({ level: 'info', demoMode: false });
      expect((await rawRequest(`${production.url}/healthz`)).status).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('serves the demo surfaces when DEMO_MODE=true, with a warning', async () => {
    const demo = await startSecurityServer({ NODE_ENV: 'production', DEMO_MODE: 'true' });
    try {
      expect(await statusOf(`${demo.url}/`, 'GET')).toBe(200);
      expect(await statusOf(`${demo.url}/api/demo/customers`, 'GET')).toBe(200);
      expect(await statusOf(`${demo.url}/api/demo/token`, 'POST')).toBe(200);
      expect(demo.logLines().find((l) => l.msg?.startsWith('demo surfaces on'))).toMatchObject({ level: 'warn', demoMode: true });
    } finally {
      await demo.close();
    }
  });
});
