import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../../bot/http/jsonLimits.js';
import { rawRequest, startSecurityServer, TEST_SECRET, type SecurityTestServer } from './support/securityServer.js';

let running: SecurityTestServer;
let token: string;
let conversationId: string;

beforeAll(async () => {
  running = await startSecurityServer({ HTTP_MAX_BODY_BYTES: String(64 * 1024), HTTP_MAX_JSON_DEPTH: '32' });
  const minted = await rawRequest(`${running.url}/v3/directline/tokens/generate`, { headers: { authorization: `Bearer ${TEST_SECRET}` }, method: 'POST' });
  ({ token, conversationId } = minted.json() as { token: string; conversationId: string });
  await rawRequest(`${running.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await running.close();
});

const activitiesUrl = (): string => `${running.url}/v3/directline/conversations/${conversationId}/activities`;
const errorCode = (body: unknown): string | undefined => (body as { error?: { code?: string } }).error?.code;

async function alive(): Promise<void> {
  expect((await rawRequest(`${running.url}/healthz`)).status).toBe(200);
}

/** POSTs a body with exactly the given headers over node:http (no client-side encoding or length fix-ups). */
function post(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${running.url}${path}`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    // The server may refuse and close before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('compressed bodies', () => {
  it('refuses a gzip bomb (51 KB on the wire, 50 MB inflated) with 415 without inflating it', async () => {
    const bomb = gzipSync(Buffer.from(`{"type":"message","from":{"id":"u"},"text":"${'a'.repeat(50 * 1024 * 1024)}"}`), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await post(`/v3/directline/conversations/${conversationId}/activities`, { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, [bomb]);
    expect(response.status).toBe(415);
    expect(response.body).toMatch(/Content-Encoding 'gzip' is not accepted/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
    await alive();
  });

  it.each(['deflate', 'br', 'gzip, identity'])('refuses Content-Encoding %s', async (encoding) => {
    const response = await post('/api/messages', { 'content-type': 'application/json', 'content-encoding': encoding }, [Buffer.from('{}')]);
    expect(response.status).toBe(415);
  });
});

describe('size limits apply to what is read', () => {
  it('refuses a declared length over the limit before reading it', async () => {
    const response = await post('/api/demo/token', { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, [Buffer.from('{"customerId":"')]);
    expect([response.status, errorCode(JSON.parse(response.body))]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(response.connection).toBe('close');
  });

  it('stops reading a chunked body at the limit', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const response = await post('/api/demo/token', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, Array.from({ length: 64 }, () => chunk));
    expect(response.status).toBe(413);
    await alive();
  });
});

describe('JSON routes accept JSON only', () => {
  it.each([
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\nAAAA\r\n--x--\r\n'],
    ['application/x-www-form-urlencoded', 'customerId=c-alice'],
    ['text/plain', '{"customerId":"c-alice"}'],
    ['application/json; charset=latin1', '{"customerId":"c-alice"}'],
  ])('refuses %s with 415 and leaves no upload behind', async (contentType, body) => {
    const before = new Set(readdirSync(tmpdir()));
    for (const path of ['/api/demo/token', '/api/messages', `/v3/directline/conversations/${conversationId}/activities`]) {
      const response = await post(path, { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) }, [Buffer.from(body)]);
      expect(response.status, path).toBe(415);
    }
    const created = readdirSync(tmpdir()).filter((name) => !before.has(name) && /upload|formidable/i.test(name));
    expect(created).toEqual([]);
  });

  it('refuses invalid UTF-8 and invalid JSON with 400', async () => {
    const badUtf8 = Buffer.concat([Buffer.from('{"customerId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect((await post('/api/demo/token', { 'content-type': 'application/json' }, [badUtf8])).status).toBe(400);
    expect((await post('/api/demo/token', { 'content-type': 'application/json' }, [Buffer.from('{not json')])).status).toBe(400);
  });
});

describe('JSON depth', () => {
  it('counts nesting outside strings only', () => {
    expect(exceedsJsonDepth('[[[1]]]', 3)).toBe(false);
    expect(exceedsJsonDepth('[[[[1]]]]', 3)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ text: '[[[[[[[[[[{{{{{{' }), 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'a\\"[[[[' }), 1)).toBe(false);
  });

  it('refuses an activity whose value nests 10,000 levels with 400, stores nothing, and keeps serving', async () => {
    const deep = `{"type":"message","from":{"id":"u"},"text":"hi","value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const before = running.store.transcriptRows.length;
    const response = await post(`/v3/directline/conversations/${conversationId}/activities`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, [Buffer.from(deep)]);
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/nests deeper than 32 levels/);
    const log = await rawRequest(activitiesUrl(), { headers: { authorization: `Bearer ${token}` } });
    expect(log.status).toBe(200);
    expect(log.text).not.toContain('[[[[');
    expect(running.store.transcriptRows.length).toBe(before);
    await alive();
  });

  it('accepts an activity within the depth limit', async () => {
    const value = JSON.parse(`${'['.repeat(20)}1${']'.repeat(20)}`) as unknown;
    const response = await rawRequest(activitiesUrl(), { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', from: { id: 'u' }, text: 'hello', value }) });
    expect(response.status).toBe(200);
  });
});
