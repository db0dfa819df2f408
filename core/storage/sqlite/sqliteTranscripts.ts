import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { NluAnnotation, Page, PageRequest, TranscriptEntry, TranscriptRepository, TranscriptRole } from '../types.js';
import { assertId, assertTranscriptEntries } from '../validation.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface TranscriptRow {
  id: string;
  conversation_id: string;
  activity_id: string | null;
  role: string;
  text: string;
  nlu: string | null;
  ts: number;
}

const COLUMNS = 'id, conversation_id, activity_id, role, text, nlu, ts';

function toEntry(row: TranscriptRow): TranscriptEntry {
  const entry: TranscriptEntry = { id: row.id, conversationId: row.conversation_id, role: row.role as TranscriptRole, text: row.text, timestamp: new Date(row.ts) };
  if (row.activity_id !== null) entry.activityId = row.activity_id;
  if (row.nlu !== null) entry.nlu = JSON.parse(row.nlu) as NluAnnotation;
  return entry;
}

export class SqliteTranscriptRepository implements TranscriptRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async append(entries: TranscriptEntry[]): Promise<void> {
    assertTranscriptEntries(entries);
    this.db.transaction('transcripts.append', () => {
      const insert = this.db.statement(`INSERT INTO transcripts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
      for (const e of entries) {
        insert.run(e.id, e.conversationId, e.activityId ?? null, e.role, e.text, e.nlu === undefined ? null : JSON.stringify(e.nlu), e.timestamp.getTime());
      }
    });
  }

  async list(conversationId: string, page: PageRequest = {}): Promise<Page<TranscriptEntry>> {
    assertId(conversationId, 'conversationId');
    const limit = resolvePageLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
    const rows = this.db.use('transcripts.list', () =>
      after === undefined
        ? this.db.statement(`SELECT ${COLUMNS} FROM transcripts WHERE conversation_id = ? ORDER BY ts, id LIMIT ?`).all(conversationId, limit + 1)
        : this.db
            .statement(`SELECT ${COLUMNS} FROM transcripts WHERE conversation_id = ? AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT ?`)
            .all(conversationId, after[0], after[1], limit + 1),
    ) as TranscriptRow[];
    return toPage(rows.map(toEntry), limit, (e) => [e.timestamp.getTime(), e.id]);
  }
}
