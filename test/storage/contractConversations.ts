import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { ConversationStatus } from '../../core/storage/types.js';
import { at, collectPages, conversation, ODD_ID, rejectionOf, transcriptEntry, type ContractContext } from './contractFixtures.js';

/** Conversations (upsert, patch, newest-first listing) and transcripts (idempotent append, oldest-first paging). */
export function conversationContract(ctx: ContractContext): void {
  describe('conversations', () => {
    it('upserts and reads back a conversation, replacing it on a second upsert', async () => {
      const full = conversation(ODD_ID, 10, { customerId: 'c1', assignedAgent: 'agent-7', status: 'agent', tags: ['vip', 'refund'] });
      await ctx.store().conversations.upsert(full);
      expect(await ctx.store().conversations.get(ODD_ID)).toEqual(full);
      await ctx.store().conversations.upsert(conversation(ODD_ID, 20));
      expect(await ctx.store().conversations.get(ODD_ID)).toEqual(conversation(ODD_ID, 20));
      expect(await ctx.store().conversations.get('missing')).toBeUndefined();
    });

    it('applies a patch, persists it and bumps updatedAt; clearing an optional field with undefined', async () => {
      await ctx.store().conversations.upsert(conversation('conv', 0, { assignedAgent: 'agent-1' }));
      const before = Date.now();
      const updated = await ctx.store().conversations.update('conv', { status: 'pending', tags: ['handoff'], assignedAgent: undefined });
      expect(updated).toMatchObject({ id: 'conv', status: 'pending', tags: ['handoff'], createdAt: at(0) });
      expect(updated.assignedAgent).toBeUndefined();
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(await ctx.store().conversations.get('conv')).toEqual(updated);
      const explicit = await ctx.store().conversations.update('conv', { updatedAt: at(99) });
      expect(explicit.updatedAt).toEqual(at(99));
    });

    it('throws NotFoundError when updating an unknown conversation and ValidationError for a bad patch', async () => {
      expect(await rejectionOf(ctx.store().conversations.update('ghost', { status: 'closed' }))).toBeInstanceOf(NotFoundError);
      await ctx.store().conversations.upsert(conversation('conv', 0));
      const bad = await rejectionOf(ctx.store().conversations.update('conv', { status: 'lost' as ConversationStatus }));
      expect(bad).toBeInstanceOf(ValidationError);
      expect((await ctx.store().conversations.get('conv'))?.status).toBe('bot');
      expect(await rejectionOf(ctx.store().conversations.upsert(conversation('', 0)))).toBeInstanceOf(ValidationError);
    });

    it('lists newest updatedAt first, filters by status and pages without gaps', async () => {
      const statuses: ConversationStatus[] = ['bot', 'pending', 'agent', 'closed'];
      const rows = Array.from({ length: 11 }, (_, i) => conversation(`conv-${String(i).padStart(2, '0')}`, Math.floor(i / 2) * 1000, { status: statuses[i % 4] }));
      for (const row of rows) await ctx.store().conversations.upsert(row);
      const newestFirst = [...rows].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1));
      const all = await collectPages(3, (cursor) => ctx.store().conversations.list({ limit: 3, cursor }));
      expect(all.items.map((c) => c.id)).toEqual(newestFirst.map((c) => c.id));
      const pending = await collectPages(1, (cursor) => ctx.store().conversations.list({ status: 'pending', limit: 1, cursor }));
      expect(pending.items.map((c) => c.id)).toEqual(newestFirst.filter((c) => c.status === 'pending').map((c) => c.id));
      expect(await rejectionOf(ctx.store().conversations.list({ cursor: 'x' }))).toBeInstanceOf(ValidationError);
    });
  });

  describe('transcripts', () => {
    it('returns entries oldest first whatever the append order, with NLU annotations intact', async () => {
      const entries = [
        transcriptEntry('e3', ODD_ID, 3000, { role: 'bot', activityId: 'act-3' }),
        transcriptEntry('e1', ODD_ID, 1000, { nlu: { intent: 'track_order', confidence: 0.91, outOfScope: false, sentiment: 'negative', sentimentScore: -0.4 } }),
        transcriptEntry('e2', ODD_ID, 2000, { role: 'agent', text: '' }),
        transcriptEntry('other', 'conv-2', 1500),
      ];
      await ctx.store().transcripts.append(entries);
      const page = await ctx.store().transcripts.list(ODD_ID);
      expect(page.items).toEqual([entries[1], entries[2], entries[0]]);
      expect(page.nextCursor).toBeUndefined();
    });

    it('is idempotent by entry id: appending the same entries again adds nothing', async () => {
      const entries = Array.from({ length: 7 }, (_, i) => transcriptEntry(`e${i}`, 'conv', i * 10));
      await ctx.store().transcripts.append(entries);
      await ctx.store().transcripts.append(entries);
      await ctx.store().transcripts.append(entries.slice(2, 4));
      const { items, pages } = await collectPages(3, (cursor) => ctx.store().transcripts.list('conv', { limit: 3, cursor }));
      expect(pages).toBe(3);
      expect(items).toEqual(entries);
    });

    it('rejects a batch containing an invalid entry without writing any of it', async () => {
      const batch = [transcriptEntry('ok', 'conv', 0), transcriptEntry('bad', 'conv', 1, { timestamp: new Date(Number.NaN) })];
      expect(await rejectionOf(ctx.store().transcripts.append(batch))).toBeInstanceOf(ValidationError);
      expect((await ctx.store().transcripts.list('conv')).items).toEqual([]);
    });
  });
}
