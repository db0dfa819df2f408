import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../../../core/storage/consoleTypes.js';
import type { ConsoleContext } from './consoleContext.js';
import { queryOf, sendJson } from './http.js';

const auditQuery = z.object({
  actorId: z.string().min(1).max(512).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: z.string().min(1).max(512).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The audit log, newest first, with filters (admins only). */
export function registerAuditRoutes(server: Server, ctx: ConsoleContext): void {
  server.get('/api/console/audit', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'audit:read');
    const page = await ctx.store.auditLog.list(queryOf(req, auditQuery));
    sendJson(res, 200, { items: page.items, nextCursor: page.nextCursor ?? null });
  });
}
