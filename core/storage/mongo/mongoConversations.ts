import type mongoose from 'mongoose';
import { NotFoundError } from '../../errors.js';
import { applyConversationPatch, type ConversationPatch } from '../conversationPatch.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Conversation, ConversationRepository, ConversationStatus, Page, PageRequest } from '../types.js';
import { assertConversationStatusFilter, assertId, assertNoProblem, problemInConversation } from '../validation.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined, type ConversationDoc } from './mongoModels.js';

function toDoc(c: Conversation): ConversationDoc {
  const { id, tags, ...rest } = c;
  return withoutUndefined({ _id: id, ...rest, tags: [...tags] });
}

export function toConversation(doc: ConversationDoc): Conversation {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoConversationRepository implements ConversationRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ConversationDoc>,
  ) {}

  async upsert(conversation: Conversation): Promise<void> {
    assertNoProblem(problemInConversation(conversation), 'conversation');
    await this.gate.run('conversations.upsert', () => this.collection.replaceOne({ _id: conversation.id }, toDoc(conversation), { upsert: true }));
  }

  async get(id: string): Promise<Conversation | undefined> {
    assertId(id);
    const doc = await this.gate.run('conversations.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toConversation(doc);
  }

  async list(query: PageRequest & { status?: ConversationStatus } = {}): Promise<Page<Conversation>> {
    const limit = resolvePageLimit(query.limit);
    assertConversationStatusFilter(query.status);
    const filter: mongoose.mongo.Filter<ConversationDoc> = query.status === undefined ? {} : { status: query.status };
    if (query.cursor !== undefined) {
      const [ms, id] = decodeCursor(query.cursor, ['number', 'string']);
      const at = new Date(ms as number);
      filter.$or = [{ updatedAt: { $lt: at } }, { updatedAt: at, _id: { $lt: id as string } }];
    }
    const docs = await this.gate.run('conversations.list', () => this.collection.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toConversation), limit, (c) => [c.updatedAt.getTime(), c.id]);
  }

  async update(id: string, patch: ConversationPatch): Promise<Conversation> {
    assertId(id);
    return this.gate.run('conversations.update', async () => {
      const doc = await this.collection.findOne({ _id: id });
      if (doc === null) throw new NotFoundError(`Conversation ${id} not found`, { details: { id } });
      const merged = applyConversationPatch(toConversation(doc), patch);
      const written = await this.collection.replaceOne({ _id: id }, toDoc(merged));
      if (written.matchedCount === 0) throw new NotFoundError(`Conversation ${id} not found`, { details: { id } });
      return merged;
    });
  }
}
