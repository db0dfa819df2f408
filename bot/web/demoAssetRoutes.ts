import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import { escapeXml } from '../../core/charts/svgText.js';
import { NotFoundError } from '../../core/errors.js';
import type { Product } from '../../core/storage/types.js';
import { description } from '../flows/productFlows.js';
import { formatMoney } from '../flows/shopFormat.js';
import type { BotStore } from '../ports.js';
import { FAVICON_SVG, placeholderSvg } from './productPlaceholder.js';

/**
 * Static assets of the demo page: its script, favicon, and a product page and placeholder image per catalogue
 * product (the demo data's `url` and `imageUrl` point here). Registered with the other demo routes.
 */

const PAGE_SCRIPT_FILE = fileURLToPath(new URL('./demoPage.js', import.meta.url));
const DEMO_LOCALE = 'en-GB';
const SVG = { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=86400' };

async function productOr404(store: BotStore, id: string | undefined): Promise<Product> {
  const product = id === undefined ? undefined : await store.products.get(id);
  if (product === undefined) throw new NotFoundError('unknown product');
  return product;
}

function price(product: Product): string {
  return product.price === undefined ? '' : formatMoney(DEMO_LOCALE, product.price, product.currency);
}

function productPage(product: Product): string {
  const title = escapeXml(product.title);
  const text = description(product);
  const paragraph = text === '' ? '' : `<p>${escapeXml(text)}</p>`;
  const image = `/demo/products/${encodeURIComponent(product.id)}/image.svg`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — demo shop</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:0 auto;padding:1rem;color:#111827}img{width:100%;height:auto;border-radius:8px}
.price{font-size:1.4rem;font-weight:600}.note{color:#6b7280;font-size:.9rem}</style></head>
<body><p><a href="/">← Back to the chat</a></p><img src="${image}" alt="${title}"><h1>${title}</h1>${paragraph}
<p class="price">${escapeXml(price(product))}</p><p>${product.inStock ? 'In stock' : 'Out of stock'}</p>
<p class="note">A demo product page: the catalogue comes from the UCI Online Retail data set, the picture is a placeholder.</p></body></html>`;
}

export function registerDemoAssetRoutes(server: Server, store: BotStore): void {
  const pageScript = readFileSync(PAGE_SCRIPT_FILE, 'utf8');
  server.get('/demo/page.js', async (_req: Request, res: Response) => {
    res.sendRaw(200, pageScript, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
  });
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    server.get(path, async (_req: Request, res: Response) => {
      res.sendRaw(200, FAVICON_SVG, SVG);
    });
  }
  server.get('/demo/products/:id/image.svg', async (req: Request, res: Response) => {
    const product = await productOr404(store, req.params.id);
    res.sendRaw(200, placeholderSvg(product.id, product.title), SVG);
  });
  server.get('/demo/products/:id', async (req: Request, res: Response) => {
    const product = await productOr404(store, req.params.id);
    res.sendRaw(200, productPage(product), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  });
}
