import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXmlElements } from '../charts/xmlCheck.js';
import { placeholderSvg } from '../../bot/web/productPlaceholder.js';
import { call, startTestServer, type RunningTestServer } from './support/testServer.js';

describe('demo page assets', () => {
  let running: RunningTestServer;
  beforeAll(async () => {
    running = await startTestServer();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('serves the page script, a favicon, and a placeholder image and page per product', async () => {
    const page = await fetch(`${running.url}/`);
    const html = await page.text();
    expect(html).toContain('<script src="/demo/page.js"></script>');
    expect(html).toContain('rel="icon" href="/favicon.svg"');

    const script = await fetch(`${running.url}/demo/page.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('createStore()');

    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const icon = await fetch(`${running.url}${path}`);
      expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    }

    const image = await fetch(`${running.url}/demo/products/P1/image.svg`);
    expect(image.status).toBe(200);
    const svg = await image.text();
    expect(parseXmlElements(svg)[0]).toBe('svg');
    expect(svg).toContain('White hanging heart');

    const product = await fetch(`${running.url}/demo/products/P3`);
    const productHtml = await product.text();
    expect(productHtml).toContain('<h1>Lavender candle set</h1>');
    expect(productHtml).toContain('£6.25');

    for (const path of ['/demo/products/NOPE', '/demo/products/NOPE/image.svg']) {
      const missing = await call(`${running.url}${path}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('draws the same placeholder for the same product, escaped, with different colours for different products', () => {
    const a = placeholderSvg('P1', 'Tom & Jerry <mug> "large" with a very long name that wraps over lines');
    expect(placeholderSvg('P1', 'Tom & Jerry <mug> "large" with a very long name that wraps over lines')).toBe(a);
    expect(() => parseXmlElements(a)).not.toThrow();
    expect(a).toContain('Tom &amp; Jerry');
    expect(a.match(/<text /g)).toHaveLength(3);
    const fill = (svg: string) => /<rect width="400" height="300" fill="([^"]+)"/.exec(svg)?.[1];
    expect(fill(placeholderSvg('P2', 'x'))).not.toBe(fill(a));
  });
});
