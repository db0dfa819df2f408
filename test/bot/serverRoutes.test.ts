import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitiesOf, call, startTestServer, TEST_SECRET, type RunningTestServer } from './support/testServer.js';

let running: RunningTestServer;

beforeAll(async () => {
  running = await startTestServer();
});
afterAll(async () => {
  await running.close();
});

describe('Bot Framework channel (/api/messages via CloudAdapter)', () => {
  it('runs the same bot and returns replies for expectReplies delivery (Emulator-style, anonymous)', async () => {
    const activity = {
      type: 'message',
      id: 'emu-1',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      conversation: { id: 'emulator-conv-1' },
      from: { id: 'c-alice', name: 'Alice', role: 'user' },
      recipient: { id: 'bot', name: 'bot', role: 'bot' },
      text: 'where is my order 536365',
    };
    const response = await call(`${running.url}/api/messages`, { json: activity });
    expect(response.status).toBe(200);
    const texts = (response.body as { activities: Array<{ text?: string }> }).activities.map((a) => a.text);
    expect(texts).toEqual([expect.stringMatching(/536365 .* is on its way/), expect.stringMatching(/TRK123456/)]);
    expect(running.store.conversationRows.get('emulator-conv-1')?.channel).toBe('emulator');
  });

  it('welcomes the customer on conversationUpdate, like the Emulator sends on connect', async () => {
    const update = {
      type: 'conversationUpdate',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      conversation: { id: 'emulator-conv-2' },
      from: { id: 'c-bob', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      membersAdded: [{ id: 'bot' }, { id: 'c-bob' }],
    };
    const response = await call(`${running.url}/api/messages`, { json: update });
    expect(response.status).toBe(200);
    expect((response.body as { activities: Array<{ text?: string }> }).activities.map((a) => a.text)).toEqual([expect.stringMatching(/^Hi Bob!/)]);
  });

  it('rejects a malformed Bot Framework request without crashing', async () => {
    const response = await call(`${running.url}/api/messages`, { body: '{not json' });
    expect(response.status).toBe(400);
    expect((await call(`${running.url}/healthz`)).status).toBe(200);
  });
});

describe('demo page', () => {
  it('serves the Web Chat page pointing at our Direct Line, and the demo customers', async () => {
    const page = await fetch(`${running.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<script src="(\/vendor\/webchat\.js|https:\/\/cdn\.botframework\.com[^"]+)"><\/script>/);
    expect(html).toContain('<script src="/demo/page.js"></script>');
    expect(await (await fetch(`${running.url}/demo/page.js`)).text()).toContain("location.origin + '/v3/directline'");
    const customers = await call(`${running.url}/api/demo/customers`);
    expect((customers.body as { customers: Array<{ id: string }> }).customers.map((c) => c.id)).toEqual(['c-alice', 'c-bob', 'uci-12347']);
    const badToken = await call(`${running.url}/api/demo/token`, { json: { customerId: '<script>' } });
    expect(badToken.status).toBe(400);
  });
});

describe('agent API', () => {
  it('lists pending conversations, shows the transcript, lets an agent answer and release', async () => {
    const minted = await call(`${running.url}/api/demo/token`, { json: { customerId: 'c-bob' } });
    const { token } = minted.body as { token: string };
    const { conversationId } = (await call(`${running.url}/v3/directline/conversations`, { method: 'POST', auth: token })).body as { conversationId: string };
    const post = (text: string) =>
      call(`${running.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token, json: { type: 'message', from: { id: 'c-bob' }, text } });
    await post('I want to talk to a person');
    await post('hello?');

    expect((await call(`${running.url}/api/agent/conversations?status=pending`)).status).toBe(401);
    const pending = await call(`${running.url}/api/agent/conversations?status=pending`, { auth: TEST_SECRET });
    expect((pending.body as { items: Array<{ id: string }> }).items.map((c) => c.id)).toContain(conversationId);

    const transcript = await call(`${running.url}/api/agent/conversations/${conversationId}/transcript`, { auth: TEST_SECRET });
    const roles = (transcript.body as { items: Array<{ role: string; text: string }> }).items.map((e) => `${e.role}:${e.text}`);
    expect(roles).toEqual([
      expect.stringMatching(/^bot:Hi Bob/),
      'customer:I want to talk to a person',
      expect.stringMatching(/^bot:I'm passing you/),
      'bot:[event handoff.initiate]',
      'customer:hello?',
    ]);

    const answered = await call(`${running.url}/api/agent/conversations/${conversationId}/messages`, { auth: TEST_SECRET, json: { text: 'Hi Bob, Sam here.', agent: 'Sam' } });
    expect(answered.status).toBe(200);
    const stream = activitiesOf((await call(`${running.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token })).body);
    expect(stream.activities.at(-1)).toMatchObject({ text: 'Hi Bob, Sam here.', from: { name: 'Sam' } });
    expect(running.store.conversationRows.get(conversationId)).toMatchObject({ status: 'agent', assignedAgent: 'Sam' });

    const released = await call(`${running.url}/api/agent/conversations/${conversationId}/release`, { method: 'POST', auth: TEST_SECRET });
    expect((released.body as { status: string }).status).toBe('bot');
    await post('thanks');
    const after = activitiesOf((await call(`${running.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token })).body);
    expect(after.activities.at(-1)?.text).toMatch(/welcome/);
  });
});
