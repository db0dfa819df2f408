import type mongoose from 'mongoose';
import type { InboxFacets, InboxItem, InboxMessage, InboxQuery, InboxRepository } from '../consoleTypes.js';
import { checkInboxQuery } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import { CONVERSATION_STATUSES, type ConversationStatus, type Page } from '../types.js';
import { toConversation } from './mongoConversations.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined, type ConversationDoc, type TranscriptDoc } from './mongoModels.js';

function toMessage(doc: TranscriptDoc): InboxMessage {
  return { entryId: doc._id, role: doc.role, text: doc.text, timestamp: doc.timestamp };
}

/** A `$text` search in which every word is a quoted phrase, so all words must occur and none acts as an operator. */
function textFilter(terms: string[]): mongoose.mongo.Filter<TranscriptDoc> {
  return { $text: { $search: terms.map((term) => `"${term}"`).join(' ') } };
}

function intersect(sets: Set<string>[]): string[] | undefined {
  if (sets.length === 0) return undefined;
  const [first, ...rest] = sets;
  return [...first].filter((id) => rest.every((set) => set.has(id)));
}

/**
 * The inbox over the conversations and transcripts collections. Transcript conditions (intent, sentiment, text)
 * resolve to the set of matching conversation ids first; full-text search needs the text index of mongoModels.ts.
 */
export class MongoInboxRepository implements InboxRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly conversations: mongoose.mongo.Collection<ConversationDoc>,
    private readonly transcripts: mongoose.mongo.Collection<TranscriptDoc>,
  ) {}

  async search(query: InboxQuery = {}): Promise<Page<InboxItem>> {
    const terms = checkInboxQuery(query);
    const limit = resolvePageLimit(query.limit);
    const queue = query.order === 'queue';
    const filter: mongoose.mongo.Filter<ConversationDoc> = withoutUndefined({ status: query.status, channel: query.channel, customerId: query.customerId });
    if (query.tag !== undefined) filter.tags = query.tag;
    const updatedAt = withoutUndefined({ $gte: query.activeFrom, $lt: query.activeUntil });
    if (Object.keys(updatedAt).length > 0) filter.updatedAt = updatedAt;
    if (query.cursor !== undefined) {
      const [ms, id] = decodeCursor(query.cursor, ['number', 'string']);
      const at = new Date(ms as number);
      filter.$or = queue
        ? [{ updatedAt: { $gt: at } }, { updatedAt: at, _id: { $gt: id as string } }]
        : [{ updatedAt: { $lt: at } }, { updatedAt: at, _id: { $lt: id as string } }];
    }
    return this.gate.run('inbox.search', async () => {
      const ids = intersect(await this.matchingConversationIds(query, terms));
      if (ids !== undefined) filter._id = { $in: ids };
      const direction = queue ? 1 : -1;
      const docs = await this.conversations.find(filter).sort({ updatedAt: direction, _id: direction }).limit(limit + 1).toArray();
      const page = toPage(docs.map(toConversation), limit, (c) => [c.updatedAt.getTime(), c.id]);
      const items = await Promise.all(page.items.map((conversation) => this.item(conversation, terms)));
      return { ...page, items };
    });
  }

  private async matchingConversationIds(query: InboxQuery, terms: string[]): Promise<Set<string>[]> {
    const sets: Set<string>[] = [];
    const distinctIds = async (filter: mongoose.mongo.Filter<TranscriptDoc>): Promise<Set<string>> =>
      new Set((await this.transcripts.find(filter, { projection: { conversationId: 1 } }).toArray()).map((doc) => doc.conversationId));
    if (query.intent !== undefined) sets.push(await distinctIds({ 'nlu.intent': query.intent }));
    if (query.sentiment !== undefined) sets.push(await distinctIds({ 'nlu.sentiment': query.sentiment }));
    if (terms.length > 0) sets.push(await distinctIds(textFilter(terms)));
    return sets;
  }

  private async item(conversation: InboxItem['conversation'], terms: string[]): Promise<InboxItem> {
    const conversationId = conversation.id;
    const newest = { sort: { timestamp: -1, _id: -1 } } as const;
    const [messageCount, last, annotated, match] = await Promise.all([
      this.transcripts.countDocuments({ conversationId }),
      this.transcripts.findOne({ conversationId }, newest),
      this.transcripts.findOne({ conversationId, role: 'customer', nlu: { $exists: true } }, newest),
      terms.length === 0 ? null : this.transcripts.findOne({ conversationId, ...textFilter(terms) }, { sort: { timestamp: 1, _id: 1 } }),
    ]);
    const item: InboxItem = { conversation, messageCount };
    if (last !== null) item.lastMessage = toMessage(last);
    if (annotated?.nlu !== undefined) item.lastNlu = annotated.nlu;
    if (match !== null) item.match = toMessage(match);
    return item;
  }

  async countByStatus(): Promise<Record<ConversationStatus, number>> {
    const rows = await this.gate.run('inbox.countByStatus', () => this.conversations.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]).toArray());
    const counts = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as Record<ConversationStatus, number>;
    for (const row of rows) if (row._id in counts) counts[row._id as ConversationStatus] = row.n;
    return counts;
  }

  async facets(): Promise<InboxFacets> {
    return this.gate.run('inbox.facets', async () => {
      const sorted = (values: unknown[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort();
      const [intents, tags, channels] = await Promise.all([
        this.transcripts.distinct('nlu.intent', { 'nlu.intent': { $type: 'string' } }),
        this.conversations.distinct('tags'),
        this.conversations.distinct('channel'),
      ]);
      return { intents: sorted(intents), tags: sorted(tags), channels: sorted(channels) };
    });
  }
}
