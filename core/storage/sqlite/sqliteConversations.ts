import { NotFoundError } from '../../errors.js';
import { applyConversationPatch, type ConversationPatch } from '../conversationPatch.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import { type Conversation, type ConversationRepository, type ConversationStatus, type Page, type PageRequest } from '../types.js';
import { assertConversationStatusFilter, assertId, assertNoProblem, problemInConversation } from '../validation.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

export interface ConversationRow {
  id: string;
  channel: string;
  customer_id: string | null;
  status: string;
  assigned_agent: string | null;
  tags: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, channel, customer_id, status, assigned_agent, tags, created_at, updated_at';

export function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    id: row.id,
    channel: row.channel,
    status: row.status as ConversationStatus,
    tags: JSON.parse(row.tags) as string[],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.customer_id !== null) conversation.customerId = row.customer_id;
  if (row.assigned_agent !== null) conversation.assignedAgent = row.assigned_agent;
  return conversation;
}

export class SqliteConversationRepository implements ConversationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  private write(c: Conversation): void {
    this.db
      .statement(
        `INSERT INTO conversations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, customer_id = excluded.customer_id, status = excluded.status,
           assigned_agent = excluded.assigned_agent, tags = excluded.tags, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      )
      .run(c.id, c.channel, c.customerId ?? null, c.status, c.assignedAgent ?? null, JSON.stringify(c.tags), c.createdAt.getTime(), c.updatedAt.getTime());
  }

  private read(id: string): Conversation | undefined {
    const row = this.db.statement(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`).get(id);
    return row === undefined ? undefined : toConversation(row as ConversationRow);
  }

  async upsert(conversation: Conversation): Promise<void> {
    assertNoProblem(problemInConversation(conversation), 'conversation');
    this.db.use('conversations.upsert', () => this.write(conversation));
  }

  async get(id: string): Promise<Conversation | undefined> {
    assertId(id);
    return this.db.use('conversations.get', () => this.read(id));
  }

  async list(query: PageRequest & { status?: ConversationStatus } = {}): Promise<Page<Conversation>> {
    const limit = resolvePageLimit(query.limit);
    assertConversationStatusFilter(query.status);
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (query.status !== undefined) {
      conditions.push('status = ?');
      params.push(query.status);
    }
    if (query.cursor !== undefined) {
      const [updatedAt, id] = decodeCursor(query.cursor, ['number', 'string']);
      conditions.push('(updated_at, id) < (?, ?)');
      params.push(updatedAt, id);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.db.use('conversations.list', () =>
      this.db.statement(`SELECT ${COLUMNS} FROM conversations ${where} ORDER BY updated_at DESC, id DESC LIMIT ?`).all(...params, limit + 1),
    ) as ConversationRow[];
    return toPage(rows.map(toConversation), limit, (c) => [c.updatedAt.getTime(), c.id]);
  }

  async update(id: string, patch: ConversationPatch): Promise<Conversation> {
    assertId(id);
    return this.db.transaction('conversations.update', () => {
      const existing = this.read(id);
      if (existing === undefined) throw new NotFoundError(`Conversation ${id} not found`, { details: { id } });
      const merged = applyConversationPatch(existing, patch);
      this.write(merged);
      return merged;
    });
  }
}
