import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { INBOX_ORDERS, SENTIMENTS, type InboxItem } from '../../../core/storage/consoleTypes.js';
import { MAX_SEARCH_CHARS } from '../../../core/storage/consoleValidation.js';
import { CONVERSATION_STATUSES } from '../../../core/storage/types.js';
import { can } from '../auth/permissions.js';
import type { ConsoleContext } from './consoleContext.js';
import { queryOf, sendJson } from './http.js';

const filterValue = z.string().trim().min(1).max(512).optional();
const inboxQuery = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: filterValue,
  customerId: filterValue,
  tag: filterValue,
  intent: filterValue,
  sentiment: z.enum(SENTIMENTS).optional(),
  from: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  q: z.string().trim().max(MAX_SEARCH_CHARS).optional(),
  order: z.enum(INBOX_ORDERS).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

type ShownItem = InboxItem & { customerName?: string };

/** Customer names for the page, for roles that may see customers. */
async function withCustomerNames(ctx: ConsoleContext, items: InboxItem[]): Promise<ShownItem[]> {
  const ids = [...new Set(items.flatMap((i) => (i.conversation.customerId === undefined ? [] : [i.conversation.customerId])))];
  const names = new Map<string, string>();
  for (const id of ids) {
    const customer = await ctx.store.customers.get(id);
    if (customer?.name !== undefined) names.set(id, customer.name);
  }
  return items.map((item) => {
    const name = item.conversation.customerId === undefined ? undefined : names.get(item.conversation.customerId);
    return name === undefined ? item : { ...item, customerName: name };
  });
}

/**
 * The inbox: conversations filtered and searched, pending ones in queue order (longest waiting first) unless another
 * order is asked; `serverTime` lets the page show waiting times without trusting the browser's clock.
 */
export function registerInboxRoutes(server: Server, ctx: ConsoleContext): void {
  server.get('/api/console/inbox', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'conversations:read');
    const q = queryOf(req, inboxQuery);
    await ctx.flushTranscripts();
    const page = await ctx.store.inbox.search({
      status: q.status,
      channel: q.channel,
      customerId: q.customerId,
      tag: q.tag,
      intent: q.intent,
      sentiment: q.sentiment,
      activeFrom: q.from,
      activeUntil: q.until,
      text: q.q === '' ? undefined : q.q,
      order: q.order ?? (q.status === 'pending' ? 'queue' : 'recent'),
      cursor: q.cursor,
      limit: q.limit ?? 50,
    });
    const items = can(principal.role, 'customers:read') ? await withCustomerNames(ctx, page.items) : page.items;
    sendJson(res, 200, { items, nextCursor: page.nextCursor ?? null, serverTime: ctx.now() });
  });

  server.get('/api/console/inbox/summary', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'conversations:read');
    const [counts, facets] = await Promise.all([ctx.store.inbox.countByStatus(), ctx.store.inbox.facets()]);
    sendJson(res, 200, { counts, facets });
  });
}
