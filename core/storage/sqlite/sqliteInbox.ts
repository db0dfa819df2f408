import type { InboxFacets, InboxItem, InboxMessage, InboxQuery, InboxRepository } from '../consoleTypes.js';
import { checkInboxQuery } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import { CONVERSATION_STATUSES, type Conversation, type ConversationStatus, type NluAnnotation, type Page, type TranscriptRole } from '../types.js';
import { toConversation, type ConversationRow } from './sqliteConversations.js';
import { SqlConditions } from './sqliteConditions.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface MessageRow {
  id: string;
  role: string;
  text: string;
  ts: number;
}

const SEARCH_HITS = `SELECT t.id, t.conversation_id, t.role, t.text, t.ts FROM transcripts_fts f
  JOIN transcript_search_rows r ON r.search_rowid = f.rowid JOIN transcripts t ON t.id = r.transcript_id WHERE transcripts_fts MATCH ?`;

function toMessage(row: MessageRow): InboxMessage {
  return { entryId: row.id, role: row.role as TranscriptRole, text: row.text, timestamp: new Date(row.ts) };
}

/** An FTS5 query in which every word is a quoted string: all words must occur, and nothing typed acts as an operator. */
function ftsQuery(terms: string[]): string {
  return terms.map((term) => `"${term}"`).join(' ');
}

/** The inbox over the conversations, transcripts and transcripts_fts tables (migration 3). */
export class SqliteInboxRepository implements InboxRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async search(query: InboxQuery = {}): Promise<Page<InboxItem>> {
    const terms = checkInboxQuery(query);
    const limit = resolvePageLimit(query.limit);
    const queue = query.order === 'queue';
    const match = terms.length === 0 ? undefined : ftsQuery(terms);
    const filters = new SqlConditions()
      .when('c.status = ?', query.status)
      .when('c.channel = ?', query.channel)
      .when('c.customer_id = ?', query.customerId)
      .when('c.updated_at >= ?', query.activeFrom?.getTime())
      .when('c.updated_at < ?', query.activeUntil?.getTime())
      .when('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ?)', query.tag)
      .when("c.id IN (SELECT conversation_id FROM transcripts WHERE json_extract(nlu, '$.intent') = ? AND nlu IS NOT NULL)", query.intent)
      .when("c.id IN (SELECT conversation_id FROM transcripts WHERE json_extract(nlu, '$.sentiment') = ? AND nlu IS NOT NULL)", query.sentiment)
      .when(`c.id IN (SELECT conversation_id FROM (${SEARCH_HITS}))`, match);
    if (query.cursor !== undefined) {
      const [updatedAt, id] = decodeCursor(query.cursor, ['number', 'string']);
      filters.add(queue ? '(c.updated_at, c.id) > (?, ?)' : '(c.updated_at, c.id) < (?, ?)', updatedAt, id);
    }
    const direction = queue ? 'ASC' : 'DESC';
    const sql = `SELECT c.* FROM conversations c ${filters.where}
      ORDER BY c.updated_at ${direction}, c.id ${direction} LIMIT ?`;
    return this.db.use('inbox.search', () => {
      const rows = this.db.statement(sql).all(...filters.params, limit + 1) as ConversationRow[];
      const page = toPage(rows.map(toConversation), limit, (c) => [c.updatedAt.getTime(), c.id]);
      return { ...page, items: page.items.map((conversation) => this.item(conversation, match)) };
    });
  }

  private item(conversation: Conversation, match: string | undefined): InboxItem {
    const id = conversation.id;
    const count = this.db.statement('SELECT COUNT(*) FROM transcripts WHERE conversation_id = ?').pluck().get(id) as number;
    const item: InboxItem = { conversation, messageCount: count };
    const last = this.db.statement('SELECT id, role, text, ts FROM transcripts WHERE conversation_id = ? ORDER BY ts DESC, id DESC LIMIT 1').get(id);
    if (last !== undefined) item.lastMessage = toMessage(last as MessageRow);
    const nlu = this.db
      .statement("SELECT nlu FROM transcripts WHERE conversation_id = ? AND nlu IS NOT NULL AND role = 'customer' ORDER BY ts DESC, id DESC LIMIT 1")
      .pluck()
      .get(id) as string | undefined;
    if (nlu !== undefined) item.lastNlu = JSON.parse(nlu) as NluAnnotation;
    if (match !== undefined) {
      const hit = this.db.statement(`SELECT id, role, text, ts FROM (${SEARCH_HITS}) WHERE conversation_id = ? ORDER BY ts, id LIMIT 1`).get(match, id);
      if (hit !== undefined) item.match = toMessage(hit as MessageRow);
    }
    return item;
  }

  async countByStatus(): Promise<Record<ConversationStatus, number>> {
    const rows = this.db.use('inbox.countByStatus', () => this.db.statement('SELECT status, COUNT(*) AS n FROM conversations GROUP BY status').all()) as { status: string; n: number }[];
    const counts = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as Record<ConversationStatus, number>;
    for (const row of rows) if (row.status in counts) counts[row.status as ConversationStatus] = row.n;
    return counts;
  }

  async facets(): Promise<InboxFacets> {
    return this.db.use('inbox.facets', () => {
      const column = (sql: string): string[] => this.db.statement(sql).pluck().all() as string[];
      return {
        intents: column(
          "SELECT DISTINCT json_extract(nlu, '$.intent') AS intent FROM transcripts WHERE nlu IS NOT NULL AND json_extract(nlu, '$.intent') IS NOT NULL ORDER BY intent",
        ),
        tags: column('SELECT DISTINCT json_each.value AS tag FROM conversations, json_each(conversations.tags) ORDER BY tag'),
        channels: column('SELECT DISTINCT channel FROM conversations ORDER BY channel'),
      };
    });
  }
}
