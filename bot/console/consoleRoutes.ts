import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import { randomSecret } from './auth/secrets.js';

/** Where `npm run console:build` puts the app: console/dist at the repository root (also from a compiled dist/bot). */
const DIST_CANDIDATES = ['../../console/dist', '../../../console/dist'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
export const CONSOLE_DIST_DIR = DIST_CANDIDATES.find((dir) => existsSync(dir)) ?? (DIST_CANDIDATES[0] as string);

/** The index page asks for this placeholder to be replaced by the response's CSP nonce (Mantine's <style> tags use it). */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.mp3': 'audio/mpeg',
};

/** Scripts only from this origin (the built bundle has no inline script); styles from it or with the nonce. */
export function consolePageHeaders(nonce: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      `style-src 'self' 'nonce-${nonce}'`,
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "media-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** A file inside `root` for a URL path, or undefined for anything that escapes it or is not a file. */
async function fileUnder(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${path.posix.sep}${decoded}`);
  if (!file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() === true ? file : undefined;
}

/**
 * Serves the built console at /console: hashed files under /console/assets/ with a year-long immutable cache, other
 * files as they are, and index.html (with a fresh CSP nonce, never cached) for every other path, so the app's own
 * routes (/console/conversations/…) survive a reload. Before the first build, /console says how to build it.
 */
export function registerConsoleRoutes(server: Server, distDir: string = CONSOLE_DIST_DIR): void {
  const root = path.resolve(distDir);
  const sendIndex = async (res: Response): Promise<void> => {
    const index = await readFile(path.join(root, 'index.html'), 'utf8').catch(() => undefined);
    const nonce = randomSecret(16);
    if (index === undefined) {
      res.sendRaw(503, '<!doctype html><title>csbot console</title><p>The console is not built yet: run <code>npm run console:build</code>.</p>', consolePageHeaders(nonce));
      return;
    }
    res.sendRaw(200, index.replaceAll(NONCE_PLACEHOLDER, nonce), consolePageHeaders(nonce));
  };

  server.get('/console', async (_req: Request, res: Response) => sendIndex(res));
  server.get('/console/*', async (req: Request, res: Response) => {
    const relative = req.params['*'] ?? '';
    const file = relative === '' || relative === 'index.html' ? undefined : await fileUnder(root, relative);
    if (file === undefined) {
      if (relative.startsWith('assets/')) {
        res.sendRaw(404, 'not found', { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
        return;
      }
      await sendIndex(res);
      return;
    }
    const hashed = relative.startsWith('assets/');
    res.sendRaw(200, await readFile(file), {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
