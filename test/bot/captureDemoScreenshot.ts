/**
 * `npx tsx test/bot/captureDemoScreenshot.ts [out.png]`: drives the demo page in headless Chromium (test fakes as
 * services) through a welcome, a recommendation carousel and an order status, and saves a screenshot
 * (default docs/screenshots/webchat-demo.png).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { browserSkipReason, launchBrowser } from './support/browser.js';
import { startTestServer } from './support/testServer.js';

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs/screenshots/webchat-demo.png';
  const skip = browserSkipReason();
  if (skip !== undefined) throw new Error(skip);
  const running = await startTestServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 1100 });
    await page.goto(`${running.url}/?customer=c-alice`);
    await page.getByText('Hi Alice!', { exact: false }).first().waitFor({ timeout: 30_000 });
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    for (const [text, expected] of [
      ['can you recommend something?', 'White hanging heart T-light holder'],
      ['where is my order 536365', 'is shipped'],
    ] as const) {
      await input.fill(text);
      await input.press('Enter');
      await page.getByText(expected, { exact: false }).first().waitFor({ timeout: 15_000 });
    }
    await page.waitForTimeout(800);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    process.stdout.write(`saved ${out}\n`);
  } finally {
    await browser.close();
    await running.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
