import { NotFoundError } from '../../../core/errors.js';
import type {
  BulkResult, Conversation, ConversationRepository, Customer, CustomerRepository, Order, OrderRepository, Page, PageRequest,
  Product, ProductRepository, TranscriptEntry, TranscriptRepository,
} from '../../../core/storage/types.js';
import type { BotStore } from '../../../bot/ports.js';

/** A small in-memory BotStore for bot tests (the real SQLite/Mongo stores are tested by the storage engineer). */

function page<T>(items: T[], request: PageRequest = {}): Page<T> {
  const start = request.cursor === undefined ? 0 : Number(request.cursor);
  const limit = request.limit ?? 50;
  const slice = items.slice(start, start + limit);
  return start + limit < items.length ? { items: slice, nextCursor: String(start + limit) } : { items: slice };
}

function upsertInto<T extends { id: string }>(map: Map<string, T>, rows: T[]): BulkResult {
  let inserted = 0;
  let updated = 0;
  for (const row of rows) {
    if (map.has(row.id)) updated += 1;
    else inserted += 1;
    map.set(row.id, structuredClone(row));
  }
  return { inserted, updated, rejected: [] };
}

export class MemoryBotStore implements BotStore {
  readonly customerRows = new Map<string, Customer>();
  readonly productRows = new Map<string, Product>();
  readonly orderRows = new Map<string, Order>();
  readonly conversationRows = new Map<string, Conversation>();
  readonly transcriptRows: TranscriptEntry[] = [];

  readonly customers: CustomerRepository = {
    upsertMany: async (rows) => upsertInto(this.customerRows, rows),
    get: async (id) => this.customerRows.get(id),
    getByExternalId: async (externalId) => [...this.customerRows.values()].find((c) => c.externalId === externalId),
    list: async (request) => page([...this.customerRows.values()], request),
    count: async () => this.customerRows.size,
  };

  readonly products: ProductRepository = {
    upsertMany: async (rows) => upsertInto(this.productRows, rows),
    get: async (id) => this.productRows.get(id),
    getMany: async (ids) => ids.flatMap((id) => this.productRows.get(id) ?? []),
    list: async (request) => page([...this.productRows.values()], request),
    count: async () => this.productRows.size,
  };

  readonly orders: OrderRepository = {
    upsertMany: async (rows) => upsertInto(this.orderRows, rows),
    get: async (id) => this.orderRows.get(id),
    listByCustomer: async (customerId, request) =>
      page([...this.orderRows.values()].filter((o) => o.customerId === customerId).sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime()), request),
    count: async () => this.orderRows.size,
  };

  readonly conversations: ConversationRepository = {
    upsert: async (conversation) => {
      this.conversationRows.set(conversation.id, structuredClone(conversation));
    },
    get: async (id) => this.conversationRows.get(id),
    list: async (request = {}) =>
      page(
        [...this.conversationRows.values()]
          .filter((c) => request.status === undefined || c.status === request.status)
          .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()),
        request,
      ),
    update: async (id, patch) => {
      const current = this.conversationRows.get(id);
      if (current === undefined) throw new NotFoundError(`conversation ${id} not found`);
      const next = { ...current, ...patch };
      this.conversationRows.set(id, next);
      return next;
    },
  };

  readonly transcripts: TranscriptRepository = {
    append: async (entries) => {
      for (const entry of entries) {
        if (!this.transcriptRows.some((e) => e.id === entry.id)) this.transcriptRows.push(structuredClone(entry));
      }
    },
    list: async (conversationId, request) => page(this.transcriptRows.filter((e) => e.conversationId === conversationId), request),
  };
}
