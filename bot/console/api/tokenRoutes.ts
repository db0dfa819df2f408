import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { ApiToken } from '../../../core/storage/consoleTypes.js';
import { can } from '../auth/permissions.js';
import type { ConsoleContext } from './consoleContext.js';
import { jsonBody, param, sendJson } from './http.js';

const createSchema = z.object({ name: z.string().trim().min(1).max(200), expiresInDays: z.number().int().min(1).max(3650).optional() });

/** A token as listed: never its hash. */
function shown(token: ApiToken): Omit<ApiToken, 'tokenHash'> {
  const { tokenHash: _hidden, ...rest } = token;
  return rest;
}

/** One's own API tokens: list, create (the token is in this answer only), revoke. Admins may revoke anyone's. */
export function registerTokenRoutes(server: Server, ctx: ConsoleContext): void {
  server.get('/api/console/tokens', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'account:self');
    sendJson(res, 200, { items: (await ctx.store.apiTokens.listForUser(principal.user.id)).map(shown) });
  });

  server.post('/api/console/tokens', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'account:self');
    const body = jsonBody(req, createSchema);
    const { token, record } = await ctx.tokens.issue(await ctx.users.require(principal.user.id), body.name, body.expiresInDays);
    await ctx.audit.record(principal, 'token_created', { type: 'api_token', id: record.id }, { name: record.name });
    sendJson(res, 201, { token, record: shown(record) });
  });

  server.del('/api/console/tokens/:id', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'account:self');
    const existing = await ctx.store.apiTokens.get(param(req, 'id'));
    if (existing === undefined || (existing.userId !== principal.user.id && !can(principal.role, 'users:manage'))) throw new NotFoundError('API token not found');
    const revoked = await ctx.store.apiTokens.revoke(existing.id, ctx.now());
    await ctx.audit.record(principal, 'token_revoked', { type: 'api_token', id: revoked.id }, { owner: revoked.userId });
    sendJson(res, 200, shown(revoked));
  });
}
