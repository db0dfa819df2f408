import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleClient, createUser, errorCode, startConsoleApi, type ConsoleApi } from './support/consoleApi.js';
import { seedSupportData } from './support/seedConsole.js';

interface InboxAnswer {
  items: Array<{ conversation: { id: string; updatedAt: string }; customerName?: string; lastNlu?: { intent?: string }; match?: { text: string }; messageCount: number }>;
  serverTime: string;
}

describe('console inbox and conversation view API', () => {
  let api: ConsoleApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function agent(): Promise<ConsoleClient> {
    if (api === undefined) throw new Error('no api');
    await seedSupportData(api.store, api.clock.now());
    await createUser(api.store, 'agent', 'ada@shop.example', { displayName: 'Ada' });
    const client = new ConsoleClient(api.url);
    await client.login('ada@shop.example');
    return client;
  }

  it('lists pending conversations in queue order with names, annotations and the server time; filters and searches', async () => {
    api = await startConsoleApi();
    const client = await agent();
    const pending = (await client.call('/api/console/inbox?status=pending')).body as InboxAnswer;
    expect(pending.items.map((i) => i.conversation.id)).toEqual(['conv-alice']);
    expect(pending.items[0]).toMatchObject({ customerName: 'Alice Martin', messageCount: 4, lastNlu: { intent: 'request_refund' } });
    expect(Date.parse(pending.serverTime) - Date.parse(pending.items[0]?.conversation.updatedAt ?? '')).toBe(12 * 60_000);
    const ids = async (q: string) => ((await client.call(`/api/console/inbox${q}`)).body as InboxAnswer).items.map((i) => i.conversation.id);
    expect(await ids('')).toEqual(['conv-bot', 'conv-alice', 'conv-closed']);
    expect(await ids('?order=queue')).toEqual(['conv-closed', 'conv-alice', 'conv-bot']);
    expect(await ids('?sentiment=positive')).toEqual(['conv-bot', 'conv-closed']);
    expect(await ids('?intent=track_order')).toEqual(['conv-alice']);
    expect(await ids('?tag=resolved')).toEqual(['conv-closed']);
    expect(await ids('?channel=msteams')).toEqual(['conv-closed']);
    expect(await ids(`?from=${encodeURIComponent(new Date(api.clock.now().getTime() - 60 * 60_000).toISOString())}`)).toEqual(['conv-bot', 'conv-alice']);
    const search = (await client.call('/api/console/inbox?q=refund')).body as InboxAnswer;
    expect(search.items.map((i) => i.conversation.id)).toEqual(['conv-alice']);
    expect(search.items[0]?.match?.text).toBe('It is a week late, this is ridiculous. I want a refund');
    const bad = await client.call('/api/console/inbox?status=lost');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect((await client.call('/api/console/inbox?q=%21%21')).status).toBe(400);
    const summary = await client.call('/api/console/inbox/summary');
    expect(summary.body).toEqual({
      counts: { bot: 1, pending: 1, agent: 0, closed: 1 },
      facets: { intents: ['recommend_products', 'request_refund', 'thanks', 'track_order'], tags: ['handoff:negative_sentiment', 'resolved'], channels: ['directline', 'msteams'] },
    });
  });

  it('shows a marketer the inbox without customer names', async () => {
    api = await startConsoleApi();
    await seedSupportData(api.store, api.clock.now());
    await createUser(api.store, 'marketer', 'mia@shop.example');
    const marketer = new ConsoleClient(api.url);
    await marketer.login('mia@shop.example');
    const inbox = (await marketer.call('/api/console/inbox?status=pending')).body as InboxAnswer;
    expect(inbox.items[0]?.conversation.id).toBe('conv-alice');
    expect(inbox.items[0]?.customerName).toBeUndefined();
  });

  it('opens a conversation with its transcript, NLU annotations, handoff reason and customer panel', async () => {
    api = await startConsoleApi();
    const client = await agent();
    const view = await client.call('/api/console/conversations/conv-alice');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      conversation: { id: 'conv-alice', status: 'pending' },
      handoffReasons: ['negative_sentiment'],
      transcript: { nextCursor: null },
    });
    const entries = (view.body as { transcript: { items: Array<{ id: string; nlu?: unknown }> } }).transcript.items;
    expect(entries.map((e) => e.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(entries[2]?.nlu).toEqual({ intent: 'request_refund', confidence: 0.71, outOfScope: false, sentiment: 'negative', sentimentScore: 0.94 });
    const panel = await client.call('/api/console/conversations/conv-alice/customer');
    expect(panel.body).toMatchObject({
      customer: { id: 'c-alice', name: 'Alice Martin' },
      orders: [{ id: '536365', total: 28.05, titles: { P1: 'White hanging heart T-light holder', P2: 'Regency cakestand 3 tier' } }],
      interactions: [{ id: 'i1', kind: 'view', title: 'Regency cakestand 3 tier' }],
      conversations: [],
      suggestions: { recorded: false },
    });
    expect((await client.call('/api/console/conversations/conv-bot/customer')).body).toMatchObject({ customer: null, orders: [] });
    expect((await client.call('/api/console/conversations/nope')).status).toBe(404);
  });

  it('adds notes and tags, keeps the queue position, refuses the bot’s tags, and audits both', async () => {
    api = await startConsoleApi();
    const client = await agent();
    const before = await api.store.conversations.get('conv-alice');
    const note = await client.call('/api/console/conversations/conv-alice/notes', { json: { text: '  Courier says Friday.  ' } });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ text: 'Courier says Friday.', authorName: 'Ada' });
    expect((await client.call('/api/console/conversations/conv-alice/notes')).body).toMatchObject({ items: [{ text: 'Courier says Friday.' }] });
    expect((await client.call('/api/console/conversations/conv-alice/notes', { json: { text: '   ' } })).status).toBe(400);
    const tagged = await client.call('/api/console/conversations/conv-alice/tags', { json: { add: ['vip', 'late delivery'] } });
    expect(tagged.body).toMatchObject({ conversation: { tags: ['handoff:negative_sentiment', 'vip', 'late delivery'] } });
    expect((await client.call('/api/console/conversations/conv-alice/tags', { json: { remove: ['vip'] } })).body).toMatchObject({ conversation: { tags: ['handoff:negative_sentiment', 'late delivery'] } });
    expect((await client.call('/api/console/conversations/conv-alice/tags', { json: { remove: ['handoff:negative_sentiment'] } })).status).toBe(400);
    expect((await api.store.conversations.get('conv-alice'))?.updatedAt).toEqual(before?.updatedAt);
    const audit = await api.store.auditLog.list({ targetId: 'conv-alice' });
    expect(audit.items.map((e) => e.action).sort()).toEqual(['note_added', 'tags_changed', 'tags_changed']);
    expect(audit.items.every((e) => e.actorEmail === 'ada@shop.example')).toBe(true);
  });
});
