import type { AuditAction, AuditDetails, AuditEntry, AuditLogRepository, AuditQuery, AuditTargetType } from '../consoleTypes.js';
import { assertAuditEntry, assertAuditQuery } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page } from '../types.js';
import { SqlConditions } from './sqliteConditions.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface AuditRow {
  id: string;
  at: number;
  actor_id: string;
  actor_email: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string | null;
}

const COLUMNS = 'id, at, actor_id, actor_email, action, target_type, target_id, details';

function toEntry(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    id: row.id,
    at: new Date(row.at),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action as AuditAction,
    targetType: row.target_type as AuditTargetType,
    targetId: row.target_id,
  };
  if (row.details !== null) entry.details = JSON.parse(row.details) as AuditDetails;
  return entry;
}

export class SqliteAuditLogRepository implements AuditLogRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async append(e: AuditEntry): Promise<void> {
    assertAuditEntry(e);
    this.db.use('auditLog.append', () =>
      this.db
        .statement(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
        .run(e.id, e.at.getTime(), e.actorId, e.actorEmail, e.action, e.targetType, e.targetId, e.details === undefined ? null : JSON.stringify(e.details)),
    );
  }

  async list(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    const limit = resolvePageLimit(query.limit);
    assertAuditQuery(query);
    const filters = new SqlConditions()
      .when('actor_id = ?', query.actorId)
      .when('action = ?', query.action)
      .when('target_type = ?', query.targetType)
      .when('target_id = ?', query.targetId)
      .when('at >= ?', query.since?.getTime())
      .when('at < ?', query.until?.getTime());
    if (query.cursor !== undefined) {
      const [at, id] = decodeCursor(query.cursor, ['number', 'string']);
      filters.add('(at, id) < (?, ?)', at, id);
    }
    const sql = `SELECT ${COLUMNS} FROM audit_log ${filters.where} ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.db.use('auditLog.list', () => this.db.statement(sql).all(...filters.params, limit + 1)) as AuditRow[];
    return toPage(rows.map(toEntry), limit, (e) => [e.at.getTime(), e.id]);
  }
}
