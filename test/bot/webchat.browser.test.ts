import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchBrowser } from './support/browser.js';
import { seededStore } from './support/fakePorts.js';
import { startTestServer, type RunningTestServer } from './support/testServer.js';
import { openShopperPage, type ShopperPage } from './support/webchatPage.js';

/**
 * Three shopper journeys through the demo page's Web Chat in headless Chromium, at desktop width and at 375 px,
 * with screenshots in docs/screenshots/. The seeded orders are dated relative to now, as the running bot uses the clock.
 */

const SHOTS = 'docs/screenshots';
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'mobile', viewport: { width: 375, height: 812 } },
] as const;

const skipReason = browserSkipReason();
if (skipReason !== undefined) process.stderr.write(`[webchat browser test skipped] ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)('demo page: shopper journeys through Web Chat (headless Chromium)', () => {
  let running: RunningTestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    running = await startTestServer({}, await seededStore(new Date()));
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function finish(shopper: ShopperPage, width: number): Promise<void> {
    expect(await shopper.visibleInternalIds()).toEqual([]);
    expect(await shopper.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(shopper.problems).toEqual([]);
    await shopper.page.close();
  }

  for (const { name, viewport } of WIDTHS) {
    it(`${name}: greeting, suggestions, why this, details`, async () => {
      const shopper = await openShopperPage(browser.context, `${running.url}/?customer=c-alice`, viewport);
      await shopper.page.getByText('Hi Alice!', { exact: false }).first().waitFor({ timeout: 30_000 });
      await shopper.click('Recommend something', 'Here are some picks for you, Alice');
      const image = shopper.page.locator('img[src$="/image.svg"]').first();
      const loaded = 'Array.from(document.querySelectorAll(\'img[src$="/image.svg"]\')).every((img) => img.complete && img.naturalWidth > 0)';
      await expect.poll(() => shopper.page.evaluate<boolean>(loaded)).toBe(true);
      const card = await image.boundingBox();
      expect(card?.width ?? 0).toBeGreaterThan(150);
      expect((card?.x ?? 0) + (card?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      expect(await shopper.page.getByText('£2.95').count()).toBeGreaterThanOrEqual(1);
      await shopper.page.screenshot({ path: `${SHOTS}/journey-suggestions-${name}.png` });
      await shopper.click('Why this?', 'I suggested White hanging heart T-light holder', 'first');
      await shopper.click('Details', 'White hanging heart T-light holder, £2.95');
      expect(await shopper.page.getByRole('button', { name: 'Product page' }).count()).toBeGreaterThanOrEqual(1);
      expect(running.recommendations.recorded).toContainEqual({ customerId: 'c-alice', productId: 'P1', kind: 'view' });
      await shopper.screenshot(`${SHOTS}/journey-details-${name}.png`);
      await finish(shopper, viewport.width);
    });

    it(`${name}: returns, eligible and too late, from an order button`, async () => {
      const shopper = await openShopperPage(browser.context, `${running.url}/?customer=c-alice`, viewport);
      await shopper.page.getByText('Hi Alice!', { exact: false }).first().waitFor({ timeout: 30_000 });
      await shopper.say('I want to return something', 'Pick one of your recent orders below');
      await shopper.click(/^536370 · /, 'so you can return it until');
      await shopper.say('return order 536371', 'more than 30 days ago, so it can no longer be returned');
      expect(await shopper.page.getByRole('button', { name: 'Talk to a person' }).count()).toBeGreaterThanOrEqual(1);
      await shopper.screenshot(`${SHOTS}/journey-returns-${name}.png`);
      await finish(shopper, viewport.width);
    });

    it(`${name}: switch to guest without reload, order lookup with proof, then a new conversation`, async () => {
      const shopper = await openShopperPage(browser.context, `${running.url}/?customer=c-alice`, viewport);
      const { page } = shopper;
      await page.getByText('Hi Alice!', { exact: false }).first().waitFor({ timeout: 30_000 });
      await shopper.say('hello', 'Hello Alice');
      await page.evaluate('window.notReloaded = true');
      await page.selectOption('#customer', '');
      await page.getByText(/^Hi! I.m the shop assistant/, { exact: false }).first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate<boolean>('window.notReloaded === true')).toBe(true);
      expect(await page.getByText('Hello Alice', { exact: false }).count()).toBe(0);

      await shopper.say('where is my order?', 'Please type its order number');
      await shopper.say('536365', /email address you placed order 536365 with/);
      await shopper.say('alice.martin@example.com', 'is on its way');
      await page.getByText('tracking number is TRK123456', { exact: false }).last().waitFor({ timeout: 20_000 });
      expect((await shopper.botTexts()).join('\n')).not.toMatch(/alice\.martin/i);
      await shopper.screenshot(`${SHOTS}/journey-guest-order-${name}.png`);

      await page.getByRole('button', { name: 'New conversation' }).click();
      await expect.poll(() => page.getByText('tracking number is TRK123456', { exact: false }).count(), { timeout: 20_000 }).toBe(0);
      await page.getByText(/^Hi! I.m the shop assistant/, { exact: false }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500); // a second welcome would arrive by now
      expect(await page.locator('.webchat__bubble').getByText(/I.m the shop assistant/).count()).toBe(1);
      await finish(shopper, viewport.width);
    });
  }
});
