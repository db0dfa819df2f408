import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ConversationHub } from '../directline/conversationHub.js';
import type { DirectLineTokens } from '../directline/directLineTokens.js';
import type { BotStore } from '../ports.js';
import { registerDemoAssetRoutes } from './demoAssetRoutes.js';

export const WEBCHAT_CDN = 'https://cdn.botframework.com/botframework-webchat/latest/webchat.js';
const INDEX_FILE = fileURLToPath(new URL('./index.html', import.meta.url));
export const VENDOR_WEBCHAT_FILE = fileURLToPath(new URL('./vendor/webchat.js', import.meta.url));
const DEMO_CUSTOMERS = 25;

export interface WebRouteDeps {
  store: BotStore;
  hub: ConversationHub;
  tokens: DirectLineTokens;
}

const tokenRequestSchema = z.object({ customerId: z.string().trim().min(1).max(128).regex(/^[\w.:@-]+$/) });

/**
 * The demo page (GET /) with Web Chat over our own Direct Line endpoint, a customer selector, and the page's
 * token endpoint (the page never sees the Direct Line secret). Web Chat is served from bot/web/vendor when
 * vendored (bot/web/vendorWebchat.sh), else loaded from its CDN.
 */
export function registerWebRoutes(server: Server, deps: WebRouteDeps): void {
  registerDemoAssetRoutes(server, deps.store);
  server.get('/', async (_req: Request, res: Response) => {
    const src = existsSync(VENDOR_WEBCHAT_FILE) ? '/vendor/webchat.js' : WEBCHAT_CDN;
    const html = readFileSync(INDEX_FILE, 'utf8').replace('__WEBCHAT_SRC__', src);
    res.sendRaw(200, html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  server.get('/vendor/webchat.js', async (_req: Request, res: Response) => {
    if (!existsSync(VENDOR_WEBCHAT_FILE)) {
      res.sendRaw(302, '', { Location: WEBCHAT_CDN });
      return;
    }
    res.sendRaw(200, readFileSync(VENDOR_WEBCHAT_FILE), { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
  });

  server.get('/api/demo/customers', async (_req: Request, res: Response) => {
    const page = await deps.store.customers.list({ limit: DEMO_CUSTOMERS });
    res.send(200, { customers: page.items.map((c) => ({ id: c.id, name: c.name })) });
  });

  server.post('/api/demo/token', async (req: Request, res: Response) => {
    const parsed = tokenRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError('customerId is required (letters, digits, _ . : @ -)');
    const conversationId = deps.hub.create(parsed.data.customerId);
    const issued = deps.tokens.issue(conversationId, parsed.data.customerId);
    res.send(200, { conversationId, token: issued.token, expires_in: issued.expiresIn });
  });
}

/**
 * The demo surfaces (/, /demo/*, /vendor/webchat.js, /api/demo/*) exist only in demo mode: the demo token endpoint
 * mints a token for any customer id and the customer list shows names, so a deployment must not serve them.
 * The choice is logged at start either way.
 */
export function registerDemoSurfaces(server: Server, demoMode: boolean, deps: WebRouteDeps, logger: Logger): void {
  if (!demoMode) {
    logger.info({ demoMode }, 'demo surfaces off: no demo page, no /api/demo/* (DEMO_MODE=true turns them on)');
    return;
  }
  logger.warn({ demoMode, routes: ['/', '/demo/*', '/vendor/webchat.js', '/api/demo/customers', '/api/demo/token'] }, 'demo surfaces on: anyone can chat as any customer (DEMO_MODE=false or NODE_ENV=production turns them off)');
  registerWebRoutes(server, deps);
}
