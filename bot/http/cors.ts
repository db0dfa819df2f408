import type { Next, Request, RequestHandler, Response } from 'restify';
import { AppError } from '../../core/errors.js';

export interface CorsOptions {
  /** Origins allowed besides the bot's own; `*` allows any. */
  allowedOrigins: readonly string[];
  /** The bot's public base URL, whose origin is always allowed; the Host header's origin is too. */
  publicUrl: string | undefined;
  /** Paths the widget calls from the shop's pages (Direct Line, identity exchange). */
  isWidgetPath: (path: string) => boolean;
}

const METHODS = ['GET', 'POST'];
const HEADERS = ['authorization', 'content-type', 'accept', 'x-ms-bot-agent', 'x-requested-with'];
const EXPOSED = ['retry-after', 'x-request-id'];
const PREFLIGHT_MAX_AGE_S = 600;

function sameOrigin(origin: string, req: Request, publicUrl: string | undefined): boolean {
  if (publicUrl !== undefined && new URL(publicUrl).origin === origin) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Whether a browser page of `origin` may talk to the widget's endpoints (also for WebSocket upgrades). */
export function isOriginAllowed(origin: string, req: Request, options: Pick<CorsOptions, 'allowedOrigins' | 'publicUrl'>): boolean {
  return options.allowedOrigins.includes('*') || options.allowedOrigins.includes(origin) || sameOrigin(origin, req, options.publicUrl);
}

function forbidden(message: string): AppError {
  return new AppError('UNAUTHORIZED', message, { status: 403 });
}

/**
 * CORS for the widget's routes: requests from an allowed origin get Access-Control-Allow-Origin for that origin;
 * cross-origin requests from any other origin are refused (403) instead of being executed with the answer hidden.
 * Preflights are answered here: 204 for an allowed origin, method and headers, 403 otherwise. Other routes send no
 * CORS headers, so browsers keep them same-origin.
 */
export function widgetCors(options: CorsOptions): RequestHandler {
  const wildcard = options.allowedOrigins.includes('*');
  return (req: Request, res: Response, next: Next) => {
    const origin = req.headers.origin;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (origin === undefined || !options.isWidgetPath(path)) {
      next();
      return;
    }
    const allowed = isOriginAllowed(origin, req, options);
    res.setHeader('Vary', 'Origin');
    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && requestedMethod !== undefined) {
      const requestedHeaders = (req.headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
      if (!allowed || !METHODS.includes(requestedMethod.toUpperCase()) || !requestedHeaders.every((h) => HEADERS.includes(h))) {
        next(forbidden(`cross-origin request from ${origin} is not allowed`));
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', wildcard ? '*' : origin);
      res.setHeader('Access-Control-Allow-Methods', METHODS.join(', '));
      res.setHeader('Access-Control-Allow-Headers', HEADERS.join(', '));
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      res.writeHead(204);
      res.end();
      next(false);
      return;
    }
    if (!allowed) {
      next(forbidden(`origin ${origin} is not allowed: add it to ALLOWED_ORIGINS`));
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', wildcard ? '*' : origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED.join(', '));
    next();
  };
}
