import type { Request, Server } from 'restify';
import type { Config } from '../../core/config.js';
import { ConfigError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { registerAuditRoutes } from './api/auditRoutes.js';
import { registerAuthRoutes } from './api/authRoutes.js';
import type { ConsoleContext } from './api/consoleContext.js';
import { registerConversationRoutes } from './api/conversationRoutes.js';
import { registerInboxRoutes } from './api/inboxRoutes.js';
import { registerTokenRoutes } from './api/tokenRoutes.js';
import { registerUserRoutes } from './api/userRoutes.js';
import { AuditRecorder } from './audit.js';
import { ApiTokenService } from './auth/apiTokens.js';
import { ConsoleAuthenticator } from './auth/authenticator.js';
import type { Permission } from './auth/permissions.js';
import { MemoryRateLimiter, type RateLimiter } from './auth/rateLimiter.js';
import { SessionService } from './auth/sessions.js';
import type { ConsoleStore, Principal } from './consoleStore.js';
import { registerConsoleRoutes } from './consoleRoutes.js';
import { ensureFirstAdmin, UserService } from './users.js';

export interface ConsoleDeps {
  store: ConsoleStore;
  config: Config['console'];
  logger: Logger;
  flushTranscripts?: () => Promise<void>;
  /** The built app; default console/dist. */
  distDir?: string;
  /** Replaces the in-memory login limiters (e.g. by Redis-backed ones shared by every instance). */
  loginLimits?: ConsoleContext['loginLimits'];
  now?: () => Date;
}

/** What other route modules use from the console: authentication by session cookie or per-user API token. */
export interface ConsoleAccess {
  /** The caller's user and role, or an AppError (401 UNAUTHORIZED, 403 FORBIDDEN) when absent, wrong or not permitted. */
  authenticateRequest(req: Request, permission?: Permission): Promise<Principal>;
  /** Records an agent action (claimed, replied, …) in the audit log. */
  audit: AuditRecorder;
}

/**
 * The console: the web app at /console and its JSON API under /api/console/*. Creates the first admin from
 * CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD while none exists.
 */
export async function registerConsole(server: Server, deps: ConsoleDeps): Promise<ConsoleAccess> {
  const now = deps.now ?? (() => new Date());
  const { config, store, logger } = deps;
  const sessions = new SessionService(store, { ttlMs: config.sessionTtlHours * 3_600_000, idleMs: config.sessionIdleMinutes * 60_000, now });
  const tokens = new ApiTokenService(store, now);
  const auth = new ConsoleAuthenticator(sessions, tokens, config.publicUrl);
  const users = new UserService(store, sessions, now);
  const audit = new AuditRecorder(store, now);
  const windowMs = config.loginWindowSeconds * 1000;
  const limiter = (limit: number): RateLimiter => new MemoryRateLimiter({ limit, windowMs, now: () => now().getTime() });
  const ctx: ConsoleContext = {
    store,
    auth,
    sessions,
    tokens,
    users,
    audit,
    loginLimits: deps.loginLimits ?? { perAccount: limiter(config.loginMaxPerAccount), perIp: limiter(config.loginMaxPerIp) },
    config,
    flushTranscripts: deps.flushTranscripts ?? (async () => undefined),
    logger,
    now,
  };
  await bootstrapAdmin(ctx);
  registerAuthRoutes(server, ctx);
  registerUserRoutes(server, ctx);
  registerTokenRoutes(server, ctx);
  registerAuditRoutes(server, ctx);
  registerInboxRoutes(server, ctx);
  registerConversationRoutes(server, ctx);
  registerConsoleRoutes(server, deps.distDir);
  return { authenticateRequest: (req, permission) => auth.authenticateRequest(req, permission), audit };
}

async function bootstrapAdmin(ctx: ConsoleContext): Promise<void> {
  let outcome: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  try {
    outcome = await ensureFirstAdmin(ctx.users, ctx.store, { email: ctx.config.adminEmail, password: ctx.config.adminPassword });
  } catch (error) {
    if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
      throw new ConfigError(`Invalid configuration: CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (outcome === 'created') ctx.logger.info('console: first admin created from CONSOLE_ADMIN_EMAIL');
  else if (outcome === 'not configured' && (await ctx.store.consoleUsers.countEnabled('admin')) === 0) {
    ctx.logger.warn('console: no admin yet: run `npm run console -- create-user --role admin --email you@example.com` or set CONSOLE_ADMIN_EMAIL and CONSOLE_ADMIN_PASSWORD');
  }
}
