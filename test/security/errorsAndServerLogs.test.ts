import type { Request, Response } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, StorageUnavailableError } from '../../core/errors.js';
import { rawRequest, startSecurityServer, TEST_SECRET, type SecurityTestServer } from './support/securityServer.js';

let running: SecurityTestServer;

beforeAll(async () => {
  running = await startSecurityServer({ LOG_LEVEL: 'debug' });
  const server = running.bot.server;
  // Routes that fail the ways real handlers can: a plain error with internals, a typed 503, and a body restify
  // cannot serialise (restify then logs the whole request through its own logger).
  server.get('/test/throws', async () => {
    throw new Error(`SQLITE_CORRUPT in /srv/csbot/.data/csbot.db (secret ${TEST_SECRET})`);
  });
  server.get('/test/unavailable', async () => {
    throw new StorageUnavailableError('mongodb://csbot:hunter22@db.internal:27017 refused the connection');
  });
  server.get('/test/unserialisable', async (_req: Request, res: Response) => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    res.send(200, circular);
  });
  server.get('/test/not-supported', async () => {
    throw new AppError('NOT_IMPLEMENTED', 'uploads are not supported by this bot');
  });
});
afterAll(async () => {
  await running.close();
});

describe('error bodies never leak internals', () => {
  it('answers a 500 with the generic message and a correlation id that the log line carries too', async () => {
    const response = await rawRequest(`${running.url}/test/throws`, { headers: { authorization: `Bearer ${TEST_SECRET}` } });
    expect(response.status).toBe(500);
    const correlationId = response.headers.get('x-request-id');
    expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error', correlationId } });
    expect(response.text).not.toMatch(/SQLITE|\/srv|secret/);
    const logged = running.logLines().find((l) => l.msg === 'request failed' && l.correlationId === correlationId);
    expect(logged?.err?.message).toContain('SQLITE_CORRUPT');
  });

  it('keeps the code of a typed server error but not its message', async () => {
    const response = await rawRequest(`${running.url}/test/unavailable`);
    expect(response.status).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE', message: 'the service is temporarily unavailable, please retry' } });
    expect(response.text).not.toContain('hunter22');
  });

  it('still explains client errors and unsupported features', async () => {
    expect((await rawRequest(`${running.url}/test/not-supported`)).json()).toEqual({ error: { code: 'NOT_IMPLEMENTED', message: 'uploads are not supported by this bot' } });
    const missing = await rawRequest(`${running.url}/v3/directline/conversations/abc/activities`);
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization') } });
  });
});

describe('server logs carry no secrets', () => {
  it("restify's own logger, which logs the whole request on a failed response, redacts the Authorization header and the Direct Line secret", async () => {
    const response = await rawRequest(`${running.url}/test/unserialisable?t=${TEST_SECRET}`, {
      headers: { authorization: `Bearer ${TEST_SECRET}`, cookie: 'session=abcdef123456' },
    });
    expect(response.status).toBe(500);
    const restifyLines = running.logLines().filter((l) => l.component === 'restify');
    expect(restifyLines.length).toBeGreaterThan(0);
    expect(restifyLines.some((l) => (l.req as { headers?: { authorization?: string } } | undefined)?.headers?.authorization === '[Redacted]')).toBe(true);
    const all = running.logText();
    expect(all).not.toContain(TEST_SECRET);
    expect(all).not.toContain('abcdef123456');
    expect(all).not.toContain('hunter22');
  });

  it('logs no message text at info level', async () => {
    const quiet = await startSecurityServer({ LOG_LEVEL: 'info' }, {});
    try {
      const minted = await rawRequest(`${quiet.url}/api/demo/token`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'c-alice' }) });
      const { token, conversationId } = minted.json() as { token: string; conversationId: string };
      await rawRequest(`${quiet.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const text = 'where is my order 536365, my phone is +44 20 7946 0958';
      const posted = await rawRequest(`${quiet.url}/v3/directline/conversations/${conversationId}/activities`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'c-alice' }, text }),
      });
      expect(posted.status).toBe(200);
      const infoAndAbove = quiet.logLines().filter((l) => l.level !== 'debug' && l.level !== 'trace');
      expect(infoAndAbove.length).toBeGreaterThan(0);
      expect(JSON.stringify(infoAndAbove)).not.toMatch(/7946|where is my order/);
    } finally {
      await quiet.close();
    }
  });
});
