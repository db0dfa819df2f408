import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import type { InboxQuery } from '../../core/storage/consoleTypes.js';
import type { ConversationStatus, Store } from '../../core/storage/types.js';
import { at, collectPages, conversation, rejectionOf, transcriptEntry, type ContractContext } from './contractFixtures.js';

export interface InboxContractOptions {
  /** true, or why full-text search cannot be tested against this adapter's server (the cases are then skipped). */
  fullTextSearch: true | string;
}

/** Five conversations, one per situation the inbox filters tell apart. */
async function seedInbox(store: Store): Promise<void> {
  const rows = [
    conversation('c-pending-old', 1000, { status: 'pending', customerId: 'cust-1', tags: ['handoff:negative_sentiment'] }),
    conversation('c-pending-new', 5000, { status: 'pending', channel: 'msteams', tags: ['handoff:fallback', 'vip'] }),
    conversation('c-agent', 3000, { status: 'agent', assignedAgent: 'u1' }),
    conversation('c-bot', 4000, { status: 'bot', customerId: 'cust-1' }),
    conversation('c-closed', 2000, { status: 'closed' }),
  ];
  for (const row of rows) await store.conversations.upsert(row);
  await store.transcripts.append([
    transcriptEntry('p1', 'c-pending-old', 100, { text: 'My parcel never arrived and I want a refund', nlu: { intent: 'track_order', confidence: 0.82, sentiment: 'negative' } }),
    transcriptEntry('p2', 'c-pending-old', 200, { role: 'bot', text: 'Sorry to hear that. Let me check.' }),
    transcriptEntry('p3', 'c-pending-old', 300, { text: 'This is terrible', nlu: { confidence: 0.2, outOfScope: true, sentiment: 'negative', sentimentScore: 0.97 } }),
    transcriptEntry('n1', 'c-pending-new', 400, { text: 'Can I pay with PayPal?', nlu: { intent: 'payment_issue', confidence: 0.7, sentiment: 'neutral' } }),
    transcriptEntry('b1', 'c-bot', 500, { text: 'recommend some crème candles', nlu: { intent: 'recommend_products', confidence: 0.9, sentiment: 'positive' } }),
    transcriptEntry('b2', 'c-bot', 600, { role: 'bot', text: 'Here are some picks [card Vanilla candle]' }),
    transcriptEntry('a1', 'c-agent', 700, { text: 'Refunds take far too long', nlu: { intent: 'check_refund_policy', confidence: 0.66, sentiment: 'negative' } }),
    transcriptEntry('a2', 'c-agent', 800, { role: 'agent', text: 'I am on it' }),
  ]);
}

