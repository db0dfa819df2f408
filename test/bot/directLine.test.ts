import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DirectLineTokens } from '../../bot/directline/directLineTokens.js';
import { activitiesOf, call, startTestServer, TEST_SECRET, type DlActivity, type RunningTestServer } from './support/testServer.js';

let running: RunningTestServer;
let dl: string;

beforeAll(async () => {
  running = await startTestServer();
  dl = `${running.url}/v3/directline`;
});
afterAll(async () => {
  await running.close();
});

async function startAs(customerId: string): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const minted = await call(`${running.url}/api/demo/token`, { json: { customerId } });
  expect(minted.status).toBe(200);
  const { token } = minted.body as { token: string };
  const started = await call(`${dl}/conversations`, { method: 'POST', auth: token });
  expect(started.status).toBe(201);
  return started.body as { conversationId: string; token: string; streamUrl: string };
}

async function say(conversationId: string, token: string, text: string, value?: unknown): Promise<void> {
  const posted = await call(`${dl}/conversations/${conversationId}/activities`, {
    auth: token,
    json: { type: 'message', text, from: { id: 'ignored-by-bound-token' }, ...(value === undefined ? {} : { value }) },
  });
  expect(posted.status).toBe(200);
  expect((posted.body as { id: string }).id).toMatch(new RegExp(`^${conversationId}\\|`));
}

