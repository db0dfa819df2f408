import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { CONSOLE_ROLES } from '../../../core/storage/consoleTypes.js';
import { MAX_PASSWORD_CHARS } from '../auth/passwords.js';
import { publicUser } from '../consoleStore.js';
import type { ConsoleContext } from './consoleContext.js';
import { jsonBody, param, queryOf, sendJson } from './http.js';

const displayName = z.string().trim().min(1).max(200);
const createSchema = z.object({ email: z.email().max(320), displayName, role: z.enum(CONSOLE_ROLES), password: z.string().max(MAX_PASSWORD_CHARS) });
const changeSchema = z
  .object({ displayName: displayName.optional(), role: z.enum(CONSOLE_ROLES).optional(), disabled: z.boolean().optional() })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'give displayName, role or disabled');
const passwordSchema = z.object({ password: z.string().max(MAX_PASSWORD_CHARS) });
const listQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

/** Account administration (admins only): list, create, change role or display name, disable, reset a password. */
export function registerUserRoutes(server: Server, ctx: ConsoleContext): void {
  server.get('/api/console/users', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'users:manage');
    const page = await ctx.store.consoleUsers.list(queryOf(req, listQuery));
    sendJson(res, 200, { items: page.items.map(publicUser), nextCursor: page.nextCursor ?? null });
  });

  server.post('/api/console/users', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'users:manage');
    const body = jsonBody(req, createSchema);
    const user = await ctx.users.create(body);
    await ctx.audit.record(principal, 'user_created', { type: 'user', id: user.id }, { email: user.email, role: user.role });
    sendJson(res, 201, publicUser(user));
  });

  server.post('/api/console/users/:id', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'users:manage');
    const body = jsonBody(req, changeSchema);
    const user = await ctx.users.change(param(req, 'id'), body);
    const details = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>;
    await ctx.audit.record(principal, 'user_updated', { type: 'user', id: user.id }, details);
    sendJson(res, 200, publicUser(user));
  });

  server.post('/api/console/users/:id/password', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'users:manage');
    const body = jsonBody(req, passwordSchema);
    const user = await ctx.users.setPassword(param(req, 'id'), body.password);
    await ctx.audit.record(principal, 'password_reset', { type: 'user', id: user.id }, { self: user.id === principal.user.id });
    sendJson(res, 200, publicUser(user));
  });
}
