import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request, Response } from 'restify';
import { isLoopbackUrl, messagesGuard } from '../../bot/http/messagesGuard.js';
import { rawRequest, startSecurityServer, type SecurityTestServer } from './support/securityServer.js';

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    conversation: { id: `emu-${Math.random().toString(36).slice(2)}` },
    from: { id: 'c-alice', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    text: 'hello',
    ...overrides,
  };
}

async function postActivity(server: SecurityTestServer, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await rawRequest(`${server.url}/api/messages`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: response.text === '' ? undefined : response.json() };
}

describe('loopback serviceUrls', () => {
  it.each([
    ['http://localhost:3978', true],
    ['http://127.0.0.1:9/', true],
    ['https://127.8.9.10', true],
    ['http://[::1]:50000', true],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://localhost.attacker.example', false],
    ['http://10.0.0.5', false],
    ['http://[::ffff:7f00:1]:80', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});

describe('/api/messages in anonymous development mode', () => {
  let running: SecurityTestServer;
  let victim: Server;
  let victimHits = 0;
  let victimPort = 0;

  beforeAll(async () => {
    running = await startSecurityServer();
    victim = createServer((_req, res) => {
      victimHits += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
    victimPort = (victim.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await running.close();
    await new Promise((resolve) => victim.close(resolve));
  });

  it('answers 400, not 500, to a missing or invalid activity type and to a body that is not an object', async () => {
    for (const body of [activity({ type: undefined }), activity({ type: 42 }), activity({ type: '' }), [activity()], 'message']) {
      const response = await postActivity(running, body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('refuses a non-loopback serviceUrl (SSRF) before any turn runs', async () => {
    const rows = running.store.transcriptRows.length;
    for (const serviceUrl of ['http://169.254.169.254/latest/meta-data/', 'http://internal.example:8080/', 'http://10.0.0.5/', `http://localhost.attacker.example:${victimPort}/`]) {
      const response = await postActivity(running, activity({ serviceUrl, deliveryMode: undefined }));
      expect([response.status, serviceUrl]).toEqual([403, serviceUrl]);
    }
    await running.bot.runtime.transcriptStore.flush();
    expect(running.store.transcriptRows.length).toBe(rows);
  });

  it('serves the Emulator on a loopback serviceUrl: replies inline, or POSTed to that serviceUrl', async () => {
    const inline = await postActivity(running, activity());
    expect(inline.status).toBe(200);
    expect((inline.body as { activities: Array<{ text?: string }> }).activities[0]?.text).toMatch(/^Hello Alice/);
    const posted = await postActivity(running, activity({ serviceUrl: `http://127.0.0.1:${victimPort}`, deliveryMode: undefined }));
    expect(posted.status).toBe(200);
    expect(victimHits).toBeGreaterThan(0);
  });

  it('replaces a server error body written by botbuilder (its internal error text) by the generic body with a correlation id', async () => {
    // The same guard in front of a handler that ends the response the way CloudAdapter.process does on a failure.
    const guard = messagesGuard({ appId: undefined, allowAnonymous: true }, running.logger);
    running.bot.server.post('/test/botbuilder-failure', guard, async (_req: Request, res: Response) => {
      res.status(500);
      res.send('request to https://10.0.0.7/v3/conversations failed: connect ECONNREFUSED 10.0.0.7:443');
      res.end();
    });
    const response = await rawRequest(`${running.url}/test/botbuilder-failure`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity()) });
    expect(response.status).toBe(500);
    const correlationId = response.headers.get('x-request-id');
    expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error', correlationId } });
    const logged = running.logLines().find((l) => l.msg === 'Bot Framework request failed');
    expect(logged).toMatchObject({ correlationId, detail: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('/api/messages in production', () => {
  it('refuses anonymous requests unless explicitly allowed, and says so at start', async () => {
    const refused = await startSecurityServer({ NODE_ENV: 'production' });
    try {
      const response = await postActivity(refused, activity());
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/anonymous Bot Framework requests are refused/) } });
      expect(refused.logText()).toContain('anonymous requests are not allowed');
    } finally {
      await refused.close();
    }
    const allowed = await startSecurityServer({ NODE_ENV: 'production', ALLOW_ANONYMOUS_MESSAGES: 'true' });
    try {
      expect((await postActivity(allowed, activity())).status).toBe(200);
      expect((await postActivity(allowed, activity({ serviceUrl: 'http://10.1.2.3/' }))).status).toBe(403);
    } finally {
      await allowed.close();
    }
  });
});