export function inboxContract(ctx: ContractContext, options: InboxContractOptions): void {
  const ids = async (query: InboxQuery): Promise<string[]> => (await ctx.store().inbox.search(query)).items.map((i) => i.conversation.id);

  describe('inbox', () => {
    it('lists newest activity first with the message count, last message and last customer annotation', async () => {
      await seedInbox(ctx.store());
      const page = await ctx.store().inbox.search();
      expect(page.items.map((i) => i.conversation.id)).toEqual(['c-pending-new', 'c-bot', 'c-agent', 'c-closed', 'c-pending-old']);
      const old = page.items[4];
      expect(old.conversation).toEqual(await ctx.store().conversations.get('c-pending-old'));
      expect(old.messageCount).toBe(3);
      expect(old.lastMessage).toEqual({ entryId: 'p3', role: 'customer', text: 'This is terrible', timestamp: at(300) });
      expect(old.lastNlu).toEqual({ confidence: 0.2, outOfScope: true, sentiment: 'negative', sentimentScore: 0.97 });
      expect(page.items[1].lastNlu?.intent).toBe('recommend_products');
      expect(page.items[1].lastMessage?.role).toBe('bot');
      expect(page.items[3]).toEqual({ conversation: await ctx.store().conversations.get('c-closed'), messageCount: 0 });
    });

    it('puts the longest-waiting conversation first in queue order, and pages both orders without gaps', async () => {
      await seedInbox(ctx.store());
      expect(await ids({ status: 'pending', order: 'queue' })).toEqual(['c-pending-old', 'c-pending-new']);
      const queue = await collectPages(2, (cursor) => ctx.store().inbox.search({ order: 'queue', limit: 2, cursor }));
      expect(queue.items.map((i) => i.conversation.id)).toEqual(['c-pending-old', 'c-closed', 'c-agent', 'c-bot', 'c-pending-new']);
      const recent = await collectPages(2, (cursor) => ctx.store().inbox.search({ limit: 2, cursor }));
      expect(recent.items.map((i) => i.conversation.id)).toEqual(['c-pending-new', 'c-bot', 'c-agent', 'c-closed', 'c-pending-old']);
    });

    it('filters by status, channel, customer, tag, intent, sentiment and activity dates, together', async () => {
      await seedInbox(ctx.store());
      expect(await ids({ channel: 'msteams' })).toEqual(['c-pending-new']);
      expect(await ids({ customerId: 'cust-1' })).toEqual(['c-bot', 'c-pending-old']);
      expect(await ids({ tag: 'handoff:fallback' })).toEqual(['c-pending-new']);
      expect(await ids({ tag: 'handoff' })).toEqual([]);
      expect(await ids({ intent: 'track_order' })).toEqual(['c-pending-old']);
      expect(await ids({ sentiment: 'negative' })).toEqual(['c-agent', 'c-pending-old']);
      expect(await ids({ activeFrom: at(2000), activeUntil: at(4000) })).toEqual(['c-agent', 'c-closed']);
      expect(await ids({ status: 'pending', sentiment: 'negative', customerId: 'cust-1' })).toEqual(['c-pending-old']);
      expect(await ids({ status: 'closed', intent: 'track_order' })).toEqual([]);
    });

    it('counts conversations by status and lists the filter values', async () => {
      expect(await ctx.store().inbox.countByStatus()).toEqual({ bot: 0, pending: 0, agent: 0, closed: 0 });
      await seedInbox(ctx.store());
      expect(await ctx.store().inbox.countByStatus()).toEqual({ bot: 1, pending: 2, agent: 1, closed: 1 });
      expect(await ctx.store().inbox.facets()).toEqual({
        intents: ['check_refund_policy', 'payment_issue', 'recommend_products', 'track_order'],
        tags: ['handoff:fallback', 'handoff:negative_sentiment', 'vip'],
        channels: ['msteams', 'webchat'],
      });
    });

    it('refuses a bad status, a search without words and a bad cursor', async () => {
      expect(await rejectionOf(ctx.store().inbox.search({ status: 'lost' as ConversationStatus }))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(ctx.store().inbox.search({ text: '?!* "' }))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(ctx.store().inbox.search({ text: 'x'.repeat(201) }))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(ctx.store().inbox.search({ cursor: 'nope' }))).toBeInstanceOf(ValidationError);
    });

    const textReason = options.fullTextSearch === true ? undefined : options.fullTextSearch;
    if (textReason !== undefined) console.warn(`[storage] inbox full-text search cases skipped: ${textReason}`);
    describe.skipIf(textReason !== undefined)(`full-text search${textReason === undefined ? '' : ` (skipped: ${textReason})`}`, () => {
      it('finds conversations where one entry has every word, stemmed and case and accent insensitive, with the first match', async () => {
        await seedInbox(ctx.store());
        expect(await ids({ text: 'refund' })).toEqual(['c-agent', 'c-pending-old']);
        expect(await ids({ text: 'PARCEL arrived' })).toEqual(['c-pending-old']);
        expect(await ids({ text: 'parcel terrible' })).toEqual([]);
        expect(await ids({ text: 'creme' })).toEqual(['c-bot']);
        const [hit] = (await ctx.store().inbox.search({ text: 'refunds' })).items;
        expect(hit.match).toEqual({ entryId: 'a1', role: 'customer', text: 'Refunds take far too long', timestamp: at(700) });
        expect(await ids({ text: 'refund', status: 'pending' })).toEqual(['c-pending-old']);
      });

      it('treats operators and quotes as words, and indexes entries appended later', async () => {
        await seedInbox(ctx.store());
        expect(await ids({ text: 'refund OR paypal' })).toEqual([]);
        expect(await ids({ text: '"paypal' })).toEqual(['c-pending-new']);
        expect(await ids({ text: 'pay*' })).toEqual(['c-pending-new']);
        await ctx.store().transcripts.append([transcriptEntry('late', 'c-closed', 900, { text: 'the voucher code failed' })]);
        expect(await ids({ text: 'voucher' })).toEqual(['c-closed']);
      });
    });
  });
}
