import type { BrowserContext, Page } from 'playwright-core';

/** Driving the demo page's Web Chat like a shopper, and checking what a shopper sees. */

/** What must never be on screen: store ids and importers' placeholder names. */
export const INTERNAL_ID_ON_SCREEN = /\buci-\d+|\bdemo-\d+|\bCustomer \d+/i;

export interface ShopperPage {
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  say(text: string, expected: string | RegExp): Promise<void>;
  /** Clicks the latest button of that name (`first`: the first, e.g. on the first card of a carousel). */
  click(name: string | RegExp, expected: string | RegExp, which?: 'first' | 'last'): Promise<void>;
  /** Text of the bot's messages (not the shopper's own bubbles). */
  botTexts(): Promise<string[]>;
  visibleInternalIds(): Promise<string[]>;
  screenshot(path: string): Promise<void>;
}

const TIMEOUT = 20_000;

export async function openShopperPage(context: BrowserContext, url: string, viewport: { width: number; height: number }): Promise<ShopperPage> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  const waitFor = (expected: string | RegExp) => page.getByText(expected, { exact: false }).last().waitFor({ timeout: TIMEOUT });
  return {
    page,
    problems,
    say: async (text, expected) => {
      await input.fill(text);
      await input.press('Enter');
      await waitFor(expected);
    },
    click: async (name, expected, which = 'last') => {
      const buttons = page.getByRole('button', { name });
      await (which === 'first' ? buttons.first() : buttons.last()).click();
      await waitFor(expected);
    },
    botTexts: () => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').allInnerTexts(),
    visibleInternalIds: async () => {
      const seen = [await page.locator('body').innerText(), ...(await page.locator('#customer option').allInnerTexts())];
      return seen.flatMap((t) => t.match(new RegExp(INTERNAL_ID_ON_SCREEN, 'gi')) ?? []);
    },
    screenshot: async (path) => {
      await page.waitForTimeout(400); // let the last activity's entrance animation settle
      await page.screenshot({ path });
    },
  };
}
