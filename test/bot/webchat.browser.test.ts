import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser } from './support/browser.js';
import { startTestServer, type RunningTestServer } from './support/testServer.js';

const skipReason = browserSkipReason();
if (skipReason !== undefined) process.stderr.write(`[webchat browser test skipped] ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)('demo page: Web Chat over our Direct Line WebSocket (headless Chromium)', () => {
  let running: RunningTestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    running = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows the welcome, a recommendation carousel and an order status', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The page's Content-Security-Policy must not block anything Web Chat needs.
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
    });
    await page.goto(`${running.url}/?customer=c-alice`);
    await page.getByText('Hi Alice!', { exact: false }).first().waitFor({ timeout: 30_000 });

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('can you recommend something?');
    await input.press('Enter');
    await page.getByText('Here are some picks for you, Alice', { exact: false }).first().waitFor({ timeout: 15_000 });
    await page.getByText('White hanging heart T-light holder').first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'More like this' }).count()).toBeGreaterThanOrEqual(1);

    // A card button is a messageBack postback: the click is recorded and similar products come back.
    await page.getByRole('button', { name: 'More like this' }).first().click();
    await page.getByText('More like White hanging heart T-light holder', { exact: false }).first().waitFor({ timeout: 15_000 });
    expect(running.recommendations.recorded).toContainEqual({ customerId: 'c-alice', productId: 'P1', kind: 'click' });

    await input.fill('where is my order 536365');
    await input.press('Enter');
    await page.getByText(/Order 536365 .* is shipped/).first().waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
