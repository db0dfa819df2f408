import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { ConsoleSession, ConsoleUser } from '../../../core/storage/consoleTypes.js';
import { normalizeEmail } from '../../../core/storage/consoleValidation.js';
import { forbidden, isCrossOrigin, unauthorized } from '../auth/authenticator.js';
import { isSecureRequest, sessionCookie, sessionTokenOf } from '../auth/cookies.js';
import { MAX_PASSWORD_CHARS, verifyPassword } from '../auth/passwords.js';
import { permissionsOf } from '../auth/permissions.js';
import { publicUser } from '../consoleStore.js';
import type { ConsoleContext } from './consoleContext.js';
import { jsonBody, sendJson } from './http.js';

const loginSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(MAX_PASSWORD_CHARS) });
const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_CHARS), newPassword: z.string().min(1).max(MAX_PASSWORD_CHARS) });

async function consumeLoginAttempt(ctx: ConsoleContext, req: Request, res: Response, email: string): Promise<void> {
  const ip = req.socket.remoteAddress ?? 'unknown';
  const [account, address] = await Promise.all([ctx.loginLimits.perAccount.consume(`console-login:account:${email}`), ctx.loginLimits.perIp.consume(`console-login:ip:${ip}`)]);
  const blocked = [account, address].filter((r) => !r.allowed);
  if (blocked.length === 0) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.retryAfterMs)) / 1000));
  res.header('Retry-After', String(retryAfterSeconds));
  ctx.logger.warn({ limit: account.allowed ? 'ip' : 'account' }, 'console sign-in rate limit reached');
  throw new AppError('RATE_LIMITED', `too many sign-in attempts: try again in ${retryAfterSeconds} s`, { details: { retryAfterSeconds } });
}

/** Starts a session for `user` and sets its cookie. */
async function startSession(ctx: ConsoleContext, req: Request, res: Response, user: ConsoleUser): Promise<ConsoleSession> {
  const { token, session } = await ctx.sessions.start(user, req.headers['user-agent']);
  const secure = isSecureRequest(req, ctx.config.cookieSecure, ctx.config.publicUrl);
  res.header('Set-Cookie', sessionCookie(token, Math.floor(ctx.sessions.ttlMs / 1000), secure));
  return session;
}

/** Sign-in, sign-out, the current session, and changing one's own password. */
export function registerAuthRoutes(server: Server, ctx: ConsoleContext): void {
  server.post('/api/console/auth/login', async (req: Request, res: Response) => {
    if (isCrossOrigin(req, ctx.config.publicUrl)) throw forbidden('cross-origin request refused');
    const body = jsonBody(req, loginSchema);
    const email = normalizeEmail(body.email);
    await consumeLoginAttempt(ctx, req, res, email);
    const user = await ctx.store.consoleUsers.getByEmail(email);
    const matches = await verifyPassword(user?.passwordHash, body.password);
    if (user === undefined || !matches || user.disabled) throw unauthorized('e-mail or password is wrong');
    const previous = sessionTokenOf(req);
    if (previous !== undefined) await ctx.sessions.end(previous);
    const session = await startSession(ctx, req, res, user);
    const signedIn = await ctx.store.consoleUsers.update(user.id, { lastLoginAt: ctx.now(), updatedAt: user.updatedAt });
    sendJson(res, 200, { user: publicUser(signedIn), permissions: permissionsOf(signedIn.role), csrfToken: session.csrfToken });
  });

  server.post('/api/console/auth/logout', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req);
    const token = sessionTokenOf(req);
    if (token !== undefined) await ctx.sessions.end(token);
    res.header('Set-Cookie', sessionCookie('', 0, isSecureRequest(req, ctx.config.cookieSecure, ctx.config.publicUrl)));
    sendJson(res, 200, { signedOut: true });
  });

  server.get('/api/console/session', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req);
    sendJson(res, 200, { user: principal.user, permissions: permissionsOf(principal.role), csrfToken: principal.csrfToken ?? null, via: principal.via });
  });

  server.post('/api/console/account/password', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'account:self');
    const body = jsonBody(req, passwordChangeSchema);
    const user = await ctx.users.require(principal.user.id);
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) throw forbidden('the current password is wrong');
    const updated = await ctx.users.setPassword(user.id, body.newPassword);
    const session = principal.via === 'session' ? await startSession(ctx, req, res, updated) : undefined;
    await ctx.audit.record(principal, 'password_reset', { type: 'user', id: user.id }, { self: true });
    sendJson(res, 200, { csrfToken: session?.csrfToken ?? null });
  });
}
