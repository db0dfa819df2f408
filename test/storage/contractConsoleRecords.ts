import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import type { AuditAction } from '../../core/storage/consoleTypes.js';
import { at, collectPages, rejectionOf, type ContractContext } from './contractFixtures.js';
import { auditEntry, note } from './contractConsoleFixtures.js';

/** The audit log and internal notes. */
export function consoleRecordsContract(ctx: ContractContext): void {
  describe('audit log', () => {
    it('lists newest first with every filter, pages without gaps, and keeps the first write of an id', async () => {
      const log = ctx.store().auditLog;
      const actions: AuditAction[] = ['claimed', 'replied', 'released', 'closed', 'exported'];
      const entries = Array.from({ length: 10 }, (_, i) =>
        auditEntry(`a${i}`, Math.floor(i / 2) * 1000, {
          action: actions[i % actions.length],
          actorId: i % 2 === 0 ? 'u1' : 'u2',
          targetId: `conv-${i % 3}`,
          details: i === 0 ? { toAgent: 'u2', reason: null, count: 2, urgent: true } : undefined,
        }),
      );
      for (const entry of entries) await log.append(entry);
      await log.append({ ...entries[0], action: 'deleted' });
      const newestFirst = [...entries].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
      const all = await collectPages(3, (cursor) => log.list({ limit: 3, cursor }));
      expect(all.items).toEqual(newestFirst);
      const ids = async (query: Parameters<typeof log.list>[0]) => (await log.list(query)).items.map((e) => e.id);
      expect(await ids({ actorId: 'u2' })).toEqual(newestFirst.filter((e) => e.actorId === 'u2').map((e) => e.id));
      expect(await ids({ action: 'claimed' })).toEqual(['a5', 'a0']);
      expect(await ids({ targetType: 'conversation', targetId: 'conv-1' })).toEqual(['a7', 'a4', 'a1']);
      expect(await ids({ since: at(1000), until: at(3000) })).toEqual(['a5', 'a4', 'a3', 'a2']);
      expect(await ids({ targetType: 'user' })).toEqual([]);
    });

    it('refuses entries with an unknown action, nested details or a bad date', async () => {
      const log = ctx.store().auditLog;
      expect(await rejectionOf(log.append(auditEntry('x', 0, { action: 'hacked' as AuditAction })))).toBeInstanceOf(ValidationError);
      const nested = { nested: { deep: 1 } } as unknown as Record<string, string>;
      expect(await rejectionOf(log.append(auditEntry('y', 0, { details: nested })))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(log.append(auditEntry('z', 0, { at: new Date(Number.NaN) })))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(log.list({ action: 'hacked' as AuditAction }))).toBeInstanceOf(ValidationError);
      expect((await log.list()).items).toEqual([]);
    });
  });

  describe('conversation notes', () => {
    it('lists the notes of one conversation oldest first, idempotent by id', async () => {
      const notes = ctx.store().conversationNotes;
      const rows = [note('n3', 'conv', 3000), note('n1', 'conv', 1000), note('n2', 'conv', 2000, { text: 'Customer prefers e-mail' }), note('other', 'conv-2', 0)];
      for (const row of rows) await notes.add(row);
      await notes.add({ ...rows[1], text: 'changed' });
      const { items } = await collectPages(2, (cursor) => notes.list('conv', { limit: 2, cursor }));
      expect(items).toEqual([rows[1], rows[2], rows[0]]);
      expect((await notes.list('none')).items).toEqual([]);
      expect(await rejectionOf(notes.add(note('empty', 'conv', 0, { text: '   ' })))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(notes.add(note('long', 'conv', 0, { text: 'x'.repeat(4001) })))).toBeInstanceOf(ValidationError);
    });
  });
}
