import type { ConversationNote, ConversationNoteRepository } from '../consoleTypes.js';
import { assertConversationNote } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page, PageRequest } from '../types.js';
import { assertId } from '../validation.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface NoteRow {
  id: string;
  conversation_id: string;
  author_id: string;
  author_name: string;
  text: string;
  created_at: number;
}

const COLUMNS = 'id, conversation_id, author_id, author_name, text, created_at';

function toNote(row: NoteRow): ConversationNote {
  return { id: row.id, conversationId: row.conversation_id, authorId: row.author_id, authorName: row.author_name, text: row.text, createdAt: new Date(row.created_at) };
}

export class SqliteConversationNoteRepository implements ConversationNoteRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async add(n: ConversationNote): Promise<void> {
    assertConversationNote(n);
    this.db.use('conversationNotes.add', () =>
      this.db
        .statement(`INSERT INTO conversation_notes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
        .run(n.id, n.conversationId, n.authorId, n.authorName, n.text, n.createdAt.getTime()),
    );
  }

  async list(conversationId: string, page: PageRequest = {}): Promise<Page<ConversationNote>> {
    assertId(conversationId, 'conversationId');
    const limit = resolvePageLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
    const rows = this.db.use('conversationNotes.list', () =>
      after === undefined
        ? this.db.statement(`SELECT ${COLUMNS} FROM conversation_notes WHERE conversation_id = ? ORDER BY created_at, id LIMIT ?`).all(conversationId, limit + 1)
        : this.db
            .statement(`SELECT ${COLUMNS} FROM conversation_notes WHERE conversation_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`)
            .all(conversationId, after[0], after[1], limit + 1),
    ) as NoteRow[];
    return toPage(rows.map(toNote), limit, (n) => [n.createdAt.getTime(), n.id]);
  }
}