describe('Direct Line 3.0 endpoint', () => {
  it('starts a conversation with a token, welcomes the bound customer, and answers with watermarks', async () => {
    const { conversationId, token, streamUrl } = await startAs('c-alice');
    expect(streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/\w+\/stream\?t=/);
    const first = activitiesOf((await call(`${dl}/conversations/${conversationId}/activities`, { auth: token })).body);
    expect(first.activities.map((a) => a.text)).toEqual([expect.stringMatching(/^Hi Alice!/)]);

    await say(conversationId, token, 'where is my order 536365?');
    const next = activitiesOf((await call(`${dl}/conversations/${conversationId}/activities?watermark=${first.watermark}`, { auth: token })).body);
    expect(next.activities[0]).toMatchObject({ text: 'where is my order 536365?', from: { id: 'c-alice', role: 'user' } });
    expect(next.activities.slice(1).map((a) => a.text)).toEqual([expect.stringMatching(/536365 .* is on its way/), expect.stringMatching(/TRK123456/)]);
    expect(Number(next.watermark)).toBe(Number(first.watermark) + 3);
  });

  it('pushes {activities, watermark} over the WebSocket stream, backlog first', async () => {
    const { conversationId, token, streamUrl } = await startAs('c-bob');
    const socket = new WebSocket(streamUrl);
    const received: DlActivity[] = [];
    const watermarks: string[] = [];
    socket.on('message', (data) => {
      const set = JSON.parse(String(data)) as { activities: DlActivity[]; watermark: string };
      received.push(...set.activities);
      watermarks.push(set.watermark);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await say(conversationId, token, 'can you recommend something?');
    await expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    socket.close();
    expect(received[0]?.text).toMatch(/^Hi Bob!/);
    expect(received[1]?.text).toBe('can you recommend something?');
    expect(received[2]?.attachments?.length).toBe(5);
    expect(watermarks.at(-1)).toBe('3');
  });

  it('generates tokens with the secret, refreshes them, and reconnects', async () => {
    const generated = await call(`${dl}/tokens/generate`, { auth: TEST_SECRET, json: { user: { id: 'c-alice' } } });
    expect(generated.status).toBe(200);
    const { conversationId, token } = generated.body as { conversationId: string; token: string };
    const refreshed = await call(`${dl}/tokens/refresh`, { method: 'POST', auth: token });
    expect(refreshed.status).toBe(200);
    const newToken = (refreshed.body as { token: string }).token;
    expect(newToken).not.toBe(token);
    expect((await call(`${dl}/conversations`, { method: 'POST', auth: newToken })).status).toBe(201);
    const reconnect = await call(`${dl}/conversations/${conversationId}?watermark=1`, { auth: newToken });
    expect(reconnect.status).toBe(200);
    expect((reconnect.body as { streamUrl: string }).streamUrl).toContain('watermark=1');
    const bySecret = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    expect(bySecret.status).toBe(201);
  });

  it('stores the transcript with NLU annotations and redacted personal data', async () => {
    const { conversationId, token } = await startAs('c-alice');
    await say(conversationId, token, 'hello, mail me at jane.doe@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111');
    await running.bot.runtime.transcriptStore.flush();
    const rows = running.store.transcriptRows.filter((e) => e.conversationId === conversationId);
    const customer = rows.find((e) => e.role === 'customer');
    expect(customer?.text).toBe('hello, mail me at [email] or call [phone], card [card]');
    expect(customer?.nlu).toMatchObject({ intent: 'greet', outOfScope: false, sentiment: 'neutral' });
    expect(rows.filter((e) => e.role === 'bot').length).toBe(2);
  });
});

describe('Direct Line bad input answers 4xx with an AppError body', () => {
  const errorCode = (body: unknown) => (body as { error: { code: string; message: string } }).error.code;

  it('rejects missing, forged, expired and foreign tokens', async () => {
    const { conversationId } = await startAs('c-alice');
    const other = await startAs('c-bob');
    const url = `${dl}/conversations/${conversationId}/activities`;
    const cases: Array<[string | undefined, number]> = [
      [undefined, 401],
      ['not-a-token', 401],
      [`${other.token.split('.')[0]}.forgedsignature`, 401],
      [new DirectLineTokens(TEST_SECRET, 60, () => Date.now() - 3_600_000).issue(conversationId).token, 401],
      [new DirectLineTokens('another-secret', 600).issue(conversationId).token, 401],
      [other.token, 403],
    ];
    for (const [auth, status] of cases) {
      const response = await call(url, auth === undefined ? {} : { auth });
      expect(response.status, String(auth)).toBe(status);
      expect(errorCode(response.body)).toBe('UNAUTHORIZED');
    }
    expect((await call(`${dl}/tokens/generate`, { method: 'POST', auth: other.token })).status).toBe(403);
  });

  it('rejects bad JSON, wrong content type, missing fields, uploads, oversize bodies and unknown routes', async () => {
    const { conversationId, token } = await startAs('c-alice');
    const url = `${dl}/conversations/${conversationId}/activities`;
    const badJson = await call(url, { auth: token, body: '{"type": "message", ' });
    expect([badJson.status, errorCode(badJson.body)]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongType = await call(url, { auth: token, body: 'type=message', contentType: 'text/plain' });
    expect([wrongType.status, errorCode(wrongType.body)]).toEqual([415, 'VALIDATION_FAILED']);
    const missingFrom = await call(url, { auth: token, json: { type: 'message', text: 'hi' } });
    expect([missingFrom.status, errorCode(missingFrom.body)]).toEqual([400, 'VALIDATION_FAILED']);
    const badType = await call(url, { auth: token, json: { type: 'invoke', from: { id: 'x' } } });
    expect(badType.status).toBe(400);
    const upload = await call(`${dl}/conversations/${conversationId}/upload`, { auth: token, json: {} });
    expect([upload.status, errorCode(upload.body)]).toEqual([501, 'NOT_IMPLEMENTED']);
    const huge = await call(url, { auth: token, json: { type: 'message', from: { id: 'x' }, text: 'x'.repeat(2_000_000) } });
    expect([huge.status, errorCode(huge.body)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const unknown = await call(`${dl}/nothing-here`);
    expect([unknown.status, errorCode(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    const unknownConversation = await call(`${dl}/conversations/doesnotexist/activities`, { auth: TEST_SECRET });
    expect([unknownConversation.status, errorCode(unknownConversation.body)]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers a 50 KB message politely after the server stays up', async () => {
    const { conversationId, token } = await startAs('c-alice');
    await say(conversationId, token, 'y'.repeat(15_000));
    const set = activitiesOf((await call(`${dl}/conversations/${conversationId}/activities?watermark=1`, { auth: token })).body);
    expect(set.activities.at(-1)?.text).toMatch(/a bit long for me/);
    expect((await call(`${running.url}/healthz`)).status).toBe(200);
  });

  it('refuses WebSocket streams with a bad token', async () => {
    const { conversationId } = await startAs('c-alice');
    const socket = new WebSocket(`${running.url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=forged.token`);
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
  });
});
