import { isIP } from 'node:net';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { AppError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { errorBody } from '../httpErrors.js';
import { requestIdOf } from './requestId.js';

export interface MessagesGuardOptions {
  /** MicrosoftAppId; undefined = anonymous mode (no Bot Framework authentication). */
  appId: string | undefined;
  /** Whether anonymous mode may serve at all (ALLOW_ANONYMOUS_MESSAGES; off by default in production). */
  allowAnonymous: boolean;
}

/** localhost, 127.0.0.0/8 and ::1, by name or literal address (never resolved through DNS). */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function activityOf(body: unknown): { type?: unknown; serviceUrl?: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('request body must be a Bot Framework activity (a JSON object)');
  return body as { type?: unknown; serviceUrl?: unknown };
}

/**
 * Checks in front of the Bot Framework endpoint (/api/messages):
 * - the activity has a type (400 otherwise, before botbuilder would fail with a 500);
 * - anonymous mode (no MicrosoftAppId) is refused unless allowed, and only replies to a loopback serviceUrl (the
 *   Emulator's case): botbuilder POSTs replies to the activity's serviceUrl, so an unauthenticated caller could
 *   otherwise make the bot send requests anywhere;
 * - a server error botbuilder answers itself (with its internal message as the body) is replaced by the generic
 *   error body with a correlation id, and the original is logged.
 */
export function messagesGuard(options: MessagesGuardOptions, logger: Logger): RequestHandler {
  const anonymous = options.appId === undefined;
  if (anonymous) {
    logger.warn(
      { allowed: options.allowAnonymous },
      options.allowAnonymous
        ? 'MicrosoftAppId is not set: /api/messages accepts unauthenticated requests with a loopback serviceUrl only (local Emulator)'
        : 'MicrosoftAppId is not set and anonymous requests are not allowed: /api/messages refuses every request (set MicrosoftAppId/MicrosoftAppPassword, or ALLOW_ANONYMOUS_MESSAGES=true)',
    );
  }
  return (req: Request, res: Response, next: Next) => {
    try {
      if (anonymous && !options.allowAnonymous) {
        throw new AppError('UNAUTHORIZED', 'anonymous Bot Framework requests are refused: configure MicrosoftAppId and MicrosoftAppPassword');
      }
      const activity = activityOf(req.body);
      if (typeof activity.type !== 'string' || activity.type === '' || activity.type.length > 64) throw new ValidationError('activity type is required');
      if (activity.serviceUrl !== undefined && typeof activity.serviceUrl !== 'string') throw new ValidationError('serviceUrl must be a URL');
      if (anonymous && (typeof activity.serviceUrl !== 'string' || !isLoopbackUrl(activity.serviceUrl))) {
        throw new AppError('UNAUTHORIZED', 'anonymous mode only accepts a loopback serviceUrl (the local Emulator)', { status: 403 });
      }
    } catch (error) {
      next(error);
      return;
    }
    const send = res.send.bind(res) as (...args: unknown[]) => void;
    res.send = ((...args: unknown[]) => {
      if (res.statusCode < 500) {
        send(...args);
        return;
      }
      const correlationId = requestIdOf(res);
      const detail = args.find((a) => typeof a === 'string');
      logger.error({ correlationId, status: res.statusCode, detail, url: req.url }, 'Bot Framework request failed');
      send(errorBody(new AppError('INTERNAL', 'internal error', { status: res.statusCode }), correlationId));
    }) as Response['send'];
    next();
  };
}
