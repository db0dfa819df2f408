import type { Request } from 'restify';
import { AppError } from '../../../core/errors.js';
import { publicUser, type Principal } from '../consoleStore.js';
import type { ApiTokenService } from './apiTokens.js';
import { sessionTokenOf } from './cookies.js';
import { can, type Permission } from './permissions.js';
import { sameSecret } from './secrets.js';
import type { SessionService } from './sessions.js';

/** Requests that change state; with a session cookie they must carry the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export function unauthorized(message = 'sign in to the console, or send "Authorization: Bearer <API token>"'): AppError {
  return new AppError('UNAUTHORIZED', message);
}

export function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

/**
 * A request from another site: its Origin header names a host other than the one it was sent to (or PUBLIC_URL's).
 * Browsers send Origin on every cross-origin request and on same-origin POSTs, so this backs up the CSRF token.
 */
export function isCrossOrigin(req: Request, publicUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  return host !== req.headers.host && host !== hostOf(publicUrl);
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Authenticates any route: an API token (`Authorization: Bearer csbot_…`) or the console session cookie, which for a
 * state-changing method must come with the session's CSRF token in X-CSRF-Token and no foreign Origin. With a
 * permission, the user's role must grant it. Throws AppError UNAUTHORIZED (401) or FORBIDDEN (403).
 */
export class ConsoleAuthenticator {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
    private readonly publicUrl: string | undefined,
  ) {}

  async authenticateRequest(req: Request, permission?: Permission): Promise<Principal> {
    const principal = await this.identify(req);
    if (permission !== undefined && !can(principal.role, permission)) {
      throw forbidden(`the ${principal.role} role may not do this (needs ${permission})`);
    }
    return principal;
  }

  private async identify(req: Request): Promise<Principal> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header !== '') {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const resolved = match === null ? undefined : await this.tokens.resolve(match[1]);
      if (resolved === undefined) throw unauthorized('the API token is unknown, revoked or expired');
      return { user: publicUser(resolved.user), role: resolved.user.role, via: 'api_token' };
    }
    const token = sessionTokenOf(req);
    const resolved = token === undefined ? undefined : await this.sessions.resolve(token);
    if (resolved === undefined) throw unauthorized(token === undefined ? undefined : 'the console session has ended: sign in again');
    if (!SAFE_METHODS.has(req.method ?? 'GET')) {
      if (isCrossOrigin(req, this.publicUrl)) throw forbidden('cross-origin request refused');
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, resolved.session.csrfToken)) throw forbidden(`missing or wrong CSRF token (send the ${CSRF_HEADER} header)`);
    }
    return { user: publicUser(resolved.user), role: resolved.user.role, via: 'session', csrfToken: resolved.session.csrfToken };
  }
}
