import type { OutgoingHttpHeaders } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { WEBCHAT_CDN } from '../web/webRoutes.js';

export interface SecurityHeaderOptions {
  /** CSP frame-ancestors sources of HTML pages (`'self'`, `'none'`, `https://shop.example`). */
  frameAncestors: string;
  /** Send Strict-Transport-Security (the bot is served over https). */
  hsts: boolean;
}

/** Everything a page of the bot loads comes from the bot itself, except Web Chat from its CDN when not vendored. */
export function pageContentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${new URL(WEBCHAT_CDN).origin}`,
    // Web Chat styles itself with inline <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function contentTypeOf(res: Response, headers: OutgoingHttpHeaders | undefined): string {
  const fromArgs = headers === undefined ? undefined : Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return String(fromArgs ?? res.getHeader('content-type') ?? '').toLowerCase();
}

function frameOptions(frameAncestors: string): string | undefined {
  if (frameAncestors === "'none'") return 'DENY';
  if (frameAncestors === "'self'") return 'SAMEORIGIN';
  return undefined; // other sources: CSP frame-ancestors alone decides
}

/**
 * Security headers on every response, chosen by what the response is rather than by route: HTML pages get the page
 * CSP (frame-ancestors from configuration), everything else (JSON, scripts, errors) a deny-all CSP. Headers a route
 * sets itself are kept.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const pagePolicy = pageContentSecurityPolicy(options.frameAncestors);
  const pageFrameOptions = frameOptions(options.frameAncestors);
  return (_req: Request, res: Response, next: Next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      const headers = args.find((a): a is OutgoingHttpHeaders => typeof a === 'object' && a !== null && !Array.isArray(a));
      const page = contentTypeOf(res, headers).startsWith('text/html');
      if (!res.hasHeader('Content-Security-Policy')) res.setHeader('Content-Security-Policy', page ? pagePolicy : API_POLICY);
      const frame = page ? pageFrameOptions : 'DENY';
      if (frame !== undefined && !res.hasHeader('X-Frame-Options')) res.setHeader('X-Frame-Options', frame);
      if (page && !res.hasHeader('Cross-Origin-Opener-Policy')) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      if (!page && !res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}
