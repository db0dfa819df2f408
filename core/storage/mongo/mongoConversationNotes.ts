import type mongoose from 'mongoose';
import type { ConversationNote, ConversationNoteRepository } from '../consoleTypes.js';
import { assertConversationNote } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page, PageRequest } from '../types.js';
import { assertId } from '../validation.js';
import { insertOnce } from './mongoAuditLog.js';
import type { ConversationNoteDoc } from './mongoConsoleModels.js';
import type { MongoGate } from './mongoGate.js';

export class MongoConversationNoteRepository implements ConversationNoteRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ConversationNoteDoc>,
  ) {}

  async add(note: ConversationNote): Promise<void> {
    assertConversationNote(note);
    const { id, ...rest } = note;
    await insertOnce(this.gate, 'conversationNotes.add', this.collection, { _id: id, ...rest });
  }

  async list(conversationId: string, page: PageRequest = {}): Promise<Page<ConversationNote>> {
    assertId(conversationId, 'conversationId');
    const limit = resolvePageLimit(page.limit);
    let filter: mongoose.mongo.Filter<ConversationNoteDoc> = { conversationId };
    if (page.cursor !== undefined) {
      const [ms, id] = decodeCursor(page.cursor, ['number', 'string']);
      const after = new Date(ms as number);
      filter = { conversationId, $or: [{ createdAt: { $gt: after } }, { createdAt: after, _id: { $gt: id as string } }] };
    }
    const docs = await this.gate.run('conversationNotes.list', () => this.collection.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit + 1).toArray());
    return toPage(
      docs.map(({ _id, ...rest }) => ({ id: _id, ...rest })),
      limit,
      (n) => [n.createdAt.getTime(), n.id],
    );
  }
}
